-- Records a request's outcome once, hands its id to the session's inbox and
-- appends the audit event.
-- KEYS[1] request record, KEYS[2] session inbox, KEYS[3] audit stream.
-- ARGV[1] status (done or failed), ARGV[2] outcome JSON, ARGV[3] now (ms),
-- ARGV[4] request id, ARGV[5] audit event JSON, then the statuses it may be
-- settled from (RequestStatus::sources).
-- Returns 1, or 0 when it was settled already.
local s = redis.call('HGET', KEYS[1], 'status')
for j = 6, #ARGV do
  if s == ARGV[j] then
    redis.call('HSET', KEYS[1], 'status', ARGV[1], 'outcome', ARGV[2], 'finished_ms', ARGV[3])
    redis.call('RPUSH', KEYS[2], ARGV[4])
    redis.call('XADD', KEYS[3], '*', 'event', ARGV[5])
    return 1
  end
end
return 0
