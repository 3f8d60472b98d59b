/**
 * Atomic write of one entity hash plus its unique (HASH) and index (ZSET) entries.
 * KEYS[1]  the entity hash; KEYS[2..] unique hashes and index sorted sets, referenced by position.
 * ARGV[1]  mode: create | update | delete
 * ARGV[2]  entity id
 * ARGV[3]  expected version (update/delete), '' for create
 * ARGV[4]  new index entries as JSON {"u": [[keyPos, field]...], "z": [[keyPos, sortValue]...]};
 *          a sorted-set member is sortValue .. NUL .. id (the id is not repeated in the JSON)
 * ARGV[5..] field/value pairs that replace the hash (include 'ix' = ARGV[4] and 'ver')
 * The previous index entries are read from the hash's own 'ix' field, so nothing is orphaned.
 */
export const ENTITY_WRITE_LUA = `
local h = KEYS[1]
local mode, id = ARGV[1], ARGV[2]
local exists = redis.call('EXISTS', h) == 1
if mode == 'create' then
  if exists then return {'exists'} end
else
  if not exists then return {'missing'} end
  if redis.call('HGET', h, 'ver') ~= ARGV[3] then return {'stale'} end
end
local old = {u = {}, z = {}}
if exists then old = cjson.decode(redis.call('HGET', h, 'ix')) end
local new = {u = {}, z = {}}
if mode ~= 'delete' then new = cjson.decode(ARGV[4]) end
for _, e in ipairs(new.u) do
  local owner = redis.call('HGET', KEYS[e[1]], e[2])
  if owner and owner ~= id then return {'conflict', tostring(e[1])} end
end
for _, e in ipairs(old.u) do
  if redis.call('HGET', KEYS[e[1]], e[2]) == id then redis.call('HDEL', KEYS[e[1]], e[2]) end
end
for _, e in ipairs(old.z) do redis.call('ZREM', KEYS[e[1]], e[2] .. '\\0' .. id) end
for _, e in ipairs(new.u) do redis.call('HSET', KEYS[e[1]], e[2], id) end
for _, e in ipairs(new.z) do redis.call('ZADD', KEYS[e[1]], 0, e[2] .. '\\0' .. id) end
redis.call('DEL', h)
if mode ~= 'delete' then redis.call('HSET', h, unpack(ARGV, 5)) end
return {'ok'}
`;
