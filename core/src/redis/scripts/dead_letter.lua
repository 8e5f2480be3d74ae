-- Sends a held, unreadable entry to the dead-letter stream with the reason,
-- then acks and deletes it.
-- KEYS[1] stream, KEYS[2] dead-letter stream.
-- ARGV[1] group, ARGV[2] entry id, ARGV[3] consumer, ARGV[4] reason,
-- ARGV[5] the entry's fields as JSON, ARGV[6] now (ms), ARGV[7] stream kind.
-- Returns 1, or 0 when the caller is not the holder.
if holder(KEYS[1], ARGV[1], ARGV[2]) ~= ARGV[3] then return 0 end
redis.call('XADD', KEYS[2], '*', 'kind', ARGV[7], 'stream', KEYS[1], 'error', ARGV[4],
  'from_id', ARGV[2], 'at_ms', ARGV[6], 'raw', ARGV[5])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
return 1
