import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Clock,
  cachedStore,
  type JsonValue,
  type Lock,
  type ReadOptions,
  type Store,
  systemClock,
} from '@mcp-oauth/core';
import {
  assertLockName,
  assertLocksHeld,
  assertStoreKey,
  defaultStoreDir,
  emit,
  ensurePrivateDir,
  errnoCode,
  fileChanged,
  fileLock,
  hashName,
  heldLocks,
  storeErrorFrom,
  sweepOrphanTemps,
} from '@mcp-oauth/store-primitives/fs';
import { unlinkDurable, writeFileAtomic } from './atomic-write.js';
import type { FileStoreEventListener } from './events.js';
import { quarantine } from './quarantine.js';
import { CorruptRecord, corruptError, decodeRecord, encodeRecord } from './record-codec.js';
import { readFileNoFollow } from './safe-read.js';
import { createUpdateQueue, type Job } from './update-queue.js';

/** Options of {@link fileStore}. */
export interface FileStoreOptions {
  /** Folder of the store. Default: {@link defaultStoreDir} for `appName`. */
  readonly dir?: string;
  /** Names the default folder, so two apps never share credentials. Default `mcp-oauth`. */
  readonly appName?: string;
  /** How long a cached read is trusted; other processes' writes are seen within it (SPEC T7). Default 5 s. */
  readonly ttlMs?: number;
  /** Lock files not refreshed for this long are broken (see {@link FileLockOptions.staleMs}). Default 10 s. */
  readonly staleLockMs?: number;
  /** How long `set`, `update` and `delete` wait for a record's lock before `LOCK_UNAVAILABLE`. Default 30 s. */
  readonly lockTimeoutMs?: number;
  /** Injected time (cache expiry, lock staleness). */
  readonly clock?: Clock;
  /** Receives `corrupt_record` and `stale_lock` events. */
  readonly onEvent?: FileStoreEventListener;
}

/** A file store: a cross-process {@link Store} that is also a cross-process {@link Lock}. */
export type FileStore = Store &
  Lock & {
    /** The folder records and locks live in. */
    readonly dir: string;
    /** Resolves when the record's file changes (SPEC R9); see {@link Store.changed}. */
    changed(key: string, options?: { readonly signal?: AbortSignal }): Promise<void>;
  };

const RECORD_FILE = /^[0-9a-f]{32}\.json$/;

/**
 * A store of one JSON file per record (SPEC ST2) under `dir/records`, with
 * atomic 0600 writes in 0700 folders (ST3), symlink refusal (ST6), corrupt
 * files reported as `STORE_CORRUPT` and moved aside (ST3), cross-process
 * `update` and `withLock` through lock files (ST1, R1), and cached reads:
 * this process's writes are visible at once, other processes' within
 * `ttlMs`, and `{ fresh: true }` always reads the file (T7).
 *
 * @example
 * const store = fileStore({ appName: 'my-mcp-client' });
 * await store.update('server:docs|49aaacec754e767e', (r) => ({ ...r, scope: 'read' }));
 */
