import { StoreError } from '@mcp-oauth/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMutex, DEFAULT_LOCK_TIMEOUT_MS, lockUnavailable } from '../src/index.js';

/** A lock holder that keeps `name` until told to let go. */
function hold(lock: ReturnType<typeof createMutex>, name: string) {
  let release!: () => void;
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const done = lock.withLock(name, () => {
    entered();
    return new Promise<void>((resolve) => {
      release = resolve;
    });
  });
  return { inside, done, release: () => release() };
}

const settled = async <T>(promise: Promise<T>) => {
  let state = 'pending';
  promise.then(
    () => {
      state = 'resolved';
    },
    () => {
      state = 'rejected';
    },
  );
  // Let every queued microtask run; a timer-based lock would still be waiting.
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return state;
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createMutex', () => {
  it('[R1] runs the holders of one name one at a time, first come first served', async () => {
    vi.useRealTimers();
    const lock = createMutex();
    const order: number[] = [];
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        lock.withLock('refresh', async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 1));
          order.push(i);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('[R1] wakes the next waiter when the holder releases, without any timer firing', async () => {
    const lock = createMutex();
    const holder = hold(lock, 'x');
    await holder.inside;
    const waiter = lock.withLock('x', async () => 'second');
    expect(await settled(waiter)).toBe('pending');
    holder.release();
    // Fake timers never advance here: a polling lock would never get it.
    expect(await settled(waiter)).toBe('resolved');
    expect(await waiter).toBe('second');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('[R1] returns what fn returns, and rejects with what it throws, releasing the lock either way', async () => {
    const lock = createMutex();
    expect(await lock.withLock('x', async () => 42)).toBe(42);
    await expect(
      lock.withLock('x', async () => {
        throw new Error('inside');
      }),
    ).rejects.toThrow('inside');
    expect(await lock.withLock('x', async () => 'free', { timeoutMs: 0 })).toBe('free');
  });

  it('[R1] timeoutMs 0 tries once: a free lock is taken, a held one rejects with LOCK_UNAVAILABLE at once', async () => {
    const lock = createMutex();
    expect(await lock.withLock('x', async () => 1, { timeoutMs: 0 })).toBe(1);
    const holder = hold(lock, 'x');
    await holder.inside;
    const error = await lock.withLock('x', async () => 2, { timeoutMs: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'LOCK_UNAVAILABLE',
      message:
        'The lock "x" is held by another caller; gave up after 0 ms. Retry later, or raise timeoutMs.',
    });
    holder.release();
    await holder.done;
  });

  it('[R1] a waiter gives up with LOCK_UNAVAILABLE after timeoutMs and leaves the queue', async () => {
    const lock = createMutex();
    const holder = hold(lock, 'x');
    await holder.inside;
    let ran = false;
    const waiter = lock.withLock(
      'x',
      async () => {
        ran = true;
      },
      { timeoutMs: 50 },
    );
    const outcome = waiter.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(49);
    expect(await settled(waiter)).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ code: 'LOCK_UNAVAILABLE', name: 'StoreError' });
    holder.release();
    await holder.done;
    expect(ran).toBe(false);
    // The queue holds no dead waiter: the lock is free again.
    expect(await lock.withLock('x', async () => 'free', { timeoutMs: 0 })).toBe('free');
  });

  it(`[R1] waits ${DEFAULT_LOCK_TIMEOUT_MS} ms by default; Infinity and very long waits set no timer that fires early`, async () => {
    const lock = createMutex();
    const holder = hold(lock, 'x');
    await holder.inside;
    const byDefault = lock.withLock('x', async () => 1).catch((e: unknown) => e);
    const forever = lock.withLock('x', async () => 2, { timeoutMs: Number.POSITIVE_INFINITY });
    const longer = lock.withLock('x', async () => 3, { timeoutMs: 2 ** 32 });
    await vi.advanceTimersByTimeAsync(DEFAULT_LOCK_TIMEOUT_MS - 1);
    expect(await settled(byDefault)).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(await byDefault).toMatchObject({ code: 'LOCK_UNAVAILABLE' });
    expect(vi.getTimerCount()).toBe(0);
    holder.release();
    expect(await forever).toBe(2);
    expect(await longer).toBe(3);
  });

  it('[R1] an aborted wait rejects with the reason and never takes the lock', async () => {
    const lock = createMutex();
    const holder = hold(lock, 'x');
    await holder.inside;
    const controller = new AbortController();
    let ran = false;
    const waiting = lock.withLock(
      'x',
      async () => {
        ran = true;
      },
      { signal: controller.signal },
    );
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(vi.getTimerCount()).toBe(0);
    holder.release();
    await holder.done;
    expect(ran).toBe(false);
    expect(await lock.withLock('x', async () => 'free', { timeoutMs: 0 })).toBe('free');
  });

  it('[R1] an already aborted signal rejects even when the lock is free', async () => {
    const lock = createMutex();
    const signal = AbortSignal.abort(new Error('gone'));
    await expect(lock.withLock('x', async () => 1, { signal })).rejects.toThrow('gone');
    expect(await lock.withLock('x', async () => 2, { timeoutMs: 0 })).toBe(2);
  });

  it('[R1] locks of other names, and of other mutexes, are independent', async () => {
    const lock = createMutex();
    const holder = hold(lock, 'a');
    await holder.inside;
    expect(await lock.withLock('b', async () => 'b', { timeoutMs: 0 })).toBe('b');
    expect(await createMutex().withLock('a', async () => 'a', { timeoutMs: 0 })).toBe('a');
    holder.release();
    await holder.done;
  });

  it('[H10] refuses a lock name with a lone surrogate, and a bad timeoutMs or fn, before waiting', async () => {
    const lock = createMutex();
    await expect(lock.withLock('refresh:\uD800', async () => 1)).rejects.toMatchObject({
      code: 'STORE_ERROR',
    });
    await expect(lock.withLock('', async () => 1)).rejects.toMatchObject({ code: 'STORE_ERROR' });
    for (const timeoutMs of [-1, Number.NaN]) {
      await expect(lock.withLock('x', async () => 1, { timeoutMs })).rejects.toThrow(
        'withLock() timeoutMs must be a number of milliseconds',
      );
    }
    await expect(lock.withLock('x', undefined as never)).rejects.toBeInstanceOf(TypeError);
    expect(await lock.withLock('x', async () => 'unharmed', { timeoutMs: 0 })).toBe('unharmed');
  });
});

describe('lockUnavailable', () => {
  it('[R1] is the typed error every lock gives, naming the lock and the wait', () => {
    const error = lockUnavailable('record\u0000abc', 30_000);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.code).toBe('LOCK_UNAVAILABLE');
    expect(error.message).toContain('"record\\u0000abc"');
    expect(error.message).toContain('gave up after 30000 ms');
  });
});
