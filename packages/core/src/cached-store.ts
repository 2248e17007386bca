import { type Clock, systemClock } from './clock.js';
import type { JsonValue, ReadOptions, Store } from './store.js';

/** Options of {@link cachedStore}. */
export interface CachedStoreOptions {
  /** How long a read is trusted; writes by other processes are seen within it. Default 5 s (SPEC T7). */
  readonly ttlMs?: number;
  /** Injected time. */
  readonly clock?: Clock;
}

type Entry = { value: JsonValue | undefined; readAt: number };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/**
 * Wraps a store with a read cache for the hot path (SPEC T7): `get` answers
 * from memory, without I/O, for `ttlMs` after a read; writes through this
 * wrapper are seen at once; `{ fresh: true }` always reads the backing store.
 * Cached values are frozen and shared: treat them as read-only.
 */
export function cachedStore(store: Store, options: CachedStoreOptions = {}): Store {
  const ttlMs = options.ttlMs ?? 5000;
  const clock = options.clock ?? systemClock;
  const cache = new Map<string, Entry>();
  const pending = new Map<string, Promise<JsonValue | undefined>>();
  // Bumped by every write through this wrapper, so a read that started
  // before a write never caches the older value over it.
  const versions = new Map<string, number>();
  const remember = <T extends JsonValue>(key: string, value: T | undefined) => {
    const frozen = deepFreeze(value);
    cache.set(key, { value: frozen, readAt: clock.now() });
    return frozen;
  };
  const wrote = <T extends JsonValue>(key: string, value: T | undefined) => {
    versions.set(key, (versions.get(key) ?? 0) + 1);
    pending.delete(key);
    return remember(key, value);
  };
  const read = (key: string) => {
    const version = versions.get(key);
    return Promise.resolve(store.get(key, { fresh: true })).then((value) =>
      versions.get(key) === version ? remember(key, value) : cache.get(key)?.value,
    );
  };
  const readThrough = (key: string) => {
    let inFlight = pending.get(key);
    if (!inFlight) {
      inFlight = read(key).finally(() => pending.delete(key));
      pending.set(key, inFlight);
    }
    return inFlight;
  };
  return {
    capabilities: { ...store.capabilities, cachedReads: true },
    get<T extends JsonValue = JsonValue>(key: string, options?: ReadOptions) {
      const entry = cache.get(key);
      if (!options?.fresh && entry && clock.now() - entry.readAt < ttlMs) {
        return entry.value as T | undefined;
      }
      return (options?.fresh ? read(key) : readThrough(key)) as Promise<T | undefined>;
    },
    async set(key, value) {
      await store.set(key, value);
      wrote(key, structuredClone(value));
    },
    async delete(key) {
      const removed = await store.delete(key);
      wrote(key, undefined);
      return removed;
    },
    keys: (prefix) => store.keys(prefix),
    async update(key, fn) {
      const value = await store.update(key, fn);
      return wrote(key, value === undefined ? undefined : structuredClone(value));
    },
  };
}
