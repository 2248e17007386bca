import { ErrorCode, StoreError } from '@mcp-oauth/core';

/**
 * Longest store key, in UTF-16 code units (`key.length`; an emoji counts
 * two). Every store accepts exactly the keys of this length or less: the
 * file store names files by a hash of the key and the keychain store its
 * accounts, so no backend limit (255-byte file names, keychain account
 * sizes) is closer than this one.
 */
export const MAX_STORE_KEY_LENGTH = 200;

// A surrogate half without its partner; the fallback for runtimes without
// String.prototype.isWellFormed (ES2024).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0, DEL and C1 controls: not printable, and a newline or NUL in a key ends
// up in file contents, keychain attributes and log lines.
const CONTROL = /\p{Cc}/u;

const isWellFormed = (text: string): boolean => {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return typeof native === 'function' ? native.call(text) : !LONE_SURROGATE.test(text);
};

/** The key as a message may show it: cut short, quoted, controls and lone surrogates escaped. */
const shown = (key: string) => JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);

const codePoint = (char: string) =>
  `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

const invalid = (message: string) => new StoreError(ErrorCode.Store, message);

/**
 * Throws a `STORE_ERROR` {@link StoreError} unless `key` is a store key: a
 * non-empty string of at most {@link MAX_STORE_KEY_LENGTH} code units, of
 * well-formed Unicode and without control characters (SPEC H10). Stores call
 * it on every operation that takes a key, so a key works the same in each.
 */
export function assertStoreKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') {
    throw invalid(`Store keys are strings; got ${key === null ? 'null' : typeof key}.`);
  }
  if (key.length === 0) throw invalid('Store keys must not be empty.');
  if (key.length > MAX_STORE_KEY_LENGTH) {
    throw invalid(
      `The store key ${shown(key)} is ${key.length} characters long; keys are at most ${MAX_STORE_KEY_LENGTH} (UTF-16 code units). Use a shorter server name or issuer.`,
    );
  }
  if (!isWellFormed(key)) {
    // Encoded to UTF-8 or UTF-16 for a file or a keychain, a lone surrogate
    // becomes U+FFFD, and two such keys would share one record.
    throw invalid(
      `The store key ${shown(key)} is not well-formed Unicode: it holds a lone surrogate. Build keys from whole characters.`,
    );
  }
  const control = CONTROL.exec(key);
  if (control) {
    throw invalid(
      `The store key ${shown(key)} holds the control character ${codePoint(control[0])} at index ${control.index}; keys are printable strings.`,
    );
  }
}

/**
 * Throws a `STORE_ERROR` {@link StoreError} unless `name` can name a lock: a
 * non-empty string of well-formed Unicode. Lock names carry no length limit
 * (cross-process locks hash them), and stores may join their parts with NUL.
 */
export function assertLockName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw invalid('Lock names are non-empty strings.');
  }
  if (!isWellFormed(name)) {
    // Hashed for a lock file, a lone surrogate becomes U+FFFD: two names
    // would share one lock.
    throw invalid(
      `The lock name ${shown(name)} is not well-formed Unicode: it holds a lone surrogate.`,
    );
  }
}
