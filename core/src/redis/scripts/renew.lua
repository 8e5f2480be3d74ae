-- Renews a lease: re-claims the entry for its holder (idle time back to 0).
-- KEYS[1] stream; KEYS[2] the job's record (shard streams only).
-- ARGV[1] group, ARGV[2] entry id, ARGV[3] consumer.
-- Returns 'held', 'lost' (another consumer holds it, or nobody: counted in the
-- job's `stale`) or 'cancelled' (the job was cancelled: stop, discard).
if holder(KEYS[1], ARGV[1], ARGV[2]) ~= ARGV[3] then
  if KEYS[2] then redis.call('HINCRBY', KEYS[2], 'stale', 1) end
  return 'lost'
end
if KEYS[2] and redis.call('HGET', KEYS[2], 'status') == 'cancelled' then return 'cancelled' end
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'JUSTID')
return 'held'
