import type { JsonValue, Lock, Store, Updater } from '@mcp-oauth/core';
import { assertStoreKey, createMutex } from '@mcp-oauth/store-primitives';

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /** Records to start with; their keys are checked like any other. */
  readonly initial?: Readonly<Record<string, JsonValue>>;
}

/** A store that is also its own lock. */
export type MemoryStore = Store & Lock;

function freeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const item of Object.values(value)) freeze(item);
  }
  return value;
}

const snapshot = <T extends JsonValue>(value: T): T => freeze(structuredClone(value));

/**
 * The reference store: records live in this process's memory and are lost
 * when it exits. `get` answers synchronously with a frozen copy; `update` is
 * serialized per key so no concurrent update is lost; `withLock` is an
 * in-process lock. Not shared between processes. Every key is checked with
 * `assertStoreKey` (SPEC H10), so a key that works here works in every store.
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const data = new Map<string, JsonValue>();
  for (const [key, value] of Object.entries(options.initial ?? {})) {
    assertStoreKey(key);
    data.set(key, snapshot(value));
  }
  const updates = createMutex();
  const locks = createMutex();
  return {
    capabilities: { crossProcess: false, cachedReads: false },
    get: ((key: string) => {
      assertStoreKey(key);
      return data.get(key);
    }) as Store['get'],
    set(key, value) {
      assertStoreKey(key);
      data.set(key, snapshot(value));
    },
    delete(key) {
      assertStoreKey(key);
      return data.delete(key);
    },
    keys: (prefix = '') => [...data.keys()].filter((key) => key.startsWith(prefix)),
    async update<T extends JsonValue = JsonValue>(key: string, fn: Updater<T>) {
      assertStoreKey(key);
      return updates.withLock(
        key,
        async () => {
          const next = await fn(data.get(key) as T | undefined);
          if (next === undefined) {
            data.delete(key);
            return undefined;
          }
          const stored = snapshot(next);
          data.set(key, stored);
          return stored;
        },
        { timeoutMs: Number.POSITIVE_INFINITY },
      );
    },
    withLock: (name, fn, lockOptions) => locks.withLock(name, fn, lockOptions),
  };
}
