import type { Store } from '@mcp-oauth/core';
import { atomicUpdateGroup } from './groups/atomic-update.js';
import { basicGroup } from './groups/basic.js';
import { crossProcessGroup } from './groups/cross-process.js';
import { deletionGroup } from './groups/deletion.js';
import { isolationGroup } from './groups/isolation.js';
import { keysGroup } from './groups/keys.js';
import { largeRecordGroup } from './groups/large-record.js';
import { lockGroup } from './groups/lock.js';
import { lostLockGroup } from './groups/lost-lock.js';
import { persistenceGroup } from './groups/persistence.js';
import { unicodeGroup } from './groups/unicode.js';
import type {
  CrossProcessOptions,
  GroupContext,
  StoreFactory,
  StoreTestSuiteOptions,
  TestFunction,
  TestGroup,
} from './types.js';

export type {
  CrossProcessOptions,
  StoreFactory,
  StoreTestSuiteOptions,
  TestFunction,
  TestGroup,
} from './types.js';

/** Registers one group's cases with `test`, each on a fresh store from `createStore`. */
export type StoreTests = <S extends Store>(
  test: TestFunction,
  createStore: StoreFactory<S>,
  options?: StoreTestSuiteOptions<S>,
) => void;

function contextOf<S extends Store>(
  caller: string,
  test: TestFunction,
  createStore: StoreFactory<S>,
  options: StoreTestSuiteOptions<S>,
): GroupContext {
  if (typeof test !== 'function') throw new TypeError(`${caller}() requires a test function`);
  if (typeof createStore !== 'function') {
    throw new TypeError(`${caller}() requires a store factory`);
  }
  if (options.reopen !== undefined && typeof options.reopen !== 'function') {
    throw new TypeError(`${caller}() option reopen must be a function: (store) => Store`);
  }
  // `reopen` is only ever given stores this factory built.
  return { test, createStore, options: options as StoreTestSuiteOptions<Store> };
}

const group =
  (caller: string, register: (context: GroupContext) => void): StoreTests =>
  (test, createStore, options = {}) =>
    register(contextOf(caller, test, createStore, options));

/** get, set, keys and overwrite on a fresh store (SPEC ST1). */
export const storeBasicTests: StoreTests = group('storeBasicTests', basicGroup);
/** Keys that share prefixes, differ in case or look like paths stay separate (ST1). */
export const storeIsolationTests: StoreTests = group('storeIsolationTests', isolationGroup);
/** `update` loses no update under concurrency; a throwing updater changes nothing (ST1). */
export const storeAtomicUpdateTests: StoreTests = group(
  'storeAtomicUpdateTests',
  atomicUpdateGroup,
);
/** A 16 KB record round-trips (ST2). */
export const storeLargeRecordTests: StoreTests = group('storeLargeRecordTests', largeRecordGroup);
/** Non-ASCII keys and values round-trip; NFC and NFD keys stay distinct (ST1). */
export const storeUnicodeTests: StoreTests = group('storeUnicodeTests', unicodeGroup);
/** `delete` reports what it removed, and a deleted key is gone from every read (ST1). */
export const storeDeletionTests: StoreTests = group('storeDeletionTests', deletionGroup);
/** Bad keys are refused with `STORE_ERROR`; valid keys up to the limit never collide (H10). */
export const storeKeyTests: StoreTests = group('storeKeyTests', keysGroup);
/** `withLock` excludes, releases on throw, times out with `LOCK_UNAVAILABLE`, honours `signal` (R1). */
export const storeLockTests: StoreTests = group('storeLockTests', lockGroup);
/** What one instance writes, a second instance from `reopen` reads (ST1). */
export const storePersistenceTests: StoreTests = group('storePersistenceTests', persistenceGroup);

/**
 * Real child processes, each with its own store from `options.crossProcess`,
 * update one key and take one lock concurrently; nothing is lost and no two
 * lock sections overlap (ST1, R1). With `crossProcess.lostLock`, a holder
 * frozen past the stale timeout cannot commit over the next holder (H8).
 * The lock cases are left out with `skip: ['lock']`.
 */
export const storeCrossProcessTests: StoreTests = (test, createStore, options = {}) => {
  const context = contextOf('storeCrossProcessTests', test, createStore, options);
  if (!options.crossProcess) {
    throw new TypeError(
      'storeCrossProcessTests() requires options.crossProcess.module: a module that builds the store in each process',
    );
  }
  crossProcessGroup(context, options.crossProcess as CrossProcessOptions);
  lostLockGroup(context, options.crossProcess as CrossProcessOptions);
};

const groups: Array<[TestGroup, (context: GroupContext) => void]> = [
  ['basic', basicGroup],
  ['isolation', isolationGroup],
  ['atomic-update', atomicUpdateGroup],
  ['large-record', largeRecordGroup],
  ['unicode', unicodeGroup],
  ['deletion', deletionGroup],
  ['keys', keysGroup],
  ['lock', lockGroup],
  ['persistence', persistenceGroup],
];

/**
 * Registers every store conformance group (SPEC ST1, ST2, ST5, H8, H10, R1) with
 * `test`, each case on a fresh store from `createStore`. `skip` leaves groups
 * out; `reopen` gives the persistence group its second instance; the
 * cross-process group runs only when `crossProcess` names a module that
 * builds the store.
 *
 * @example
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { test } from 'vitest';
 * import { storeTestSuite } from '@mcp-oauth/store-testkit';
 * import { fileStore } from '@mcp-oauth/store-file';
 *
 * storeTestSuite(test, () => fileStore({ dir: mkdtempSync(join(tmpdir(), 'kit-')) }), {
 *   reopen: (store) => fileStore({ dir: store.dir }),
 * });
 */
export function storeTestSuite<S extends Store>(
  test: TestFunction,
  createStore: StoreFactory<S>,
  options: StoreTestSuiteOptions<S> = {},
): void {
  const context = contextOf('storeTestSuite', test, createStore, options);
  const skip = new Set(options.skip ?? []);
  for (const [name, register] of groups) if (!skip.has(name)) register(context);
  if (options.crossProcess && !skip.has('cross-process')) {
    crossProcessGroup(context, options.crossProcess);
    lostLockGroup(context, options.crossProcess);
  }
}
