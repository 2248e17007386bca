import type { Clock } from '@mcp-oauth/core';
import { describe, expect, it } from 'vitest';
import { RecordCache } from '../src/cache.js';

function manualClock(): Clock & { advance(ms: number): void } {
  let now = 1_000;
  return {
    now: () => now,
    sleep: async () => {},
    advance(ms) {
      now += ms;
    },
  };
}

function liveCache(ttlMs = 5_000) {
  const clock = manualClock();
  const cache = new RecordCache(ttlMs, clock);
  cache.setLive(true);
  return { cache, clock };
}

describe('RecordCache', () => {
  it('[T7] keeps a read for ttlMs at most, even if no invalidation comes', () => {
    const { cache, clock } = liveCache();
    cache.settle(cache.begin('k'), { v: 1 }, 10);
    expect(cache.get('k')?.value).toEqual({ v: 1 });
    clock.advance(4_999);
    expect(cache.get('k')).toBeDefined();
    clock.advance(1);
    expect(cache.get('k')).toBeUndefined();
  });

  it('[DS2] drops an entry when a newer version of its key is announced, and keeps it for an older or equal one', () => {
    const { cache } = liveCache();
    cache.settle(cache.begin('k'), { v: 1 }, 10);
    cache.announced('k', 10);
    cache.announced('k', 7);
    cache.announced('other', 99);
    expect(cache.get('k')?.value).toEqual({ v: 1 });
    cache.announced('k', 11);
    expect(cache.get('k')).toBeUndefined();
  });

  it('[DS2] does not cache a read that a newer write overtook (its message came before the reply)', () => {
    const { cache } = liveCache();
    const read = cache.begin('k');
    cache.announced('k', 12);
    expect(cache.settle(read, { v: 'old' }, 11)).toEqual({ v: 'old' });
    expect(cache.get('k')).toBeUndefined();
    const again = cache.begin('k');
    cache.settle(again, { v: 'new' }, 12);
    expect(cache.get('k')?.value).toEqual({ v: 'new' });
  });

  it('[DS2] never replaces an entry with an older version (a slow read finishing after a write)', () => {
    const { cache } = liveCache();
    const slowRead = cache.begin('k');
    cache.settle(cache.begin('k'), { v: 'written' }, 20);
    cache.settle(slowRead, { v: 'read before' }, 19);
    expect(cache.get('k')?.value).toEqual({ v: 'written' });
  });

  it('[DS2] caches nothing while the subscription is down, and forgets everything when it drops', () => {
    const { cache } = liveCache();
    cache.settle(cache.begin('a'), 1, 1);
    const inFlight = cache.begin('b');
    cache.setLive(false);
    expect(cache.get('a')).toBeUndefined();
    cache.settle(cache.begin('c'), 3, 3);
    expect(cache.get('c')).toBeUndefined();
    cache.setLive(true);
    // Started before the drop: it may have missed a message.
    cache.settle(inFlight, 2, 2);
    expect(cache.get('b')).toBeUndefined();
  });

  it('hands out deep-frozen values', () => {
    const { cache } = liveCache();
    const value = cache.settle(cache.begin('k'), { nested: { list: [1] } }, 1);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value?.nested.list)).toBe(true);
  });
});
