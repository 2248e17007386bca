import { randomBytes } from 'node:crypto';
import { type Lock, type LockOptions, unref } from '@mcp-oauth/core';
import {
  assertLockName,
  callChainValue,
  createMutex,
  DEFAULT_LOCK_TIMEOUT_MS,
  lockUnavailable,
} from '@mcp-oauth/store-primitives';
import { type Connection, evalScript } from './connection.js';
import { emit, type RedisStoreEventListener } from './events.js';
import type { Names } from './namespace.js';
import { RELEASE, RENEW } from './scripts.js';

/** A lock the current call chain holds. */
export interface HeldLock {
  /** The store instance that took it: only its writes can check it. */
  readonly owner: object;
  /** The name given to `withLock`. */
  readonly name: string;
  /** Its Redis key. */
  readonly key: string;
  /** The value only this holder put there (SET NX PX). */
  readonly token: string;
  /** Set once a renewal found the lock no longer ours. */
  lost: boolean;
}

// One list per call chain, as the file lock does it (store-primitives/fs
// held-locks): a write deep inside `withLock` sees every lock it runs under
// and makes Redis check them in the same script as the write (SPEC H8).
const chain = callChainValue<readonly HeldLock[]>();

/** The locks of `owner` held by the current call chain, outermost first. */
export function heldLocks(owner: object): HeldLock[] {
  return (chain.get() ?? []).filter((lock) => lock.owner === owner);
}

/** Options of {@link redisLock}. */
export interface RedisLockOptions {
  readonly owner: object;
  readonly connection: Connection;
  readonly names: Names;
  /** Lease of a lock; the holder renews it every third of it. */
  readonly leaseMs: number;
  /** Longest pause between two attempts while waiting; release messages wake waiters sooner. */
  readonly maxPollMs: number;
  readonly onEvent?: RedisStoreEventListener | undefined;
}

/** A {@link Lock} over Redis, and the hook its connection calls on release messages. */
export interface RedisLock extends Lock {
  /** A lock key was released: wake this process's waiters for it. */
  released(key: string): void;
}

/**
 * A cross-machine lock (SPEC DS1, R1): `SET key token NX PX lease` with a
 * random owner token, renewed every `leaseMs / 3` while `fn` runs (only if
 * the key still holds the token), released by compare-and-delete, which
 * publishes the key so waiters on every machine retry at once; a waiter also
 * retries after a short back-off (from 1 ms up to `maxPollMs`), in case a
 * message is lost or a holder died and its lease ran out. Callers in one
 * process queue in memory first, so a process is one contender.
 */
export function redisLock(options: RedisLockOptions): RedisLock {
  const { connection, names, leaseMs } = options;
  const local = createMutex();
  const waiters = new Map<string, Set<() => void>>();

  /** Waits for a release of `key`, `ms` or an abort, whichever comes first. */
  const pause = (key: string, ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const set = waiters.get(key) ?? new Set<() => void>();
      waiters.set(key, set);
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        set.delete(wake);
        if (set.size === 0 && waiters.get(key) === set) waiters.delete(key);
      };
      const wake = () => {
        done();
        resolve();
      };
      const onAbort = () => {
        done();
        reject(signal?.reason);
      };
      // Referenced: a process waiting for a lock stays alive.
      const timer = setTimeout(wake, ms);
      set.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  const take = (key: string, token: string) =>
    connection.call(
      'take a lock',
      async (send) => (await send(['SET', key, token, 'NX', 'PX', String(leaseMs)])) === 'OK',
    );

  /** Compare-and-delete; failures are left to the lease. */
  const release = (key: string, token: string) =>
    connection
      .call('release a lock', (send) => evalScript(send, RELEASE, [key], [token, names.releases]))
      .then(
        () => {},
        () => {},
      );

  const acquire = async (
    name: string,
    key: string,
    token: string,
    timeoutMs: number,
    deadline: number,
    signal?: AbortSignal,
  ) => {
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      let taken: boolean;
      try {
        taken = await take(key, token);
      } catch (error) {
        // The SET may still run when a paused server resumes: the release queued
        // behind it on the same connection then removes what it took at once.
        void release(key, token);
        throw error;
      }
      if (taken) return;
      const remaining = deadline - Date.now();
      if (timeoutMs === 0 || remaining <= 0) throw lockUnavailable(name, timeoutMs);
      const backoff = Math.min(options.maxPollMs, 2 ** Math.min(attempt, 10));
      await pause(key, Math.min(backoff * (0.5 + Math.random()), remaining), signal);
    }
  };

  /** Renews the lease every third of it while `held` is ours; marks it lost when it is not. */
  const keepAlive = (held: HeldLock) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = async () => {
      try {
        const renewed = await connection.call('renew a lock', async (send) =>
          evalScript(send, RENEW, [held.key], [held.token, String(leaseMs)]),
        );
        if (renewed !== 1) {
          held.lost = true;
          emit(options.onEvent, { type: 'lock_lost', name: held.name });
          return;
        }
      } catch {
        // Unreachable for now: try again; writes are fenced by Redis itself anyway.
      }
      if (!stopped && !connection.closed) schedule();
    };
    const schedule = () => {
      timer = setTimeout(tick, Math.max(10, leaseMs / 3));
      unref(timer);
    };
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  };

  return {
    released(key) {
      for (const wake of [...(waiters.get(key) ?? [])]) wake();
    },
    async withLock<T>(name: string, fn: () => Promise<T>, lockOptions: LockOptions = {}) {
      assertLockName(name);
      const timeoutMs = lockOptions.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
      const queuedAt = Date.now();
      // The in-process mutex checks fn and the options and bounds the wait
      // in the queue; what is left of timeoutMs bounds the wait for Redis.
      return local.withLock(
        name,
        async () => {
          const key = names.lock(name);
          const token = randomBytes(16).toString('hex');
          await acquire(name, key, token, timeoutMs, queuedAt + timeoutMs, lockOptions.signal);
          const held: HeldLock = { owner: options.owner, name, key, token, lost: false };
          const stop = keepAlive(held);
          try {
            return await chain.run([...(chain.get() ?? []), held], fn);
          } finally {
            stop();
            // Compare-and-delete: a lock that expired and was retaken is left to its new holder.
            await release(key, token);
          }
        },
        lockOptions,
      );
    },
  };
}
