// A third-party store, written outside this monorepo's packages: one JSON
// file per key in a folder, a mkdir-based lock for `update` so several
// processes can share the folder. It is deliberately small; it exists to
// show that any adapter can prove itself with @mcp-oauth/store-testkit.
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const encode = (key) => Buffer.from(key, 'utf8').toString('base64url');
const decode = (name) => Buffer.from(name, 'base64url').toString('utf8');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function createStore(dir) {
  const file = (key) => join(dir, `${encode(key)}.json`);
  const read = async (key) => {
    try {
      return JSON.parse(await readFile(file(key), 'utf8'));
    } catch (error) {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    }
  };
  const write = async (key, value) => {
    await mkdir(dir, { recursive: true });
    const temp = `${file(key)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, JSON.stringify(value));
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
  const withKeyLock = async (key, fn) => {
    await mkdir(dir, { recursive: true });
    const lock = `${file(key)}.lock`;
    for (;;) {
      try {
        await mkdir(lock);
        break;
      } catch (error) {
        if (error.code !== 'EEXIST') throw error;
        await sleep(2 + Math.random() * 5);
      }
    }
    try {
      return await fn();
    } finally {
      await rmdir(lock);
    }
  };
  return {
    capabilities: { crossProcess: true, cachedReads: false },
    get: read,
    set: write,
    delete: remove,
    async keys(prefix = '') {
      const names = await readdir(dir).catch(() => []);
      return names
        .filter((name) => name.endsWith('.json'))
        .map((name) => decode(name.slice(0, -5)))
        .filter((key) => key.startsWith(prefix));
    },
    update: (key, fn) =>
      withKeyLock(key, async () => {
        const next = await fn(await read(key));
        if (next === undefined) await remove(key);
        else await write(key, next);
        return next;
      }),
  };
}
