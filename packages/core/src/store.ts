/** A value that may be returned synchronously or as a promise. */
export type Awaitable<T> = T | Promise<T>;

/** A JSON value: what a store holds. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object: what a record usually is, and the default of `get` and `update`. */
export type JsonObject = { [key: string]: JsonValue | undefined };

/** What a store can promise; consumers adapt to it (never by checking a function's arity). */
export interface StoreCapabilities {
  /** Reads and `update` are safe across several processes sharing the store. */
  readonly crossProcess: boolean;
  /** `get` may answer from a cache; `{ fresh: true }` bypasses it. */
  readonly cachedReads: boolean;
}

/** Options of {@link Store.get}. */
export interface ReadOptions {
  /** Read the backing storage, bypassing any cache (used after taking a lock). */
  readonly fresh?: boolean;
}

/** The function given to {@link Store.update}: returns the new value, or `undefined` to delete. */
export type Updater<T extends JsonValue = JsonValue> = (
  current: T | undefined,
) => Awaitable<T | undefined>;

/**
 * An async key/value store of small JSON records. Keys are printable strings
 * of at most 200 characters. Values returned by `get` must be treated as
 * read-only: stores may hand out a shared, frozen copy.
 */
export interface Store {
  /** What this store guarantees. */
  readonly capabilities: StoreCapabilities;
  /** The value at `key`, or `undefined` when there is none. */
  get<T extends JsonValue = JsonObject>(
    key: string,
    options?: ReadOptions,
  ): Awaitable<T | undefined>;
  /** Replaces the value at `key`. */
  set(key: string, value: JsonValue): Awaitable<void>;
  /** Removes `key`; resolves `true` when something was removed. */
  delete(key: string): Awaitable<boolean>;
  /** Every key, or those starting with `prefix`, in no particular order. */
  keys(prefix?: string): Awaitable<string[]>;
  /**
   * Atomic read-modify-write: `fn` receives the freshest value and its result
   * is stored (or the key deleted when it returns `undefined`). No concurrent
   * update is lost; cross-process stores guarantee that between processes too.
   * Resolves to the stored value.
   */
  update<T extends JsonValue = JsonObject>(key: string, fn: Updater<T>): Promise<T | undefined>;
  /**
   * The store's own lock, when it has one: a store declares it here, shared
   * between processes exactly when `capabilities.crossProcess` is true.
   * Strategies use it unless given another; a store without one needs a
   * `lock` option.
   */
  withLock?<T>(name: string, fn: () => Promise<T>, options?: LockOptions): Promise<T>;
  /**
   * Resolves when `key` may have changed: written or removed by this or
   * another process sharing the store. A hint, not a guarantee: it may
   * resolve with nothing changed, and a caller still looks again from time
   * to time. Rejects when `signal` aborts. Stores that can be told (file
   * system notifications) declare it; waiters poll the others.
   */
  changed?(key: string, options?: { readonly signal?: AbortSignal }): Promise<void>;
}

/** Options of {@link Lock.withLock}. */
export interface LockOptions {
  /** How long to wait for the lock before failing with `LOCK_UNAVAILABLE`; 0 tries once. Default 10 s. */
  readonly timeoutMs?: number;
  /** Aborts the wait. */
  readonly signal?: AbortSignal;
}

/** A named mutual-exclusion lock; shared between processes when the store is. */
export interface Lock {
  /**
   * Runs `fn` while holding the lock called `name` and always releases it.
   * Rejects with a `LOCK_UNAVAILABLE` {@link StoreError} if the lock cannot be
   * had within `timeoutMs`.
   */
  withLock<T>(name: string, fn: () => Promise<T>, options?: LockOptions): Promise<T>;
}
