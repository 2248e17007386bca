import { createRequire } from 'node:module';
import { StoreError } from '@mcp-oauth/core';
import { unavailable } from './errors.js';
import { KeychainHelper } from './keychain-helper.js';

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
  /** Rejects with `STORE_UNAVAILABLE` when the backend cannot be used. Called before the first operation. */
  probe?(): Promise<void>;
}

/** Options of {@link osKeychain}. */
export interface OsKeychainOptions {
  /** The keychain service name entries are filed under. */
  readonly service: string;
  /** The keychain must answer a first read within this time, helper start-up included, else `STORE_UNAVAILABLE` (SPEC ST6). Default 1,500 ms. */
  readonly probeTimeoutMs?: number;
  /** The keychain must answer its oldest pending call within this time (a hang, not a long queue), else `STORE_UNAVAILABLE`. Default 5 s. */
  readonly callTimeoutMs?: number;
  /** Path of the keyring module the helper loads. Default: the resolved `@napi-rs/keyring`. */
  readonly keyringModule?: string;
}

/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Linux Secret
 * Service) through `@napi-rs/keyring`, called from a helper process so that
 * a keychain that stops answering never blocks this process's event loop or
 * its exit (SPEC ST6): calls time out with `STORE_UNAVAILABLE` and the helper
 * is replaced. On Linux entries are pinned to the Secret Service: the
 * library's fallback, the kernel keyring, forgets everything at logout and
 * would hide a missing keychain instead of reporting it (SPEC ST4).
 */
export function osKeychain(options: OsKeychainOptions): KeychainBackend {
  const callTimeoutMs = options.callTimeoutMs ?? 5_000;
  const probeTimeoutMs = options.probeTimeoutMs ?? 1_500;
  let helper: KeychainHelper | undefined;
  const call = (action: string, op: string, account: string, secret?: string) => {
    helper ??= sharedHelper(
      options.service,
      options.keyringModule ?? createRequire(import.meta.url).resolve('@napi-rs/keyring'),
    );
    const request = secret === undefined ? { op, account } : { op, account, secret };
    return op === 'reach'
      ? helper.call(action, request, probeTimeoutMs, true)
      : helper.call(action, request, callTimeoutMs);
  };
  return {
    get: async (account) =>
      ((await call('read an entry', 'get', account)) as string | null) ?? undefined,
    set: async (account, secret) => {
      await call('write an entry', 'set', account, secret);
    },
    delete: async (account) => (await call('delete an entry', 'delete', account)) === true,
    async probe() {
      const account = `__mcp-oauth-probe__${process.pid}`;
      try {
        // Reachability first, within the 2 s budget (SPEC ST6): one read,
        // helper start-up included.
        await call('the availability probe', 'reach', account);
        // Then a write, within the normal call timeout: a locked Linux keyring
        // answers reads but blocks writes on an unlock prompt nobody sees.
        await call('the write probe', 'probe', account);
      } catch (error) {
        // Whatever stops the probe, the keychain is not usable: say so in one code.
        if (error instanceof StoreError && error.code === 'STORE_UNAVAILABLE') throw error;
        throw unavailable((error as Error).message, error);
      }
    },
  };
}

/** Stores of one service share one helper process. */
const helpers = new Map<string, KeychainHelper>();

function sharedHelper(service: string, modulePath: string): KeychainHelper {
  const id = `${modulePath}\u0000${service}`;
  let helper = helpers.get(id);
  if (!helper) {
    helper = new KeychainHelper({ service, modulePath });
    helpers.set(id, helper);
  }
  return helper;
}
