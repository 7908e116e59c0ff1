-- A node lets a session go. KEYS: session, history, values, node registry. ARGV: node, "1" to
-- end it, resume window (ms), liveness key prefix, events channel, session id. Ends the session
-- only if no live node holds it; else, without "1", keeps it resumable for the window. Publishes
-- the change. Returns 1 if it ended.
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[6])
local held = false
for _, node in ipairs(redis.call('HKEYS', KEYS[1])) do
  if node ~= 'seq' and redis.call('EXISTS', ARGV[4] .. node) == 1 then held = true end
end
local ended = 0
if not held and ARGV[2] == '1' then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
  ended = 1
elseif not held and redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  redis.call('PEXPIRE', KEYS[3], ARGV[3])
end
redis.call('PUBLISH', ARGV[5], cjson.encode({kind = 'session-left', origin = ARGV[1],
    sessionId = ARGV[6], ended = ended == 1}))
return ended
