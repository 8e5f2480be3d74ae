-- Moves a request's status by compare-and-set, setting fields and appending an
-- audit event in the same step.
-- KEYS[1] request record, KEYS[2] audit stream.
-- ARGV[1] new status, ARGV[2] audit event JSON ('' for none), then field,
-- value, ..., then '|', then the allowed current statuses.
-- Returns 1 when the status moved, 0 when it was none of the allowed ones.
local s = redis.call('HGET', KEYS[1], 'status')
local i = 3
local sets = {}
while ARGV[i] ~= '|' do table.insert(sets, ARGV[i]); table.insert(sets, ARGV[i+1]); i = i + 2 end
for j = i + 1, #ARGV do
  if s == ARGV[j] then
    redis.call('HSET', KEYS[1], 'status', ARGV[1], unpack(sets))
    if ARGV[2] ~= '' then redis.call('XADD', KEYS[2], '*', 'event', ARGV[2]) end
    return 1
  end
end
return 0
