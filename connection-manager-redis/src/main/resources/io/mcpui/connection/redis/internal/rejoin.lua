-- A node re-joins a session after an outage that may have lost Redis's data. KEYS: session,
-- history, node registry. ARGV: node, connections, its last seq, session TTL (ms), history TTL
-- (ms), history max, node TTL (ms), session id, then its kept entries. Returns the cluster's
-- last seq.
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
if seq < tonumber(ARGV[3]) then
  seq = tonumber(ARGV[3])
  redis.call('HSET', KEYS[1], 'seq', seq)
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('HSET', KEYS[3], ARGV[8], ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[7])
if #ARGV > 8 and redis.call('EXISTS', KEYS[2]) == 0 then
  for i = 9, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
  redis.call('LTRIM', KEYS[2], -tonumber(ARGV[6]), -1)
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
return seq
