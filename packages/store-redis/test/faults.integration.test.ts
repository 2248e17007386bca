import type { JsonObject } from '@mcp-oauth/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type RedisStore, redisStore } from '../src/index.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

const KEY = 'server:docs|49aaacec754e767e';
type Counter = { n: number; refreshToken: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a call threw, and how long it took to throw it. */
async function failure(call: () => unknown) {
  const started = Date.now();
  try {
    await call();
  } catch (error) {
    return {
      code: (error as { code?: string }).code,
      message: String(error),
      ms: Date.now() - started,
    };
  }
  return { code: 'NO ERROR', message: '', ms: Date.now() - started };
}

async function until(condition: () => boolean, limitMs: number, what: string) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > limitMs) throw new Error(`${what} within ${limitMs} ms`);
    await sleep(5);
  }
}

let server: RedisServer | undefined;
const opened: RedisStore[] = [];
const open = (options: Parameters<typeof redisStore>[0]) => {
  const store = redisStore({ url: server!.url, ...options });
  opened.push(store);
  return store;
};

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await server?.stop();
  server = undefined;
});

describe('[DS4] a lost or stuck server', () => {
  it('[DS4] redis-server SIGKILLed mid-update: calls fail with STORE_UNAVAILABLE within commandTimeoutMs, no acknowledged credential is lost, and the same stores recover when it restarts', async () => {
    // Every acknowledged write is on disk (appendfsync always), as production should be set up.
    server = await startRedisServer({ durable: true });
    const events: string[] = [];
    const machines = [0, 1].map(() =>
      open({ appName: 'kill', commandTimeoutMs: 1_000, onEvent: (e) => events.push(e.type) }),
    );
    await machines[0]!.set(KEY, { n: 0, refreshToken: 'rt-0' });
    let acknowledged = 0;
    let killedAt = Number.POSITIVE_INFINITY;
    let restartedAt = Number.POSITIVE_INFINITY;
    const seenAfterRestart: number[] = [];
    const failures: Array<Awaited<ReturnType<typeof failure>>> = [];
    let running = true;
    // Two machines rotate the "refresh token" of one record as fast as they can.
    const writers = machines.map(async (store) => {
      while (running) {
        const started = Date.now();
        try {
          const stored = await store.update<Counter>(KEY, (current) => {
            if (Date.now() > restartedAt) seenAfterRestart.push(current!.n);
            return { n: current!.n + 1, refreshToken: `rt-${current!.n + 1}` };
          });
          acknowledged = Math.max(acknowledged, stored!.n);
        } catch (error) {
          failures.push({
            code: (error as { code?: string }).code,
            message: String(error),
            ms: Date.now() - started,
          });
          await sleep(20);
        }
      }
    });
    await until(() => acknowledged >= 100, 10_000, 'no 100 updates');
    await server.signal('SIGKILL');
    const lastBeforeKill = acknowledged;
    killedAt = Date.now();
    // Reads fail the same way while the server is gone.
    await sleep(100);
    const read = await failure(() => machines[1]!.get(KEY, { fresh: true }));
    await sleep(1_500);
    await server.restart();
    restartedAt = Date.now();
    await until(() => acknowledged >= lastBeforeKill + 50, 10_000, 'no recovery');
    const recoveredAfterMs = Date.now() - restartedAt;
    running = false;
    await Promise.all(writers);

    console.log(
      `[DS4] SIGKILL after ${lastBeforeKill} acknowledged updates; ${failures.length} calls failed while down (slowest ${Math.max(...failures.map((f) => f.ms))} ms); recovered ${recoveredAfterMs} ms after the restart`,
    );
    expect(Number.isFinite(killedAt)).toBe(true);
    expect(read.code).toBe('STORE_UNAVAILABLE');
    expect(read.ms).toBeLessThan(1_500);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(f.code, f.message).toBe('STORE_UNAVAILABLE');
      // One update is two calls (read, then compare-and-set), each bounded by commandTimeoutMs.
      expect(f.ms).toBeLessThan(2_500);
    }
    expect(failures.some((f) => /Nothing was lost/.test(f.message))).toBe(true);
    // No acknowledged write was lost: the first value read after the restart is at least the last one acknowledged before the kill.
    expect(seenAfterRestart[0]).toBeGreaterThanOrEqual(lastBeforeKill);
    // Read back through a new instance: one whole record, its token matching its counter.
    const reader = open({ appName: 'kill' });
    const final = (await reader.get(KEY, { fresh: true })) as Counter;
    expect(final.n).toBe(acknowledged);
    expect(final.refreshToken).toBe(`rt-${final.n}`);
    expect(events).toContain('connection_lost');
    expect(events).toContain('connection_restored');
  });

  it("[DS4] redis-server paused (SIGSTOP) past the lock lease: calls fail with STORE_UNAVAILABLE within commandTimeoutMs, the holder's write is refused afterwards, and all works again after SIGCONT", async () => {
    server = await startRedisServer();
    const options = { appName: 'pause', commandTimeoutMs: 500, lockLeaseMs: 600 };
    const [a, b] = [open(options), open(options)];
    await a.set(KEY, { v: 'before' });
    await b.ready();
    const inside = await a.withLock('refresh:pause', async () => {
      await server!.signal('SIGSTOP');
      const pausedAt = Date.now();
      const read = await failure(() => a.get(KEY, { fresh: true }));
      const lock = await failure(() =>
        b.withLock('refresh:pause', async () => 1, { timeoutMs: 100 }),
      );
      const write = await failure(() => b.set(KEY, { v: 'during' }));
      // Paused for 1.5 s: well past the 600 ms lease.
      await sleep(1_500 - (Date.now() - pausedAt));
      await server!.signal('SIGCONT');
      const after = await failure(() => a.set(KEY, { v: 'stale holder' }));
      return { read, lock, write, after };
    });
    expect(inside.read).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(inside.read.message).toMatch(/did not answer within 500 ms/);
    expect(inside.read.ms).toBeLessThan(1_000);
    expect(inside.lock).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(inside.lock.ms).toBeLessThan(1_000);
    expect(inside.write).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(inside.after).toMatchObject({ code: 'LOCK_UNAVAILABLE' });
    // After SIGCONT: the lock is free again (the timed-out SET NX was undone) and writes work.
    await b.withLock('refresh:pause', () => b.set(KEY, { v: 'recovered' }), { timeoutMs: 2_000 });
    expect(await a.get(KEY, { fresh: true })).toEqual({ v: 'recovered' } satisfies JsonObject);
  });

  it('[DS4] a server that is not there at all: the first call fails with STORE_UNAVAILABLE within commandTimeoutMs, naming the address', async () => {
    server = await startRedisServer();
    await server.signal('SIGKILL');
    const store = open({ appName: 'absent', commandTimeoutMs: 300 });
    const get = await failure(() => store.get(KEY));
    expect(get.code).toBe('STORE_UNAVAILABLE');
    expect(get.ms).toBeLessThan(800);
    expect(get.message).toContain(`127.0.0.1:${server.port}`);
    expect(get.message).toMatch(/not reachable/);
    const ready = await failure(() => store.ready());
    expect(ready.code).toBe('STORE_UNAVAILABLE');
    await server.restart();
    // It reconnects by itself, backing off to at most 1 s between attempts.
    const restartedAt = Date.now();
    for (;;) {
      if ((await failure(() => store.ready())).code === 'NO ERROR') break;
      expect(Date.now() - restartedAt).toBeLessThan(3_000);
    }
    expect(await store.get(KEY)).toBeUndefined();
  });
});
