import {
  type Clock,
  ErrorCode,
  type JsonValue,
  type Lock,
  type ReadOptions,
  type Store,
  StoreError,
  systemClock,
} from '@mcp-oauth/core';
import { assertStoreKey } from '@mcp-oauth/store-primitives';
import type { RedisClientOptions } from 'redis';
import { RecordCache } from './cache.js';
import { aesGcmCodec, type Codec, type EncryptionKey, plainCodec } from './codec.js';
import { connect, evalScript, type Send } from './connection.js';
import { corrupt, lockLost } from './errors.js';
import type { RedisStoreEventListener } from './events.js';
import { type HeldLock, heldLocks, redisLock } from './lock.js';
import { namesFor } from './namespace.js';
import { READ, WRITE } from './scripts.js';
import { createWriteQueue } from './write-queue.js';

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /** `redis[s]://[[user][:password]@]host[:port][/db]`. Default: node-redis's, `redis://localhost:6379`. */
  readonly url?: string | undefined;
  /**
   * Any other node-redis `createClient` options (TLS, credentials provider,
   * database, client name). The store opens its own two connections with
   * them; it sets `socket.reconnectStrategy` and `disableOfflineQueue` itself.
   */
  readonly connection?: RedisClientOptions;
  /** Namespaces every key and channel, so two apps sharing a server never share credentials (SPEC DS3). Default `mcp-oauth`. */
  readonly appName?: string;
  /** A second namespace level, for one app serving several tenants. Default: none. */
  readonly tenant?: string;
  /**
   * Encrypts every record with AES-GCM before it leaves this process (SPEC
   * DS3): a `CryptoKey` (AES-GCM, encrypt and decrypt) or 16 or 32 raw bytes.
   * Default: none (records are stored as JSON text).
   */
  readonly encryptionKey?: EncryptionKey;
  /** Older keys, tried after `encryptionKey` when reading, while records are rewritten with the new one. */
  readonly decryptionKeys?: readonly EncryptionKey[];
  /** Longest a cached read is trusted if an invalidation message were lost (SPEC T7). Default 5 s. */
  readonly ttlMs?: number;
  /** How long any store call waits for Redis before failing with `STORE_UNAVAILABLE` (SPEC DS4). Default 3 s. */
  readonly commandTimeoutMs?: number;
  /** Lease of a lock; the holder renews it every `lockLeaseMs / 3`, and a holder paused longer loses it (SPEC H8). Default 10 s. */
  readonly lockLeaseMs?: number;
  /** Longest pause between two attempts to take a held lock; a release wakes waiters at once. Default 100 ms. */
  readonly maxLockPollMs?: number;
  /** Injected time for cache expiry. */
  readonly clock?: Clock;
  /** Receives `connection_lost`, `connection_restored` and `lock_lost` events. */
  readonly onEvent?: RedisStoreEventListener;
}

/** A Redis store: a cross-machine {@link Store} that is also a cross-machine {@link Lock}. */
export type RedisStore = Omit<Store, 'set' | 'delete' | 'keys' | 'withLock'> &
  Lock & {
    /** Replaces the value at `key`. */
    set(key: string, value: JsonValue): Promise<void>;
    /** Removes `key`; resolves `true` when something was removed. */
    delete(key: string): Promise<boolean>;
    /** Every key, or those starting with `prefix`. */
    keys(prefix?: string): Promise<string[]>;
    /** What every Redis key and channel of this store starts with: `mcp-oauth:<appName>:<tenant or ~>:`. */
    readonly prefix: string;
    /** Resolves once Redis answers and invalidations flow (reads are cached from then on); rejects with `STORE_UNAVAILABLE` after `commandTimeoutMs`. */
    ready(): Promise<void>;
    /** Closes the store's connections. Later calls fail with `STORE_ERROR`. */
    close(): Promise<void>;
  };

function positive(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`redisStore() ${option} must be a positive number of milliseconds`);
  }
  return value;
}

/** A failed update attempt: another writer got there first. */
const CONFLICT = Symbol('conflict');

/** How long `update` keeps retrying against other machines' writes before giving up. */
const UPDATE_GIVE_UP_MS = 30_000;

