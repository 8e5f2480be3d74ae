-- Renews a lease: re-claims the entry for its holder (idle time back to 0)
-- and, for a shard, records the seeds its holder swept so far in this
-- attempt: job:ID:partial[index] is replaced (never added to), capped at the
-- shard's size, and left alone once the shard has a result, so a shard counts
-- at most once in a job's progress (ack, retry, hand-back and discard delete
-- its field).
-- KEYS[1] stream; KEYS[2] the job's record, KEYS[3] its results, KEYS[4] its
-- partial progress (shard streams only).
-- ARGV[1] group, ARGV[2] entry id, ARGV[3] consumer; shard streams:
-- ARGV[4] shard index, ARGV[5] seeds swept in this attempt, ARGV[6] the
-- shard's seeds.
-- Returns 'held', 'lost' (another consumer holds it, or nobody: counted in the
-- job's `stale`) or 'cancelled' (the job was cancelled: stop, discard).
if holder(KEYS[1], ARGV[1], ARGV[2]) ~= ARGV[3] then
  if KEYS[2] then redis.call('HINCRBY', KEYS[2], 'stale', 1) end
  return 'lost'
end
if KEYS[2] and redis.call('HGET', KEYS[2], 'status') == 'cancelled' then return 'cancelled' end
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'JUSTID')
if KEYS[4] then
  local swept = math.min(tonumber(ARGV[5]) or 0, tonumber(ARGV[6]) or 0)
  if swept > 0 and redis.call('HEXISTS', KEYS[3], ARGV[4]) == 0 then
    redis.call('HSET', KEYS[4], ARGV[4], swept)
  end
end
return 'held'
