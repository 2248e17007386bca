import { ErrorCode, StoreError } from '@mcp-oauth/core';

/**
 * The keychain is not there or does not answer (SPEC ST4). Callers match on
 * `code === 'STORE_UNAVAILABLE'` and fall back to `@mcp-oauth/store-file`.
 * @internal
 */
export function unavailable(detail: string, cause?: unknown): StoreError {
  return new StoreError(
    ErrorCode.StoreUnavailable,
    `The OS keychain is unavailable: ${detail}. On Linux a Secret Service (gnome-keyring, KWallet) must run in the D-Bus session and be unlocked; otherwise use @mcp-oauth/store-file.`,
    cause === undefined ? {} : { cause },
  );
}

/** Messages of @napi-rs/keyring (keyring-rs) errors that mean "no usable keychain". */
const UNAVAILABLE =
  /platform storage|platform failure|no storage access|dbus|secret service|locked|not available|org\.freedesktop/i;

/**
 * Maps an error thrown by the keychain library to a typed {@link StoreError}:
 * `STORE_UNAVAILABLE` when the keychain itself cannot be reached, else
 * `STORE_ERROR`.
 * @internal
 */
export function keychainError(error: unknown, action: string): StoreError {
  if (error instanceof StoreError) return error;
  const message = (error as Error)?.message ?? String(error);
  if (UNAVAILABLE.test(message)) return unavailable(`${action} failed (${message})`, error);
  return new StoreError(ErrorCode.Store, `The OS keychain could not ${action}: ${message}`, {
    cause: error,
  });
}
