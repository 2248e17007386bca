import { executionAsyncResource } from 'node:async_hooks';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisStore, type RedisStoreOptions, redisStore } from '../src/index.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

let server: RedisServer;
let raw: ReturnType<typeof createClient>;
const opened: RedisStore[] = [];
let namespace = 0;

/** Two stores over one namespace act as two machines: separate connections, nothing shared but Redis. */
function machines(count: number, options: RedisStoreOptions = {}): RedisStore[] {
  const appName = `locks-${++namespace}`;
  return Array.from({ length: count }, () => {
    const store = redisStore({ url: server.url, appName, ...options });
    opened.push(store);
    return store;
  });
}

/** Blocks this thread for `ms`, timers included: a process frozen by a long GC pause or a debugger. */
const freeze = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

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

describe('[DS1] withLock across machines', () => {
  it('[DS1] the lock is a key holding a random owner token with a lease (SET NX PX), gone after release', async () => {
    const [a] = machines(1, { lockLeaseMs: 2_000 });
    const key = `${a!.prefix}l:refresh:server|1`;
    await a!.withLock('refresh:server|1', async () => {
      expect(await raw.get(key)).toMatch(/^[0-9a-f]{32}$/);
      const ttl = await raw.pTTL(key);
      expect(ttl).toBeGreaterThan(1_000);
      expect(ttl).toBeLessThanOrEqual(2_000);
    });
    expect(await raw.exists(key)).toBe(0);
  });

  it('[DS1] a holder busy for three leases keeps its lock (renewed while held) and commits', async () => {
    const [a, b] = machines(2, { lockLeaseMs: 300 });
    let bTried = 0;
    await a!.withLock('refresh:x', async () => {
      for (let i = 0; i < 9; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await expect(
          b!.withLock('refresh:x', async () => 'b', { timeoutMs: 0 }),
        ).rejects.toMatchObject({ code: 'LOCK_UNAVAILABLE' });
        bTried++;
      }
      await a!.set('k', { writer: 'a' });
    });
    expect(bTried).toBe(9);
    expect(await b!.get('k', { fresh: true })).toEqual({ writer: 'a' });
  });

  it("[DS1] a holder frozen past its lease cannot commit over the next holder (LOCK_UNAVAILABLE), and its release leaves the next holder's lock alone", async () => {
    const events: string[] = [];
    const [a] = machines(1, { lockLeaseMs: 200, onEvent: (e) => events.push(e.type) });
    const b = redisStore({ url: server.url, appName: `locks-${namespace}` });
    opened.push(b);
    await a!.set('k', { writer: 'first' });
    let bHolds!: () => void;
    const bHolding = new Promise<void>((resolve) => {
      bHolds = resolve;
    });
    let releaseB!: () => void;
    const bRelease = new Promise<void>((resolve) => {
      releaseB = resolve;
    });
    const outcome = a!.withLock('refresh:x', async () => {
      // Frozen (no renewal can run) for three leases; meanwhile another machine takes the lock.
      const nextHolder = b.withLock(
        'refresh:x',
        async () => {
          await b.update('k', () => ({ writer: 'next' }));
          bHolds();
          await bRelease;
        },
        { timeoutMs: 5_000 },
      );
      freeze(600);
      await bHolding;
      const refused = await a!.update('k', () => ({ writer: 'frozen' })).catch((error) => error);
      return { refused, nextHolder };
    });
    const { refused, nextHolder } = await outcome;
    expect(refused).toMatchObject({ name: 'StoreError', code: 'LOCK_UNAVAILABLE' });
    expect(refused.message).toMatch(/was lost while held/);
    // A's release (compare-and-delete) left B's lock alone.
    expect(await raw.get(`${a!.prefix}l:refresh:x`)).toMatch(/^[0-9a-f]{32}$/);
    await expect(
      a!.withLock('refresh:x', async () => 'again', { timeoutMs: 0 }),
    ).rejects.toMatchObject({ code: 'LOCK_UNAVAILABLE' });
    releaseB();
    await nextHolder;
    expect(await b.get('k', { fresh: true })).toEqual({ writer: 'next' });
    expect(events).toContain('lock_lost');
  });

  it('[DS1] a holder whose lease ran out while frozen cannot commit even when nobody took the lock since', async () => {
    const [a] = machines(1, { lockLeaseMs: 150 });
    await a!.set('k', { v: 1 });
    const result = await a!.withLock('refresh:y', async () => {
      freeze(450);
      return Promise.allSettled([
        a!.set('k', { v: 2 }),
        a!.update('k', () => ({ v: 3 })),
        a!.delete('k'),
      ]);
    });
    expect(result.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const r of result) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'LOCK_UNAVAILABLE' });
    }
    expect(await a!.get('k', { fresh: true })).toEqual({ v: 1 });
  });

  it("[DS1] fencing runs in Redis, in the write's own script: a lock whose key now holds another token refuses the write before any renewal notices", async () => {
    // A 60 s lease: the first renewal is 20 s away, so only Redis can know.
    const [a] = machines(1, { lockLeaseMs: 60_000 });
    await a!.set('k', { v: 1 });
    const refused = await a!.withLock('refresh:f', async () => {
      await raw.set(`${a!.prefix}l:refresh:f`, 'someone-else');
      return a!.set('k', { v: 2 }).catch((error) => error);
    });
    expect(refused).toMatchObject({ name: 'StoreError', code: 'LOCK_UNAVAILABLE' });
    expect(await a!.get('k', { fresh: true })).toEqual({ v: 1 });
    // Compare-and-delete: the release did not remove the other owner's key.
    expect(await raw.get(`${a!.prefix}l:refresh:f`)).toBe('someone-else');
    await raw.del(`${a!.prefix}l:refresh:f`);
  });

  it('[DS1] a waiter on another machine is woken by the release message, not by polling', async () => {
    // Poll at most every 10 s: only the release message can wake the waiter quickly.
    const [a, b] = machines(2, { maxLockPollMs: 10_000 });
    await b!.ready();
    let releasedAt = 0;
    let entered!: () => void;
    const aInside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const holder = a!.withLock('refresh:z', async () => {
      entered();
      await new Promise((resolve) => setTimeout(resolve, 50));
      releasedAt = Date.now();
    });
    await aInside;
    // The first retries back off 1, 2, 4 … ms; then the waiter sleeps up to 10 s.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const acquiredAt = await b!.withLock('refresh:z', async () => Date.now(), { timeoutMs: 5_000 });
    await holder;
    expect(acquiredAt - releasedAt).toBeLessThan(200);
  });

  it('[DS1][H8] a moment after the lock is released, promises run without the async hooks that carried it', async () => {
    const [a] = machines(1);
    await a!.ready();
    // With promise hooks on, a promise reaction runs with the promise as its async resource.
    const hooksOn = () => Promise.resolve().then(() => executionAsyncResource() instanceof Promise);
    const afterGrace = () => new Promise((resolve) => setTimeout(resolve, 1_100));
    await afterGrace(); // after the earlier tests' holders
    expect(await hooksOn()).toBe(false);
    expect(await a!.withLock('refresh:hooks', () => hooksOn())).toBe(true);
    // On for a second more, for work the section left behind (SPEC H8); then off.
    await afterGrace();
    expect(await hooksOn()).toBe(false);
  });

  it('[DS1] timeoutMs and signal bound the wait for a lock held on another machine', async () => {
    const [a, b] = machines(2);
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const holder = a!.withLock('refresh:w', async () => {
      entered();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await inside;
    const started = Date.now();
    await expect(b!.withLock('refresh:w', async () => 1, { timeoutMs: 150 })).rejects.toMatchObject(
      { code: 'LOCK_UNAVAILABLE' },
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    const controller = new AbortController();
    const reason = new Error('gave up');
    setTimeout(() => controller.abort(reason), 50);
    await expect(
      b!.withLock('refresh:w', async () => 1, { signal: controller.signal, timeoutMs: 5_000 }),
    ).rejects.toBe(reason);
    release();
    await holder;
  });
});
