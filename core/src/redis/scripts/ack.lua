-- Completes a lease: acks and deletes the entry; with a job, records the
-- result once (HSETNX) and settles the job.
-- KEYS[1] stream; KEYS[2..6] job, results, attempts, dead reasons, partial
-- progress (shard streams only): the shard's partial progress is deleted in
-- the same step as its seeds are added to seeds_done, so it never counts twice.
-- ARGV[1] group, ARGV[2] entry id, ARGV[3] consumer; with a job: ARGV[4]
-- shard index, ARGV[5] result JSON, ARGV[6] seeds swept, ARGV[7] now (ms).
-- Returns 'recorded', 'duplicate' (the shard had a result: counted) or 'stale'
-- (not the holder: counted, and counted as duplicate when a result exists).
if holder(KEYS[1], ARGV[1], ARGV[2]) ~= ARGV[3] then
  if KEYS[2] then
    redis.call('HINCRBY', KEYS[2], 'stale', 1)
    if redis.call('HEXISTS', KEYS[3], ARGV[4]) == 1 then
      redis.call('HINCRBY', KEYS[2], 'duplicates', 1)
    end
  end
  return 'stale'
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
if not KEYS[2] then return 'recorded' end
redis.call('HDEL', KEYS[6], ARGV[4])
if redis.call('HSETNX', KEYS[3], ARGV[4], ARGV[5]) == 0 then
  redis.call('HINCRBY', KEYS[2], 'duplicates', 1)
  return 'duplicate'
end
redis.call('HINCRBY', KEYS[2], 'seeds_done', ARGV[6])
redis.call('HINCRBY', KEYS[2], 'done', 1)
settle(ARGV[7])
return 'recorded'
