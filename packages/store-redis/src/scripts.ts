import { createHash } from 'node:crypto';

/** A Lua script, run with EVALSHA (EVAL when the server does not have it cached yet). */
export interface Script {
  readonly source: string;
  readonly sha: string;
}

const script = (source: string): Script => ({
  source,
  sha: createHash('sha1').update(source).digest('hex'),
});

/**
 * Reads a record and the namespace's version counter in one step.
 * KEYS: record, seq. Returns { data, version, seq }: the counter bounds what
 * the read saw, so the cache can tell it from newer invalidations (SPEC DS2).
 */
export const READ = script(`
local r = redis.call('HMGET', KEYS[1], 'd', 'n')
return { r[1], r[2], redis.call('GET', KEYS[2]) }
`);

/**
 * The only write: set or delete one record, atomically with its index entry,
 * its new version and its invalidation message (SPEC DS1, DS2).
 * KEYS: record, index, seq, then the locks the write runs under.
 * ARGV: mode ('set' or 'del'), expected version ('*' any, '' none, else the
 * version read), data, store key, invalidation channel, then one owner token
 * per lock.
 * Fencing (SPEC H8): every lock must still hold its owner's token, or
 * nothing is written. Compare-and-set: the record must still be at the
 * expected version. Returns { 'ok', version, existed } or { 'lost', i } or
 * { 'conflict' }.
 */
export const WRITE = script(`
for i = 4, #KEYS do
  if redis.call('GET', KEYS[i]) ~= ARGV[i + 2] then return { 'lost', i - 3 } end
end
local current = redis.call('HGET', KEYS[1], 'n')
if ARGV[2] ~= '*' and (current or '') ~= ARGV[2] then return { 'conflict' } end
if ARGV[1] == 'del' then
  if not current then return { 'ok', tonumber(redis.call('GET', KEYS[3]) or '0'), 0 } end
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[4])
end
local n = redis.call('INCR', KEYS[3])
if ARGV[1] == 'set' then
  redis.call('HSET', KEYS[1], 'd', ARGV[3], 'n', n)
  redis.call('SADD', KEYS[2], ARGV[4])
end
redis.call('PUBLISH', ARGV[5], n .. ' ' .. ARGV[4])
return { 'ok', n, current and 1 or 0 }
`);

/** Extends a lock's lease if it is still the caller's. KEYS: lock. ARGV: token, lease ms. */
export const RENEW = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`);

/**
 * Compare-and-delete: releases a lock only if it is still the caller's, and
 * wakes the waiters. KEYS: lock. ARGV: token, release channel.
 */
export const RELEASE = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], KEYS[1])
  return 1
end
return 0
`);
