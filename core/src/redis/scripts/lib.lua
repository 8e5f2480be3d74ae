-- Helpers prepended to every lease script (see lease.rs).
-- holder(stream, group, id): the consumer whose pending entries list holds
--   entry `id`, or false when nobody holds it (acked, deleted, or never read).
-- settle(now): with the job family in KEYS[2..6] (job, results, attempts,
--   dead reasons, partial progress), marks the job finished once every shard is done or dead,
--   and starts the retention period (field retention_ms, 0 = keep) on its keys.
local function holder(stream, group, id)
  local p = redis.call('XPENDING', stream, group, id, id, 1)
  if p[1] == nil then return false end
  return p[1][2]
end
local function settle(now)
  local job = KEYS[2]
  local n = tonumber(redis.call('HGET', job, 'shards') or '0')
  local d = tonumber(redis.call('HGET', job, 'done') or '0')
  local x = tonumber(redis.call('HGET', job, 'dead') or '0')
  if n > 0 and d + x >= n and redis.call('HEXISTS', job, 'finished_ms') == 0 then
    redis.call('HSET', job, 'finished_ms', now)
    if redis.call('HGET', job, 'status') == 'running' then
      if x > 0 then redis.call('HSET', job, 'status', 'failed')
      else redis.call('HSET', job, 'status', 'done') end
    end
    local keep = tonumber(redis.call('HGET', job, 'retention_ms') or '0')
    if keep > 0 then
      for i = 2, 6 do redis.call('PEXPIRE', KEYS[i], keep) end
    end
  end
end
