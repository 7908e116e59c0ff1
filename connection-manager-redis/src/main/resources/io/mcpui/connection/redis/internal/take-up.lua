-- A node takes a session up. KEYS: session, history, node registry. ARGV: node, connections,
-- session TTL (ms), node TTL (ms), session id. Returns {last seq, history entries}.
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[5], ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[4])
return {tonumber(redis.call('HGET', KEYS[1], 'seq') or '0'), redis.call('LRANGE', KEYS[2], 0, -1)}
