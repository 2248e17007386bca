import type { KeychainBackend } from '../src/index.js';

/** Windows Credential Manager's limit: 2,560 bytes, and keyring stores UTF-16. */
export const WINDOWS_LIMIT_BYTES = 2_560;

/**
 * An in-memory keychain that enforces the smallest platform limit, counts
 * calls, and can be told to fail after some writes (a crash mid-write).
 * Several store instances sharing one act like several processes.
 */
export function memoryKeychain() {
  const entries = new Map<string, string>();
  const calls = { get: 0, set: 0, delete: 0 };
  let writesLeft = Number.POSITIVE_INFINITY;
  const backend: KeychainBackend = {
    async get(account) {
      calls.get++;
      return entries.get(account);
    },
    async set(account, secret) {
      calls.set++;
      if (writesLeft-- <= 0) throw new Error('simulated crash');
      if (Buffer.byteLength(secret, 'utf16le') > WINDOWS_LIMIT_BYTES) {
        throw new Error(
          `entry of ${secret.length} characters exceeds the Windows credential limit`,
        );
      }
      entries.set(account, secret);
    },
    async delete(account) {
      calls.delete++;
      return entries.delete(account);
    },
  };
  return {
    backend,
    entries,
    calls,
    /** The next `n` writes succeed, then every write fails until `heal()`. */
    crashAfter(n: number) {
      writesLeft = n;
    },
    heal() {
      writesLeft = Number.POSITIVE_INFINITY;
    },
  };
}
