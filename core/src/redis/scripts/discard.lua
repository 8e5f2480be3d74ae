-- Drops a lease of a cancelled (or unknown) job: ack and delete, no result.
-- KEYS[1] stream, KEYS[2] job, KEYS[3] its partial progress.
-- ARGV[1] group, ARGV[2] entry id, ARGV[3] consumer, ARGV[4] shard index.
-- Returns 1, or 0 when the caller is not the holder.
if holder(KEYS[1], ARGV[1], ARGV[2]) ~= ARGV[3] then return 0 end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('HINCRBY', KEYS[2], 'cancelled_shards', 1)
redis.call('HDEL', KEYS[3], ARGV[4])
return 1
