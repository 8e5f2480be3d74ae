-- Counts a delivery of a shard and reads its job's status.
-- KEYS[1] the job's attempts, KEYS[2] the job's record. ARGV[1] shard index.
-- Returns {attempt, status or ''}.
local a = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
local s = redis.call('HGET', KEYS[2], 'status') or ''
return {a, s}
