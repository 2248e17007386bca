// A third-party store, written outside this monorepo's packages: one JSON
// file per key in a folder, and a lock made of `mkdir` so several processes
// can share the folder. It is deliberately small (a killed lock holder is not
// detected, for one); it exists to show that any adapter can prove itself
// with @mcp-oauth/store-testkit, using @mcp-oauth/store-primitives for the
// parts every store shares.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assertLockName,
  assertStoreKey,
  createMutex,
  DEFAULT_LOCK_TIMEOUT_MS,
  lockUnavailable,
} from '@mcp-oauth/store-primitives';

// File names are hashes: a key may be 200 characters of any script, more than
// the 255 bytes a file name may have, and file systems fold case.
const hash = (text) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);
const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** @param {string} dir */
export function createStore(dir) {
  const file = (key) => join(dir, `${hash(key)}.json`);
  // Callers in this process wait in the mutex; processes contend with mkdir.
  const local = createMutex();
  const withLock = (name, fn, options = {}) => {
    const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    return local.withLock(
      name,
      async () => {
        const lock = join(dir, 'locks', `${hash(name)}.lock`);
        await mkdir(join(dir, 'locks'), { recursive: true });
        for (;;) {
          try {
            await mkdir(lock);
            break;
          } catch (error) {
            if (error.code !== 'EEXIST') throw error;
            if (Date.now() >= deadline) throw lockUnavailable(name, timeoutMs);
            await sleep(2 + Math.random() * 5, options.signal);
          }
        }
        try {
          return await fn();
        } finally {
          await rmdir(lock);
        }
      },
      options,
    );
  };
  const read = async (key) => {
    try {
      return JSON.parse(await readFile(file(key), 'utf8')).value;
    } catch (error) {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    }
  };
  const write = async (key, value) => {
    await mkdir(dir, { recursive: true });
    const temp = `${file(key)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, JSON.stringify({ key, value }));
    await rename(temp, file(key));
  };
  const remove = async (key) => {
    try {
      await rm(file(key));
      return true;
    } catch (error) {
      if (error.code === 'ENOENT') return false;
      throw error;
    }
  };
  // Writes of one key take its lock, so they never interleave with an update.
  const locked = (key, fn) =>
    withLock(`record\u0000${key}`, fn, { timeoutMs: Number.POSITIVE_INFINITY });
  return {
    dir,
    capabilities: { crossProcess: true, cachedReads: false },
    async get(key) {
      assertStoreKey(key);
      return read(key);
    },
    async set(key, value) {
      assertStoreKey(key);
      const json = JSON.stringify(value);
      await locked(key, () => write(key, JSON.parse(json)));
    },
    async delete(key) {
      assertStoreKey(key);
      return locked(key, () => remove(key));
    },
    async keys(prefix = '') {
      const names = await readdir(dir).catch(() => []);
      const keys = [];
      for (const name of names.filter((n) => n.endsWith('.json'))) {
        const { key } = JSON.parse(await readFile(join(dir, name), 'utf8'));
        if (key.startsWith(prefix)) keys.push(key);
      }
      return keys;
    },
    async update(key, fn) {
      assertStoreKey(key);
      return locked(key, async () => {
        const next = await fn(await read(key));
        if (next === undefined) await remove(key);
        else await write(key, JSON.parse(JSON.stringify(next)));
        return next === undefined ? undefined : JSON.parse(JSON.stringify(next));
      });
    },
    async withLock(name, fn, options) {
      assertLockName(name);
      return withLock(`lock\u0000${name}`, fn, options);
    },
  };
}
