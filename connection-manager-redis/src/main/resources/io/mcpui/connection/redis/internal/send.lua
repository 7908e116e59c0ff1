-- A message to a session. KEYS: session, history. ARGV: payload (a JSON object without seq),
-- epoch millis, history max, history TTL (ms), liveness key prefix, node channel prefix,
-- origin node, request id ("" for none), timeout (ms), session id. Returns {-1} if no node
-- has the session, else {seq, connections}.
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
local body = string.sub(ARGV[1], 2, -2)
local text = '{' .. body .. (body == '' and '' or ',') .. '"seq":' .. seq .. '}'
redis.call('RPUSH', KEYS[2], seq .. ' ' .. ARGV[2] .. ' ' .. text)
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
redis.call('PEXPIRE', KEYS[2], ARGV[4])
local envelope = cjson.encode({kind = 'deliver', origin = ARGV[7], sessionId = ARGV[10], seq = seq,
    text = text, requestId = ARGV[8], timeoutMillis = tonumber(ARGV[9])})
local fields = redis.call('HGETALL', KEYS[1])
local connections = 0
for i = 1, #fields, 2 do
  local node = fields[i]
  if node ~= 'seq' then
    if redis.call('EXISTS', ARGV[5] .. node) == 1 then
      redis.call('PUBLISH', ARGV[6] .. node, envelope)
      connections = connections + tonumber(fields[i + 1])
    else
      redis.call('HDEL', KEYS[1], node)
    end
  end
end
return {seq, connections}
