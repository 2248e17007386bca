import { createRequire } from 'node:module';
import { unref } from '@mcp-oauth/core';
import { keychainError, unavailable } from './errors.js';
import { probeKeychain } from './probe.js';

/**
 * Where entries are kept: one secret string per account name within one
 * service. The default is the OS keychain through `@napi-rs/keyring`; tests
 * and unusual platforms may pass their own.
 */
export interface KeychainBackend {
  /** The secret of `account`, or `undefined` when there is none. */
  get(account: string): Promise<string | undefined>;
  /** Creates or replaces the secret of `account`. */
  set(account: string, secret: string): Promise<void>;
  /** Removes `account`; resolves whether it existed. */
  delete(account: string): Promise<boolean>;
  /** Rejects with `STORE_UNAVAILABLE` when the backend cannot be used. Called once before the first operation. */
  probe?(): Promise<void>;
}

/** Options of {@link osKeychain}. */
export interface OsKeychainOptions {
  /** The keychain service name entries are filed under. */
  readonly service: string;
  /** The availability probe must answer within this time (SPEC ST6). Default 1,500 ms. */
  readonly probeTimeoutMs?: number;
  /** A single keychain call must answer within this time, else `STORE_UNAVAILABLE`. Default 10 s. */
  readonly callTimeoutMs?: number;
}

type Keyring = typeof import('@napi-rs/keyring');

/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Linux Secret
 * Service) through `@napi-rs/keyring`. Calls run off the main thread
 * (`AsyncEntry`) with a timeout, so a keychain that stops answering never
 * blocks the event loop. On Linux entries are pinned to the Secret Service:
 * the library's fallback, the kernel keyring, loses everything at logout
 * and would hide a missing keychain instead of reporting it (SPEC ST4).
 */
export function osKeychain(options: OsKeychainOptions): KeychainBackend {
  const { service } = options;
  const callTimeoutMs = options.callTimeoutMs ?? 10_000;
  const require = createRequire(import.meta.url);
  let keyring: Keyring | undefined;
  const entry = (account: string) => {
    keyring ??= require('@napi-rs/keyring') as Keyring;
    return new keyring.AsyncEntry(service, account, { linux: { store: 'secret-service' } });
  };
  const call = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(unavailable(`${action} did not answer within ${callTimeoutMs} ms`)),
        callTimeoutMs,
      );
      unref(timer);
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (error) {
      throw keychainError(error, action);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    get: (account) =>
      call('read an entry', async () => (await entry(account).getPassword()) ?? undefined),
    set: (account, secret) => call('write an entry', () => entry(account).setPassword(secret)),
    delete: (account) => call('delete an entry', () => entry(account).deletePassword()),
    probe: () =>
      probeKeychain({
        service,
        modulePath: require.resolve('@napi-rs/keyring'),
        ...(options.probeTimeoutMs === undefined ? {} : { timeoutMs: options.probeTimeoutMs }),
      }),
  };
}
