-- A node's connection count of a session it holds. KEYS: session, node registry. ARGV: node,
-- connections, node TTL (ms), session id.
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
redis.call('HSET', KEYS[2], ARGV[4], ARGV[2])
return redis.call('PEXPIRE', KEYS[2], ARGV[3])
