import {
  ErrorCode,
  type JsonValue,
  type Lock,
  type Store,
  StoreError,
  type Updater,
} from '@mcp-oauth/core';
import { assertStoreKey, createMutex } from '@mcp-oauth/store-primitives';

/** Records as JSON text, outliving any one store instance, like a folder or a keychain. */
export type Storage = Map<string, string>;

export type TestStore = Store & Lock & { readonly storage: Storage };

/** How a store variant checks keys and maps them to storage entries. */
interface Variant {
  readonly checkKey?: (key: string) => void;
  readonly entryOf?: (key: string) => string;
}

/**
 * A correct store over `storage`: checked keys, per-key serialized updates,
 * an in-process lock. The broken stores below change one thing each.
 */
export function referenceStore(storage: Storage = new Map(), variant: Variant = {}): TestStore {
  const checkKey = variant.checkKey ?? assertStoreKey;
  const entryOf = variant.entryOf ?? ((key: string) => key);
  const updates = createMutex();
  const locks = createMutex();
  const read = (key: string) => {
    const text = storage.get(entryOf(key));
    return text === undefined ? undefined : (JSON.parse(text).value as JsonValue);
  };
  const write = (key: string, value: JsonValue | undefined) => {
    if (value === undefined) storage.delete(entryOf(key));
    else storage.set(entryOf(key), JSON.stringify({ key, value }));
  };
  return {
    storage,
    capabilities: { crossProcess: false, cachedReads: false },
    get: (async (key: string) => {
      checkKey(key);
      return read(key);
    }) as Store['get'],
    async set(key, value) {
      checkKey(key);
      write(key, value);
    },
    async delete(key) {
      checkKey(key);
      const existed = read(key) !== undefined;
      write(key, undefined);
      return existed;
    },
    keys: async (prefix = '') =>
      [...storage.values()]
        .map((text) => JSON.parse(text).key as string)
        .filter((key) => key.startsWith(prefix)),
    async update<T extends JsonValue = JsonValue>(key: string, fn: Updater<T>) {
      checkKey(key);
      return updates.withLock(
        key,
        async () => {
          const next = await fn(read(key) as T | undefined);
          write(key, next);
          return next === undefined ? undefined : (structuredClone(next) as T);
        },
        { timeoutMs: Number.POSITIVE_INFINITY },
      );
    },
    withLock: (name, fn, options) => locks.withLock(name, fn, options),
  };
}

/** The check store-file and store-keychain had before SPEC H10: length only, and a TypeError. */
export const lengthOnlyKeys = (): TestStore =>
  referenceStore(new Map(), {
    checkKey(key) {
      if (typeof key !== 'string' || key.length === 0 || key.length > 200) {
        throw new TypeError('Store keys are non-empty strings of at most 200 characters');
      }
    },
  });

/** Keys cut to 100 characters for the backend, as a store naming files after keys might. */
export const truncatingKeys = (): TestStore =>
  referenceStore(new Map(), { entryOf: (key) => key.slice(0, 100) });

/** Keys folded to lower case, as a case-insensitive file system does. */
export const caseFoldingKeys = (): TestStore =>
  referenceStore(new Map(), { entryOf: (key) => key.toLowerCase() });

/** withLock runs every section at once. */
export const nonExcludingLock = (): TestStore => ({
  ...referenceStore(),
  withLock: (_name, fn) => fn(),
});

/** withLock keeps the lock for ever when a section throws. */
export function keptOnThrow(): TestStore {
  const locks = createMutex();
  return {
    ...referenceStore(),
    withLock: (name, fn, options) =>
      new Promise((resolve, reject) => {
        locks
          .withLock(
            name,
            async () => {
              try {
                resolve(await fn());
              } catch (error) {
                reject(error);
                await new Promise(() => {});
              }
            },
            options,
          )
          .catch(reject);
      }),
  };
}

/** withLock times out with an untyped error. */
export function untypedTimeout(): TestStore {
  const store = referenceStore();
  return {
    ...store,
    withLock: (name, fn, options) =>
      store.withLock(name, fn, options).catch((error: unknown) => {
        if (error instanceof StoreError && error.code === ErrorCode.LockUnavailable) {
          throw new Error('busy');
        }
        throw error;
      }),
  };
}

/** withLock ignores `signal`: an aborted caller still waits and runs. */
export function ignoresSignal(): TestStore {
  const store = referenceStore();
  return {
    ...store,
    withLock: (name, fn, options) =>
      store.withLock(
        name,
        fn,
        options?.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
      ),
  };
}

/** A write-back cache never flushed: writes stay in the instance, reads fall back to storage. */
export function cacheOnly(storage: Storage = new Map()): TestStore {
  const store = referenceStore(storage);
  const cache = new Map<string, JsonValue | undefined>();
  const cached = (key: string) => (cache.has(key) ? cache.get(key) : undefined);
  return {
    ...store,
    get: (async (key: string) => {
      assertStoreKey(key);
      return cache.has(key) ? structuredClone(cached(key)) : store.get(key);
    }) as Store['get'],
    async set(key, value) {
      assertStoreKey(key);
      cache.set(key, structuredClone(value));
    },
    async delete(key) {
      assertStoreKey(key);
      const existed = (await this.get(key)) !== undefined;
      cache.set(key, undefined);
      return existed;
    },
    keys: async (prefix = '') =>
      [...cache.entries()]
        .filter(([key, value]) => value !== undefined && key.startsWith(prefix))
        .map(([key]) => key),
    async update(key, fn) {
      assertStoreKey(key);
      const next = await fn(structuredClone(await this.get(key)) as never);
      cache.set(key, structuredClone(next));
      return structuredClone(next) as never;
    },
  };
}
