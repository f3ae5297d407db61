/**
 * Lua scripts of chat presence. Per room, a sorted set holds one member per
 * connection, `<person> <connection id>`, scored by its expiry time (ms), and a
 * hash maps each person to their display name. A set lists rooms with entries.
 * Every script first drops expired entries, so a dead server's connections
 * never count, whether or not a sweep has removed them yet.
 *
 * KEYS: [1] connections (zset), [2] names (hash), [3] rooms (set).
 */

const prune = `
local now = tonumber(ARGV[1])
local function person_of(member) return string.match(member, '^(%S+) ') end
local function live_persons()
  local found = {}
  for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do found[person_of(m)] = true end
  return found
end
local function prune(room)
  local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
  if #expired == 0 then return 0 end
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  local live = live_persons()
  local gone = 0
  for _, m in ipairs(expired) do
    local p = person_of(m)
    if not live[p] and redis.call('HDEL', KEYS[2], p) == 1 then gone = gone + 1 end
  end
  if redis.call('ZCARD', KEYS[1]) == 0 then
    redis.call('DEL', KEYS[2])
    redis.call('SREM', KEYS[3], room)
  end
  return gone
end
`;

/** ARGV: now, expiresAt, person, connection, name, room. Returns -1 (name taken), 0 (person was present), 1 (person arrived). */
export const JOIN_SCRIPT = `${prune}
local gone = prune(ARGV[6])
local wanted = string.lower(ARGV[5])
local present = false
for p, _ in pairs(live_persons()) do
  if p == ARGV[3] then present = true
  else
    local n = redis.call('HGET', KEYS[2], p)
    if n and string.lower(n) == wanted then return -1 end
  end
end
local renamed = redis.call('HGET', KEYS[2], ARGV[3]) ~= ARGV[5]
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3] .. ' ' .. ARGV[4])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[5])
redis.call('SADD', KEYS[3], ARGV[6])
if present and not renamed and gone == 0 then return 0 end
return 1`;

/** ARGV: now, person, connection, room. Returns 1 when the member list changed. */
export const LEAVE_SCRIPT = `${prune}
local gone = prune(ARGV[4])
if redis.call('ZREM', KEYS[1], ARGV[2] .. ' ' .. ARGV[3]) == 1 then
  if not live_persons()[ARGV[2]] then
    redis.call('HDEL', KEYS[2], ARGV[2])
    gone = gone + 1
  end
  if redis.call('ZCARD', KEYS[1]) == 0 then
    redis.call('DEL', KEYS[2])
    redis.call('SREM', KEYS[3], ARGV[4])
  end
end
if gone > 0 then return 1 end
return 0`;

/** ARGV: now, room. Returns the number of people whose last connection expired. */
export const SWEEP_SCRIPT = `${prune}
return prune(ARGV[2])`;

/** ARGV: now, room. Returns a flat list: person, name, person, name, ... */
export const MEMBERS_SCRIPT = `${prune}
prune(ARGV[2])
local out = {}
for p, _ in pairs(live_persons()) do
  table.insert(out, p)
  table.insert(out, redis.call('HGET', KEYS[2], p) or '')
end
return out`;
