-- KEYS: values. ARGV: key. Returns the value it removed, or false.
local value = redis.call('HGET', KEYS[1], ARGV[1])
if value then redis.call('HDEL', KEYS[1], ARGV[1]) end
return value