/**
 * A store on Redis or Valkey for a fleet of machines (SPEC DS1–DS5). One
 * hash per record (ST2) under a per-application namespace (DS3); `update`
 * is a compare-and-set in a Lua script, retried on conflict (DS1);
 * `withLock` is a leased, renewed, owner-token lock, and every write made
 * under it is fenced: Redis refuses it in the same script unless the lock
 * still holds this holder's token (H8). Reads are cached and invalidated by
 * pub/sub messages (DS2, T7); records can be encrypted with AES-GCM (DS3);
 * every call fails with `STORE_UNAVAILABLE` within `commandTimeoutMs` while
 * Redis is away, and the store recovers by itself (DS4).
 *
 * @example
 * const store = redisStore({ url: process.env.REDIS_URL, appName: 'my-mcp-client' });
 * await store.update('server:docs|49aaacec754e767e', (r) => ({ ...r, scope: 'read' }));
 */
export function redisStore(options: RedisStoreOptions = {}): RedisStore {
  const names = namesFor(options.appName, options.tenant);
  const ttlMs = positive('ttlMs', options.ttlMs, 5_000);
  const commandTimeoutMs = positive('commandTimeoutMs', options.commandTimeoutMs, 3_000);
  const leaseMs = positive('lockLeaseMs', options.lockLeaseMs, 10_000);
  const maxPollMs = positive('maxLockPollMs', options.maxLockPollMs, 100);
  if (options.url !== undefined && typeof options.url !== 'string') {
    throw new TypeError('redisStore() url must be a string such as redis://localhost:6379');
  }
  const codec: Codec =
    options.encryptionKey === undefined
      ? plainCodec
      : aesGcmCodec(options.encryptionKey, options.decryptionKeys);
  const cache = new RecordCache(ttlMs, options.clock ?? systemClock);
  const owner = {};

  const connection = connect({
    url: options.url,
    connection: options.connection,
    commandTimeoutMs,
    channels: [names.invalidations, names.releases],
    onMessage(message, channel) {
      if (channel === names.releases) return lock.released(message);
      const space = message.indexOf(' ');
      cache.announced(message.slice(space + 1), Number(message.slice(0, space)));
    },
    onSubscription: (live) => cache.setLive(live),
    onEvent: options.onEvent,
  });
  const lock = redisLock({
    owner,
    connection,
    names,
    leaseMs,
    maxPollMs,
    onEvent: options.onEvent,
  });

  /** The record's JSON value and its version ('' when absent), with the namespace counter. */
  const readRecord = async (send: Send, key: string) => {
    const [data, version, seq] = (await evalScript(
      send,
      READ,
      [names.record(key), names.seq],
      [],
    )) as [string | null, string | null, string | null];
    let value: JsonValue | undefined;
    if (data !== null) {
      const json = await codec.decode(data, names.record(key), key);
      try {
        value = JSON.parse(json) as JsonValue;
      } catch (error) {
        throw corrupt(
          key,
          'it is not JSON. Was it written by something other than this store?',
          error,
        );
      }
    } else if (version !== null) {
      throw corrupt(
        key,
        'it has a version and no data. Was it written by something other than this store?',
      );
    }
    return { value, version: version ?? '', seq: Number(seq ?? 0) };
  };

  /** Runs WRITE; throws LOCK_UNAVAILABLE when a lock it runs under was lost. */
  const writeRecord = async (
    send: Send,
    key: string,
    expected: string,
    json: string | undefined,
    locks: readonly HeldLock[],
  ) => {
    const lost = locks.find((held) => held.lost);
    if (lost) throw lockLost(lost.name);
    const data = json === undefined ? '' : await codec.encode(json, names.record(key));
    const reply = (await evalScript(
      send,
      WRITE,
      [names.record(key), names.index, names.seq, ...locks.map((held) => held.key)],
      [
        json === undefined ? 'del' : 'set',
        expected,
        data,
        key,
        names.invalidations,
        ...locks.map((held) => held.token),
      ],
    )) as [string, number?, number?];
    if (reply[0] === 'lost') {
      const held = locks[(reply[1] ?? 1) - 1]!;
      held.lost = true;
      throw lockLost(held.name);
    }
    if (reply[0] === 'conflict') return CONFLICT;
    return { version: Number(reply[1]), existed: reply[2] === 1 };
  };

  /** An attempt's outcome: what is now stored, its version, and what the call resolves to. */
  type Outcome<R> = { value: JsonValue | undefined; version: number; result: R } | typeof CONFLICT;

  /** Writes through the per-key queue, retrying on conflict, caching what was written. */
  const write = <R>(key: string, action: string, attempt: () => Promise<Outcome<R>>): Promise<R> =>
    queue(key, async () => {
      const started = Date.now();
      for (let round = 0; ; round++) {
        const ticket = cache.begin(key);
        let outcome: Outcome<R>;
        try {
          outcome = await attempt();
        } catch (error) {
          cache.cancel(ticket);
          throw error;
        }
        if (outcome !== CONFLICT) {
          cache.settle(ticket, outcome.value, outcome.version);
          return outcome.result;
        }
        cache.cancel(ticket);
        if (Date.now() - started > UPDATE_GIVE_UP_MS) {
          throw new StoreError(
            ErrorCode.Store,
            `Could not ${action}: other writers changed ${JSON.stringify(key)} ${round + 1} times in a row over ${UPDATE_GIVE_UP_MS / 1000} s.`,
          );
        }
        // Another machine wrote in between: read again, after a short jittered pause.
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(50, 2 ** Math.min(round, 6)) * Math.random()),
        );
      }
    });
  const queue = createWriteQueue();

  /** A read straight from Redis, cached unless something newer was announced meanwhile. */
  const readFresh = async (key: string) => {
    const ticket = cache.begin(key);
    try {
      const { value, seq } = await connection.call('read a record', (send) =>
        readRecord(send, key),
      );
      return cache.settle(ticket, value, seq);
    } catch (error) {
      cache.cancel(ticket);
      throw error;
    }
  };
  const pending = new Map<string, Promise<JsonValue | undefined>>();
  const readThrough = (key: string) => {
    let inFlight = pending.get(key);
    if (!inFlight) {
      inFlight = readFresh(key).finally(() => pending.delete(key));
      pending.set(key, inFlight);
    }
    return inFlight;
  };

  const copy = <T extends JsonValue>(value: T | undefined) =>
    value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as T);

  return {
    capabilities: { crossProcess: true, cachedReads: true },
    prefix: names.prefix,
    get<T extends JsonValue = JsonValue>(key: string, readOptions?: ReadOptions) {
      // Only checked keys are ever cached: the hot path skips the check.
      const entry = readOptions?.fresh ? undefined : cache.get(key);
      if (entry) return entry.value as T | undefined;
      try {
        assertStoreKey(key);
      } catch (error) {
        return Promise.reject(error);
      }
      return (readOptions?.fresh ? readFresh(key) : readThrough(key)) as Promise<T | undefined>;
    },
    async set(key, value) {
      assertStoreKey(key);
      // Snapshot now: the caller may change `value` before the queued write runs.
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError('Store values must be JSON values');
      const locks = heldLocks(owner);
      await write(key, 'write a record', async () => {
        const written = await connection.call('write a record', (send) =>
          writeRecord(send, key, '*', json, locks),
        );
        if (written === CONFLICT) return CONFLICT;
        return {
          value: JSON.parse(json) as JsonValue,
          version: written.version,
          result: undefined,
        };
      });
    },
    async delete(key) {
      assertStoreKey(key);
      const locks = heldLocks(owner);
      return write(key, 'delete a record', async () => {
        const written = await connection.call('delete a record', (send) =>
          writeRecord(send, key, '*', undefined, locks),
        );
        if (written === CONFLICT) return CONFLICT;
        return { value: undefined, version: written.version, result: written.existed };
      });
    },
    async keys(prefix = '') {
      const all = (await connection.call('list keys', (send) =>
        send(['SMEMBERS', names.index]),
      )) as string[];
      return all.filter((key) => key.startsWith(prefix));
    },
    async update<T extends JsonValue = JsonValue>(
      key: string,
      fn: (current: T | undefined) => T | undefined | Promise<T | undefined>,
    ) {
      assertStoreKey(key);
      if (typeof fn !== 'function') throw new TypeError('update() requires an updater function');
      const locks = heldLocks(owner);
      const stored = await write(key, 'update a record', async () => {
        const current = await connection.call('read a record', (send) => readRecord(send, key));
        // The updater gets its own copy, so one that mutates its input and then throws changes
        // nothing; its time is its own, outside the Redis calls' deadlines.
        const next = await fn(copy(current.value as T | undefined));
        const json = next === undefined ? undefined : JSON.stringify(next);
        const written = await connection.call('update a record', (send) =>
          writeRecord(send, key, current.version, json, locks),
        );
        if (written === CONFLICT) return CONFLICT;
        const value = json === undefined ? undefined : (JSON.parse(json) as JsonValue);
        return { value, version: written.version, result: value };
      });
      return copy(stored as T | undefined);
    },
    withLock: (name, fn, lockOptions) => lock.withLock(name, fn, lockOptions),
    async ready() {
      await connection.call('reach Redis', async (send) => {
        await send(['PING']);
        await connection.subscribed;
      });
    },
    close: () => connection.close(),
  };
}
