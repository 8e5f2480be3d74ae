-- Fails a lease: retry after a backoff, or dead-letter past max_attempts.
-- KEYS[1] stream; KEYS[2..6] job, results, attempts, dead reasons, partial
-- progress (the attempt's partial progress is dropped: the next one starts
-- over); KEYS[7] the stream's delay set; KEYS[8] the dead-letter stream.
-- ARGV[1] group, ARGV[2] entry id, ARGV[3] consumer, ARGV[4] shard index,
-- ARGV[5] shard JSON, ARGV[6] error, ARGV[7] due (ms), ARGV[8] now (ms),
-- ARGV[9] protocol version, ARGV[10] job id, ARGV[11] stream kind.
-- Returns 'retry', 'dead' or 'stale' (not the holder: counted).
if holder(KEYS[1], ARGV[1], ARGV[2]) ~= ARGV[3] then
  redis.call('HINCRBY', KEYS[2], 'stale', 1)
  return 'stale'
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('HDEL', KEYS[6], ARGV[4])
local a = tonumber(redis.call('HGET', KEYS[4], ARGV[4]) or '0')
local m = tonumber(redis.call('HGET', KEYS[2], 'max_attempts') or '3')
redis.call('HSET', KEYS[2], 'last_error', ARGV[6])
if a >= m then
  redis.call('XADD', KEYS[8], '*', 'v', ARGV[9], 'kind', ARGV[11], 'job', ARGV[10],
    'index', ARGV[4], 'attempts', a, 'error', ARGV[6], 'from_id', ARGV[2],
    'at_ms', ARGV[8], 'body', ARGV[5])
  redis.call('HSET', KEYS[5], ARGV[4], ARGV[6])
  redis.call('HINCRBY', KEYS[2], 'dead', 1)
  settle(ARGV[8])
  return 'dead'
end
redis.call('ZADD', KEYS[7], ARGV[7], ARGV[5])
redis.call('HINCRBY', KEYS[2], 'retried', 1)
return 'retry'