export function fileStore(options: FileStoreOptions = {}): FileStore {
  const dir = options.dir ?? defaultStoreDir(options.appName);
  const recordsDir = join(dir, 'records');
  const clock = options.clock ?? systemClock;
  const lockTimeoutMs = options.lockTimeoutMs ?? 30_000;
  const lock = fileLock({
    dir: join(dir, 'locks'),
    ...(options.staleLockMs === undefined ? {} : { staleMs: options.staleLockMs }),
    clock,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const pathOf = (key: string) => join(recordsDir, `${hashName(key)}.json`);
  // Named after the record's file, so keys(), which knows files and not
  // keys, takes the same lock as writers before quarantining one.
  const fileLockFor = <T>(hash: string, fn: () => Promise<T>) =>
    lock.withLock(`record\u0000${hash}`, fn, { timeoutMs: lockTimeoutMs });
  const recordLock = <T>(key: string, fn: () => Promise<T>) => fileLockFor(hashName(key), fn);

  let prepared: Promise<void> | undefined;
  /** Whether the records folder was seen to exist (a watch needs it). */
  let recordsSeen = false;
  const prepare = () => {
    prepared ??= (async () => {
      await ensurePrivateDir(dir);
      await ensurePrivateDir(recordsDir);
      await sweepOrphanTemps(recordsDir, clock.now());
    })().catch((error) => {
      prepared = undefined;
      throw error;
    });
    return prepared;
  };

  /** Reads and decodes; a corrupt file throws {@link CorruptRecord}. */
  const readRaw = async (key: string, path = pathOf(key)) => {
    const text = await readFileNoFollow(path);
    if (text === undefined) return undefined;
    const record = decodeRecord(text);
    if (record.key !== key) throw new CorruptRecord(`it holds the record for another key`);
    return record.value;
  };

  /** Moves a corrupt file aside (caller holds the record lock) and returns the error to report. */
  const setAside = async (key: string | undefined, path: string, reason: string) => {
    const quarantinePath = await quarantine(path);
    if (quarantinePath === undefined) return undefined;
    emit(options.onEvent, {
      type: 'corrupt_record',
      ...(key === undefined ? {} : { key }),
      path,
      quarantinePath,
    });
    return corruptError(key, quarantinePath, reason);
  };

  /** A lock-free read; a corrupt file is re-checked and quarantined under the record lock. */
  const readFresh = async (key: string, path = pathOf(key)): Promise<JsonValue | undefined> => {
    try {
      return await readRaw(key, path);
    } catch (error) {
      if (!(error instanceof CorruptRecord)) throw error;
    }
    // Re-check under the lock: another process may have replaced the file since.
    return recordLock(key, async () => {
      try {
        return await readRaw(key, path);
      } catch (error) {
        if (!(error instanceof CorruptRecord)) throw error;
        const reported = await setAside(key, path, error.message);
        if (reported) throw reported;
        return undefined;
      }
    });
  };

  const runBatch = async (key: string, jobs: Job[]) => {
    await prepare();
    // Runs outside any caller's locks (see createUpdateQueue): heldLocks()
    // in here is the record lock alone.
    await recordLock(key, async () => {
      const path = pathOf(key);
      let current: JsonValue | undefined;
      let corrupt: Error | undefined;
      try {
        current = await readRaw(key, path);
      } catch (error) {
        if (!(error instanceof CorruptRecord)) throw error;
        corrupt = await setAside(key, path, error.message);
      }
      const existed = current !== undefined || corrupt !== undefined;
      const outcomes: Array<{ job: Job; value?: JsonValue | undefined; error?: unknown }> = [];
      let changed = false;
      for (const job of jobs) {
        if (corrupt && !job.blind) {
          outcomes.push({ job, error: corrupt });
          continue;
        }
        try {
          // Each updater gets its own copy: one that mutates its input and then
          // throws must not change what the next one sees.
          const next = await job.fn(corrupt ? undefined : structuredClone(current));
          // A JSON round trip: stores hold JSON, and callers must not share objects with the store.
          current =
            next === undefined ? undefined : (JSON.parse(JSON.stringify(next)) as JsonValue);
          corrupt = undefined;
          changed = true;
          outcomes.push({ job, value: current });
        } catch (error) {
          outcomes.push({ job, error });
        }
      }
      if (changed) {
        // The record lock and the locks the callers wrote under must all still
        // be ours: a holder paused past the stale timeout (a suspended laptop)
        // must not overwrite what the next holder wrote (SPEC H8).
        const commit = () => assertLocksHeld([...heldLocks(), ...jobs.flatMap((job) => job.locks)]);
        if (current === undefined) {
          if (existed) {
            await commit();
            await unlinkDurable(path);
          }
        } else {
          await writeFileAtomic(path, encodeRecord(key, current), commit);
        }
      }
      for (const { job, value, error } of outcomes) {
        if (error === undefined) job.resolve(value);
        else job.reject(error);
      }
    });
  };
  const enqueue = createUpdateQueue(runBatch);

  const base: Store = {
    capabilities: { crossProcess: true, cachedReads: false },
    async get<T extends JsonValue = JsonValue>(key: string, _options?: ReadOptions) {
      assertStoreKey(key);
      return (await readFresh(key)) as T | undefined;
    },
    async set(key, value) {
      assertStoreKey(key);
      // Snapshot now: the caller may mutate `value` before the queued write runs.
      const snapshot = JSON.stringify(value);
      if (snapshot === undefined) throw new TypeError('Store values must be JSON values');
      await enqueue(key, () => JSON.parse(snapshot), true);
    },
    async delete(key) {
      assertStoreKey(key);
      let existed = false;
      await enqueue(
        key,
        (current) => {
          existed = current !== undefined;
          return undefined;
        },
        true,
      );
      return existed;
    },
    async keys(prefix = '') {
      let names: string[];
      try {
        names = await readdir(recordsDir);
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') return [];
        throw storeErrorFrom(error, 'list', recordsDir);
      }
      const keys: string[] = [];
      for (const name of names.filter((n) => RECORD_FILE.test(n))) {
        const path = join(recordsDir, name);
        let key: string | undefined;
        try {
          const text = await readFileNoFollow(path);
          if (text === undefined) continue;
          key = decodeRecord(text).key;
        } catch (error) {
          if (!(error instanceof CorruptRecord)) throw error;
          // Re-check under the record's lock (a writer may have just replaced
          // the file), then quarantine and report it.
          key = await fileLockFor(name.slice(0, 32), async () => {
            try {
              const again = await readFileNoFollow(path);
              return again === undefined ? undefined : decodeRecord(again).key;
            } catch (error) {
              if (!(error instanceof CorruptRecord)) throw error;
              const reported = await setAside(undefined, path, error.message);
              if (reported) throw reported;
              return undefined;
            }
          });
          if (key === undefined) continue;
        }
        if (hashName(key) === name.slice(0, 32) && key.startsWith(prefix)) keys.push(key);
      }
      return keys;
    },
    async update<T extends JsonValue = JsonValue>(
      key: string,
      fn: (current: T | undefined) => unknown,
    ) {
      assertStoreKey(key);
      return enqueue(key, fn as Job['fn']) as Promise<T | undefined>;
    },
  };

  const cached = cachedStore(base, {
    ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
    clock,
  });
  return {
    ...cached,
    capabilities: { crossProcess: true, cachedReads: true },
    dir,
    async withLock(name, fn, lockOptions) {
      // Checked before the prefix is added, so an error names the caller's lock.
      assertLockName(name);
      return lock.withLock(`lock\u0000${name}`, fn, lockOptions);
    },
    // Waiters for a refresh wake when the holder's write lands, instead of polling.
    changed(key, changeOptions = {}) {
      assertStoreKey(key);
      // The folder must exist to be watched: a store nobody wrote to yet has
      // none, and it is prepared first. Once it exists a watch costs no more
      // than the watch itself (waiters in a refresh storm ask many times).
      const name = `${hashName(key)}.json`;
      if (recordsSeen) return fileChanged(recordsDir, name, changeOptions.signal);
      return lstat(recordsDir)
        .then(
          (stat) => {
            if (!stat.isDirectory()) return prepare();
          },
          () => prepare(),
        )
        .then(() => {
          recordsSeen = true;
          return fileChanged(recordsDir, name, changeOptions.signal);
        });
    },
  };
}
