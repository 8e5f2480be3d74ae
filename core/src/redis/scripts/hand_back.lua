-- Hands a lease back unprocessed: ack, delete, and add the same fields again
-- at the stream's end, claimable at once; the attempt does not count.
-- KEYS[1] stream; KEYS[2] the job's attempts, KEYS[3] its partial progress
-- (shard streams only; the shard's field is deleted: the next holder starts over).
-- ARGV[1] group, ARGV[2] entry id, ARGV[3] consumer, ARGV[4] shard index
-- ('' without a job), ARGV[5..] the entry's fields, name then value.
-- Returns 1, or 0 when the caller is not the holder.
if holder(KEYS[1], ARGV[1], ARGV[2]) ~= ARGV[3] then return 0 end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
if KEYS[2] then redis.call('HINCRBY', KEYS[2], ARGV[4], -1) end
if KEYS[3] then redis.call('HDEL', KEYS[3], ARGV[4]) end
local f = {}
for i = 5, #ARGV do table.insert(f, ARGV[i]) end
redis.call('XADD', KEYS[1], '*', unpack(f))
return 1
