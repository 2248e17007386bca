import { createHash } from 'node:crypto';
import { join } from 'node:path';
import {
  type Clock,
  cachedStore,
  ErrorCode,
  type JsonValue,
  type Lock,
  type Store,
  StoreError,
  systemClock,
} from '@mcp-oauth/core';
import {
  assertLockName,
  assertLocksHeld,
  assertStoreKey,
  defaultStoreDir,
  fileLock,
} from '@mcp-oauth/store-primitives/fs';
import { type KeychainBackend, osKeychain } from './backend.js';
import {
  CorruptEntry,
  deleteEntry,
  encodeEntry,
  quarantineAccount,
  quarantineEntry,
  readEntry,
  type StoredEntry,
  writeEntry,
} from './entries.js';
import type { KeychainStoreEventListener } from './events.js';
import { changeIndex, INDEX_ACCOUNT, readIndex } from './key-index.js';

/** Options of {@link keychainStore}. */
export interface KeychainStoreOptions {
  /** Keychain service name entries are filed under; one per app. Default `mcp-oauth`. */
  readonly service?: string;
  /** Folder for the lock files that make `update` and `withLock` cross-process. Default: `<platform data folder>/<service>/keychain-locks`. */
  readonly lockDir?: string;
  /** How long a cached read is trusted; other processes' writes are seen within it (SPEC T7). Default 5 s. */
  readonly ttlMs?: number;
  /** "Unavailable" is reported within this time when no keychain answers (SPEC ST6). Default 1,500 ms. */
  readonly probeTimeoutMs?: number;
  /** The keychain must answer its oldest pending call within this time, else `STORE_UNAVAILABLE`. Default 5 s. */
  readonly callTimeoutMs?: number;
  /** How long `set`, `update` and `delete` wait for a record's lock. Default 30 s. */
  readonly lockTimeoutMs?: number;
  /** Lock files not refreshed for this long are broken. Default 10 s. */
  readonly staleLockMs?: number;
  /** Where entries live. Default: the OS keychain through `@napi-rs/keyring`. */
  readonly backend?: KeychainBackend;
  /** Injected time (cache expiry, lock staleness). */
  readonly clock?: Clock;
  /** Receives `corrupt_record` and `stale_lock` events. */
  readonly onEvent?: KeychainStoreEventListener;
}

/** A keychain store: a cross-process {@link Store} and {@link Lock}. */
export type KeychainStore = Store &
  Lock & {
    /** The keychain service name. */
    readonly service: string;
    /**
     * Resolves once the keychain has answered a probe; rejects with
     * `STORE_UNAVAILABLE` within `probeTimeoutMs` when it does not. Every
     * operation waits for it; call it first to choose a fallback store.
     */
    ready(): Promise<void>;
  };

const headAccount = (key: string) =>
  createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);

/**
 * A store in the OS keychain (SPEC ST4): one head entry per record (ST2),
 * values over 1,000 characters split into chunks so no entry approaches
 * Windows' 2,560-byte limit, a key index for `keys()`, cached reads so
 * `tokens()` costs no keychain call (T7), `update` and `withLock` made
 * cross-process by a file lock (ST1), and `STORE_UNAVAILABLE` within 2 s
 * when no keychain answers (ST6).
 */
