import { describe, expect, it, vi } from 'vitest';
import { type Clock, cachedStore, type JsonValue, type Store } from '../src/index.js';

function countingStore() {
  const data = new Map<string, JsonValue>();
  const reads = vi.fn();
  const store: Store = {
    capabilities: { crossProcess: true, cachedReads: false },
    get: async (key) => {
      reads(key);
      return structuredClone(data.get(key)) as never;
    },
    set: async (key, value) => {
      data.set(key, structuredClone(value));
    },
    delete: async (key) => data.delete(key),
    keys: async () => [...data.keys()],
    update: async (key, fn) => {
      const next = await fn(data.get(key) as never);
      if (next === undefined) data.delete(key);
      else data.set(key, next);
      return next;
    },
  };
  return { store, data, reads };
}

const fakeClock = () => {
  let now = 0;
  const clock: Clock = { now: () => now, sleep: async () => {} };
  return { clock, advance: (ms: number) => (now += ms) };
};

describe('cachedStore', () => {
  it('[T7] repeated reads within the TTL touch the backing store once, synchronously', async () => {
    const { store, reads, data } = countingStore();
    data.set('server:a', { accessToken: 'AT' });
    const cached = cachedStore(store, { clock: fakeClock().clock });
    expect(await cached.get('server:a')).toEqual({ accessToken: 'AT' });
    for (let i = 0; i < 1000; i++) {
      const value = cached.get('server:a');
      expect(value).not.toBeInstanceOf(Promise);
      expect(value).toEqual({ accessToken: 'AT' });
    }
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it("[T7] another process's write is seen once the 5 s TTL has passed", async () => {
    const { store, data } = countingStore();
    const { clock, advance } = fakeClock();
    data.set('k', 1);
    const cached = cachedStore(store, { clock });
    expect(await cached.get('k')).toBe(1);
    data.set('k', 2); // written behind the wrapper's back
    advance(4999);
    expect(await cached.get('k')).toBe(1);
    advance(1);
    expect(await cached.get('k')).toBe(2);
  });

  it('[T7] writes through the wrapper are seen at once; fresh reads bypass the cache', async () => {
    const { store, data, reads } = countingStore();
    const cached = cachedStore(store, { clock: fakeClock().clock });
    await cached.set('k', { v: 1 });
    expect(cached.get('k')).toEqual({ v: 1 });
    await cached.update<{ v: number }>('k', (c) => ({ v: (c?.v ?? 0) + 1 }));
    expect(cached.get('k')).toEqual({ v: 2 });
    await cached.delete('k');
    expect(cached.get('k')).toBeUndefined();
    data.set('k', { v: 9 });
    expect(await cached.get('k', { fresh: true })).toEqual({ v: 9 });
    expect(reads).toHaveBeenCalledTimes(1);
    expect(cached.capabilities).toEqual({ crossProcess: true, cachedReads: true });
  });

  it('concurrent misses share one read, and cached values are frozen', async () => {
    const { store, data, reads } = countingStore();
    data.set('k', { nested: { a: 1 } });
    const cached = cachedStore(store, { clock: fakeClock().clock });
    const values = await Promise.all(Array.from({ length: 50 }, () => cached.get('k')));
    expect(reads).toHaveBeenCalledTimes(1);
    expect(Object.isFrozen((values[0] as { nested: object }).nested)).toBe(true);
  });
});

describe('cachedStore and slow reads', () => {
  it('[T7] a read in flight when this process writes never caches the older value', async () => {
    const { store, data } = countingStore();
    data.set('k', { v: 'old' });
    let release!: () => void;
    const slow: Store = {
      ...store,
      get: async (key) => {
        const value = structuredClone(data.get(key));
        await new Promise<void>((r) => (release = r));
        return value as never;
      },
    };
    const cached = cachedStore(slow, { clock: fakeClock().clock });
    const reading = cached.get('k');
    await cached.set('k', { v: 'new' });
    release();
    await reading;
    expect(cached.get('k')).toEqual({ v: 'new' });
  });
});
