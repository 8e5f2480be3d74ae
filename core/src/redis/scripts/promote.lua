-- Moves due retries from a delay set back into their stream.
-- KEYS[1] delay set, KEYS[2] stream. ARGV[1] now (ms), ARGV[2] protocol
-- version, ARGV[3] most members to move. Returns how many moved.
local m = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
for _, body in ipairs(m) do
  local job = ''
  local ok, d = pcall(cjson.decode, body)
  if ok and type(d) == 'table' and type(d.id) == 'table' then job = tostring(d.id.job) end
  redis.call('XADD', KEYS[2], '*', 'v', ARGV[2], 'job', job, 'body', body)
  redis.call('ZREM', KEYS[1], body)
end
return #m