export function keychainStore(options: KeychainStoreOptions = {}): KeychainStore {
  const service = options.service ?? 'mcp-oauth';
  if (typeof service !== 'string' || service === '') {
    throw new TypeError('keychainStore() requires a non-empty service name');
  }
  const clock = options.clock ?? systemClock;
  const backend =
    options.backend ??
    osKeychain({
      service,
      ...(options.probeTimeoutMs === undefined ? {} : { probeTimeoutMs: options.probeTimeoutMs }),
      ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
    });
  const lock = fileLock({
    dir:
      options.lockDir ?? join(defaultStoreDir(service.replace(/[^\w.-]/g, '_')), 'keychain-locks'),
    clock,
    ...(options.staleLockMs === undefined ? {} : { staleMs: options.staleLockMs }),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const lockTimeoutMs = options.lockTimeoutMs ?? 30_000;
  const locked = <T>(name: string, fn: () => Promise<T>) =>
    lock.withLock(`${service}\u0000${name}`, fn, { timeoutMs: lockTimeoutMs });
  const report = (key: string | undefined, account: string) => {
    try {
      options.onEvent?.({
        type: 'corrupt_record',
        ...(key === undefined ? {} : { key }),
        quarantineAccount: quarantineAccount(account),
      });
    } catch {}
  };

  let probing: Promise<void> | undefined;
  const ready = () => {
    probing ??= Promise.resolve(backend.probe?.()).catch((error) => {
      // Probe again next time: the user may unlock or start the keychain.
      probing = undefined;
      throw error;
    });
    return probing;
  };
  /** Runs an operation after the probe; a keychain that stops answering is probed again next time. */
  const guarded = async <T>(fn: () => Promise<T>): Promise<T> => {
    await ready();
    try {
      return await fn();
    } catch (error) {
      if (error instanceof StoreError && error.code === ErrorCode.StoreUnavailable) {
        probing = undefined;
      }
      throw error;
    }
  };

  /** Moves a damaged record aside (caller holds its lock) and returns the error to report. */
  const setAside = async (key: string | undefined, account: string, reason: string) => {
    await quarantineEntry(backend, account);
    report(key, account);
    return new StoreError(
      ErrorCode.StoreCorrupt,
      `The keychain record${key === undefined ? ' index' : ` for "${key}"`} was corrupt (${reason}); it was moved to the account "${quarantineAccount(account)}" of service "${service}" and is treated as missing from now on.`,
    );
  };

  /** Reads under the caller's lock; a corrupt record is set aside and reported. */
  const readLocked = async (key: string) => {
    const account = headAccount(key);
    try {
      return { entry: await readEntry(backend, account, key) };
    } catch (error) {
      if (!(error instanceof CorruptEntry)) throw error;
      return { entry: undefined, corrupt: await setAside(key, account, error.message) };
    }
  };

  /** Adds or removes `key` in the index, under the index lock; a corrupt index restarts empty. */
  const indexKey = (key: string, present: boolean) =>
    locked('index', async () => {
      let current: Awaited<ReturnType<typeof readIndex>>;
      try {
        current = await readIndex(backend);
      } catch (error) {
        if (!(error instanceof CorruptEntry)) throw error;
        await setAside(undefined, INDEX_ACCOUNT, error.message);
        current = { keys: [], entry: undefined };
      }
      await changeIndex(backend, current, key, present);
    });

  /**
   * Writes `value` (or deletes when `undefined`) given what is stored now.
   * Callers hold the record lock. Before anything is written, every lock the
   * call runs under (the record lock, and the caller's own, such as a
   * refresh lock) must still be ours: a holder paused past the stale timeout
   * must not overwrite the next holder's tokens (SPEC H8).
   */
  const write = async (key: string, value: JsonValue | undefined, previous?: StoredEntry) => {
    // Encoded first: an oversized record is refused before anything changes.
    const payload = value === undefined ? undefined : encodeEntry(key, value);
    await assertLocksHeld();
    const account = headAccount(key);
    if (payload === undefined) {
      const existed = await deleteEntry(backend, account, previous?.head);
      await indexKey(key, false);
      return existed;
    }
    // Index first: after a crash keys() may list a key with no record, never miss a record.
    if (!previous) await indexKey(key, true);
    await writeEntry(backend, account, payload, previous?.head);
    return true;
  };

  const base: Store = {
    capabilities: { crossProcess: true, cachedReads: false },
    async get<T extends JsonValue = JsonValue>(key: string) {
      assertStoreKey(key);
      return guarded(async () => {
        try {
          return (await readEntry(backend, headAccount(key), key))?.value as T | undefined;
        } catch (error) {
          if (!(error instanceof CorruptEntry)) throw error;
        }
        // Re-check under the lock: a writer may have been half-way through.
        return locked(`record\u0000${key}`, async () => {
          const { entry, corrupt } = await readLocked(key);
          if (corrupt) throw corrupt;
          return entry?.value as T | undefined;
        });
      });
    },
    async set(key, value) {
      assertStoreKey(key);
      // Snapshot now: the caller may mutate `value` while the lock is awaited.
      const snapshot = JSON.stringify(value);
      if (snapshot === undefined) throw new TypeError('Store values must be JSON values');
      await guarded(() =>
        locked(`record\u0000${key}`, async () => {
          const { entry } = await readLocked(key);
          await write(key, JSON.parse(snapshot) as JsonValue, entry);
        }),
      );
    },
    async delete(key) {
      assertStoreKey(key);
      return guarded(() =>
        locked(`record\u0000${key}`, async () => {
          const { entry, corrupt } = await readLocked(key);
          if (!entry) {
            if (corrupt) await indexKey(key, false);
            return corrupt !== undefined;
          }
          return write(key, undefined, entry);
        }),
      );
    },
    async keys(prefix = '') {
      return guarded(() =>
        locked('index', async () => {
          try {
            return (await readIndex(backend)).keys.filter((key) => key.startsWith(prefix));
          } catch (error) {
            if (!(error instanceof CorruptEntry)) throw error;
            throw await setAside(undefined, INDEX_ACCOUNT, error.message);
          }
        }),
      );
    },
    async update<T extends JsonValue = JsonValue>(
      key: string,
      fn: (current: T | undefined) => unknown,
    ) {
      assertStoreKey(key);
      return guarded(() =>
        locked(`record\u0000${key}`, async () => {
          const { entry, corrupt } = await readLocked(key);
          if (corrupt) throw corrupt;
          const next = await fn(
            entry === undefined ? undefined : (structuredClone(entry.value) as T),
          );
          const value =
            next === undefined ? undefined : (JSON.parse(JSON.stringify(next)) as JsonValue);
          if (value !== undefined || entry) await write(key, value, entry);
          return value as T | undefined;
        }),
      );
    },
  };

  const cached = cachedStore(base, {
    ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
    clock,
  });
  return {
    ...cached,
    capabilities: { crossProcess: true, cachedReads: true },
    service,
    ready,
    async withLock(name, fn, lockOptions) {
      // Checked before the prefix is added, so an error names the caller's lock.
      assertLockName(name);
      return lock.withLock(`${service}\u0000lock\u0000${name}`, fn, lockOptions);
    },
  };
}
