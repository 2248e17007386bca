import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisStore, type RedisStoreOptions, redisStore } from '../src/index.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

let server: RedisServer;
let raw: ReturnType<typeof createClient>;
const opened: RedisStore[] = [];
let namespace = 0;

/** Stores over one namespace, each with its own connections: machines sharing Redis. */
function machines(count: number, options: RedisStoreOptions = {}): RedisStore[] {
  const appName = `cache-${++namespace}`;
  return Array.from({ length: count }, () => {
    const store = redisStore({ url: server.url, appName, ...options });
    opened.push(store);
    return store;
  });
}

const isPromise = (value: unknown) => typeof (value as Promise<unknown>)?.then === 'function';

/** Polls `read` until it returns `expected`; resolves with the time it took. */
async function seenWithin(read: () => unknown, expected: unknown, limitMs: number) {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (JSON.stringify(await read()) === JSON.stringify(expected)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`not seen within ${limitMs} ms`);
}

/** Total commands the server has run so far. */
async function commandsRun(): Promise<number> {
  const info = await raw.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)![1]);
}

beforeAll(async () => {
  server = await startRedisServer();
  raw = createClient({ url: server.url });
  raw.on('error', () => {});
  await raw.connect();
});

afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await raw?.close();
  await server?.stop();
});

describe('[DS2] cached reads', () => {
  it('[DS2] a cached read is answered from memory: no promise, no command sent to Redis', async () => {
    const [a] = machines(1);
    await a!.ready();
    await a!.set('server:a|1', { accessToken: 'AT' });
    const before = await commandsRun();
    for (let i = 0; i < 1_000; i++) {
      const value = a!.get('server:a|1');
      expect(isPromise(value)).toBe(false);
      expect(value).toEqual({ accessToken: 'AT' });
    }
    // Only the two INFO calls of this test itself.
    expect((await commandsRun()) - before).toBeLessThanOrEqual(2);
  });

  it("[DS2] this process's writes are seen at once, from the cache", async () => {
    const [a] = machines(1);
    await a!.ready();
    await a!.set('k', { v: 1 });
    expect(a!.get('k')).toEqual({ v: 1 });
    await a!.update<{ v: number }>('k', (c) => ({ v: c!.v + 1 }));
    expect(a!.get('k')).toEqual({ v: 2 });
    await a!.delete('k');
    expect(a!.get('k')).toBeUndefined();
  });

  it("[DS2] another machine's write is seen within milliseconds through the invalidation message, long before the TTL", async () => {
    // A one-minute TTL: only the message can make the new value visible quickly.
    const [a, b] = machines(2, { ttlMs: 60_000 });
    await Promise.all([a!.ready(), b!.ready()]);
    await a!.set('server:a|1', { accessToken: 'old' });
    expect(await b!.get('server:a|1')).toEqual({ accessToken: 'old' });
    expect(isPromise(b!.get('server:a|1'))).toBe(false);
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      await a!.update('server:a|1', () => ({ accessToken: `new-${i}` }));
      latencies.push(
        await seenWithin(() => b!.get('server:a|1'), { accessToken: `new-${i}` }, 5_000),
      );
    }
    latencies.sort((x, y) => x - y);
    console.log(
      `[DS2] another machine's write seen after ${latencies[10]} ms (median), ${latencies[19]} ms (max)`,
    );
    // The T7 bound is 5 s; invalidations make it a message's latency.
    expect(latencies[19]).toBeLessThan(1_000);
  });

  it("[DS2] { fresh: true } bypasses the cache: a change made behind the store's back is seen only on a fresh read", async () => {
    const [a] = machines(1, { ttlMs: 60_000 });
    await a!.ready();
    await a!.set('k', { v: 1 });
    // HSET without the store's script: no version, no message.
    await raw.hSet(`${a!.prefix}r:k`, 'd', JSON.stringify({ v: 'behind' }));
    expect(a!.get('k')).toEqual({ v: 1 });
    expect(await a!.get('k', { fresh: true })).toEqual({ v: 'behind' });
    // The fresh read refreshed the cache too.
    expect(a!.get('k')).toEqual({ v: 'behind' });
  });

  it('[DS2] when the subscription drops, messages may have been missed: the cache is emptied and reads go to Redis', async () => {
    const [b] = machines(1, { ttlMs: 60_000, connection: { name: 'machine-b' } });
    await b!.ready();
    await b!.set('k', { v: 1 });
    expect(b!.get('k')).toEqual({ v: 1 });
    // Drop both of b's connections, then change the record without a message.
    for (const client of await raw.clientList()) {
      if (client.name === 'machine-b')
        await raw.sendCommand(['CLIENT', 'KILL', 'ID', String(client.id)]);
    }
    await raw.hSet(`${b!.prefix}r:k`, 'd', JSON.stringify({ v: 'missed' }));
    expect(await seenWithin(() => b!.get('k'), { v: 'missed' }, 5_000)).toBeLessThan(5_000);
    // Once the subscription is back, reads are cached again.
    await seenWithin(() => isPromise(b!.get('k')), false, 5_000);
  });
});
