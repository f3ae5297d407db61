/**
 * Lua scripts of chat presence. Every change costs O(1) in the size of the
 * room, and nothing ever lists a whole room.
 *
 * KEYS: [1] entries: one zset for all rooms, member `<room> <person> <connection>`
 *           scored by its expiry (ms), so a sweep finds expired entries without
 *           visiting rooms;
 *       [2] people:<room>, hash person → live connections;
 *       [3] names:<room>, hash person → `<name key>\n<display name>`;
 *       [4] keys:<room>, hash name key → person (who holds a name here);
 *       [5] version:<room>, incremented on every change of the room's people;
 *       [6] counts, zset room → people (the lobby reads its top).
 *
 * A change returns { status, version, count, value } where value is the
 * person's `<key>\n<name>`.
 */

/**
 * A presence key, `<prefix>:{chat}:<parts>`. `{chat}` is a hash tag: the
 * scripts touch a room's keys together with the shared entries and counts,
 * so on a Redis Cluster all of presence lives in one slot.
 */
export function presenceKey(prefix: string, ...parts: string[]): string {
  return [prefix, '{chat}', ...parts].join(':');
}

const forget = `
local function forget(person)
  redis.call('HDEL', KEYS[2], person)
  local value = redis.call('HGET', KEYS[3], person)
  redis.call('HDEL', KEYS[3], person)
  if value then
    local key = string.match(value, '^([^\\n]*)\\n')
    if redis.call('HGET', KEYS[4], key) == person then redis.call('HDEL', KEYS[4], key) end
  end
  return value
end
`;

const changed = `
local function changed(room, status, value, version_ttl)
  local count = redis.call('HLEN', KEYS[2])
  if count == 0 then redis.call('ZREM', KEYS[6], room) else redis.call('ZADD', KEYS[6], count, room) end
  local version = redis.call('INCR', KEYS[5])
  redis.call('PEXPIRE', KEYS[5], version_ttl)
  return { status, version, count, value }
end
`;

/**
 * ARGV: expiresAt, room, person, connection, name, key, versionTtlMs, listMax.
 * status -1: another person present holds the name key (a signed-in user,
 * person `u:…`, is never refused: their name is theirs); 0: nothing changed;
 * 1: the person arrived; 2: the person is here under a new name. Then a
 * snapshot: up to listMax `person, value` pairs.
 */
export const JOIN_SCRIPT = `${changed}
local room, person, key = ARGV[2], ARGV[3], ARGV[6]
local value = key .. '\\n' .. ARGV[5]
local holder = redis.call('HGET', KEYS[4], key)
if holder and holder ~= person and string.sub(person, 1, 2) ~= 'u:' then return { -1 } end
local status = 0
if redis.call('ZADD', KEYS[1], ARGV[1], room .. ' ' .. person .. ' ' .. ARGV[4]) == 1 then
  if redis.call('HINCRBY', KEYS[2], person, 1) == 1 then status = 1 end
end
local before = redis.call('HGET', KEYS[3], person)
if before ~= value then
  if before then
    local old = string.match(before, '^([^\\n]*)\\n')
    if old ~= key and redis.call('HGET', KEYS[4], old) == person then redis.call('HDEL', KEYS[4], old) end
    if status == 0 then status = 2 end
  end
  redis.call('HSET', KEYS[3], person, value)
  redis.call('HSET', KEYS[4], key, person)
end
local result
if status == 0 then
  result = { 0, tonumber(redis.call('GET', KEYS[5]) or '0'), redis.call('HLEN', KEYS[2]), value }
else
  result = changed(room, status, value, ARGV[7])
end
for _, v in ipairs(redis.call('HRANDFIELD', KEYS[3], tonumber(ARGV[8]), 'WITHVALUES')) do table.insert(result, v) end
return result`;

/**
 * ARGV: room, person, connection, mode, now, versionTtlMs. Mode `leave`
 * removes the entry; `expire` removes it only if it expired by `now` (a sweep
 * racing a heartbeat). status 1 when the person's last connection left.
 */
export const LEAVE_SCRIPT = `${forget}${changed}
local room, person = ARGV[1], ARGV[2]
local member = room .. ' ' .. person .. ' ' .. ARGV[3]
if ARGV[4] == 'expire' then
  local score = redis.call('ZSCORE', KEYS[1], member)
  if not score or tonumber(score) > tonumber(ARGV[5]) then return { 0 } end
end
if redis.call('ZREM', KEYS[1], member) == 0 then return { 0 } end
if redis.call('HINCRBY', KEYS[2], person, -1) > 0 then return { 0 } end
local value = forget(person)
return changed(room, 1, value or '\\n', ARGV[6])`;

/** ARGV: listMax. Returns { version, count, person, value, … } with up to listMax people. */
export const SNAPSHOT_SCRIPT = `
local result = { tonumber(redis.call('GET', KEYS[5]) or '0'), redis.call('HLEN', KEYS[2]) }
for _, v in ipairs(redis.call('HRANDFIELD', KEYS[3], tonumber(ARGV[1]), 'WITHVALUES')) do table.insert(result, v) end
return result`;

/**
 * KEYS: [1] counts. ARGV: lobbyMax. Returns { version, room, count, … }: the
 * busiest rooms, and when Redis read them (microseconds of its clock), so a
 * page can tell the newer of two servers' readings.
 */
export const LOBBY_SCRIPT = `
local time = redis.call('TIME')
local result = { tonumber(time[1]) * 1000000 + tonumber(time[2]) }
for _, v in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')) do table.insert(result, v) end
return result`;
