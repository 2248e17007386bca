import { atomicUpdateGroup } from './groups/atomic-update.js';
import { basicGroup } from './groups/basic.js';
import { crossProcessGroup } from './groups/cross-process.js';
import { deletionGroup } from './groups/deletion.js';
import { isolationGroup } from './groups/isolation.js';
import { largeRecordGroup } from './groups/large-record.js';
import { unicodeGroup } from './groups/unicode.js';
import type {
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

const groups: Array<[TestGroup, (context: GroupContext) => void]> = [
  ['basic', basicGroup],
  ['isolation', isolationGroup],
  ['atomic-update', atomicUpdateGroup],
  ['large-record', largeRecordGroup],
  ['unicode', unicodeGroup],
  ['deletion', deletionGroup],
];

/**
 * Registers the store conformance cases (SPEC ST1, ST2, ST5) with `test`,
 * each on a fresh store from `createStore`. The cross-process group runs only
 * when `options.crossProcess` names a module that builds the store.
 *
 * @example
 * import { test } from 'vitest';
 * import { storeTestSuite } from '@mcp-oauth/store-testkit';
 * storeTestSuite(test, () => myStore());
 */
export function storeTestSuite(
  test: TestFunction,
  createStore: StoreFactory,
  options: StoreTestSuiteOptions = {},
): void {
  if (typeof test !== 'function') throw new TypeError('storeTestSuite() requires a test function');
  if (typeof createStore !== 'function') {
    throw new TypeError('storeTestSuite() requires a store factory');
  }
  const skip = new Set(options.skip ?? []);
  const context: GroupContext = { test, createStore, options };
  for (const [name, register] of groups) if (!skip.has(name)) register(context);
  if (options.crossProcess && !skip.has('cross-process')) {
    crossProcessGroup(context, options.crossProcess);
  }
}
