import { storeTestSuite } from '@mcp-oauth/store-testkit';
import { describe, expect, it, test } from 'vitest';
import { createMutex, memoryStore } from '../src/index.js';

storeTestSuite(test, () => memoryStore());

describe('memoryStore', () => {
  it('answers get synchronously with a frozen value', () => {
    const store = memoryStore({ initial: { k: { nested: { a: 1 } } } });
    const value = store.get<{ nested: { a: number } }>('k');
    expect(value).not.toBeInstanceOf(Promise);
    expect(Object.isFrozen((value as { nested: object }).nested)).toBe(true);
    expect(store.capabilities).toEqual({ crossProcess: false, cachedReads: false });
  });
});

describe('createMutex', () => {
  it('runs holders of one name one at a time, in order', async () => {
    const lock = createMutex();
    const order: string[] = [];
    let inside = 0;
    await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        lock.withLock('refresh', async () => {
          inside++;
          expect(inside).toBe(1);
          await new Promise((r) => setTimeout(r, 5));
          order.push(id);
          inside--;
        }),
      ),
    );
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('fails with LOCK_UNAVAILABLE when the lock is not free in time, and releases after a throw', async () => {
    const lock = createMutex();
    let release!: () => void;
    const holder = lock.withLock('x', () => new Promise<void>((r) => (release = r)));
    await expect(lock.withLock('x', async () => 1, { timeoutMs: 0 })).rejects.toMatchObject({
      code: 'LOCK_UNAVAILABLE',
    });
    await expect(lock.withLock('x', async () => 1, { timeoutMs: 20 })).rejects.toMatchObject({
      code: 'LOCK_UNAVAILABLE',
    });
    release();
    await holder;
    await expect(
      lock.withLock('x', async () => {
        throw new Error('inside');
      }),
    ).rejects.toThrow('inside');
    expect(await lock.withLock('x', async () => 2, { timeoutMs: 0 })).toBe(2);
  });

  it('an aborted wait rejects with the reason and does not take the lock later', async () => {
    const lock = createMutex();
    let release!: () => void;
    const holder = lock.withLock('x', () => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const waiting = lock.withLock('x', async () => 'ran', { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    release();
    await holder;
    expect(await lock.withLock('x', async () => 'free', { timeoutMs: 0 })).toBe('free');
  });
});
