import type { JsonValue, Store } from '@mcp-oauth/core';
import { describe, expect, it } from 'vitest';
import {
  type StoreFactory,
  type StoreTestSuiteOptions,
  type StoreTests,
  storeAtomicUpdateTests,
  storeBasicTests,
  storeCrossProcessTests,
  storeDeletionTests,
  storeIsolationTests,
  storeKeyTests,
  storeLargeRecordTests,
  storeLockTests,
  storePersistenceTests,
  storeTestSuite,
  storeUnicodeTests,
  type TestGroup,
} from '../src/index.js';
import {
  cacheOnly,
  caseFoldingKeys,
  ignoresSignal,
  keptOnThrow,
  lengthOnlyKeys,
  nonExcludingLock,
  referenceStore,
  type TestStore,
  truncatingKeys,
  untypedTimeout,
} from './stores.js';

type Case = { name: string; fn: () => Promise<void> };

function collect<S extends Store>(
  createStore: StoreFactory<S>,
  options: StoreTestSuiteOptions<S> = {},
  tests: StoreTests | typeof storeTestSuite = storeTestSuite,
): Case[] {
  const cases: Case[] = [];
  tests((name, fn) => cases.push({ name, fn }), createStore, options);
  return cases;
}

/** The one case whose name contains `part`. */
function only(cases: Case[], part: string): Case {
  const found = cases.filter((c) => c.name.includes(part));
  expect(found.map((c) => c.name)).toHaveLength(1);
  return found[0]!;
}

const reopenReference = { reopen: (store: TestStore) => referenceStore(store.storage) };

/** A store whose update reads and writes without any atomicity: a classic lost-update bug. */
function racyStore(): Store {
  const data = new Map<string, JsonValue>();
  return {
    ...referenceStore(),
    get: (async (key: string) => structuredClone(data.get(key))) as Store['get'],
    set: async (key, value) => void data.set(key, structuredClone(value)),
    update: async (key, fn) => {
      const next = await fn(structuredClone(data.get(key)) as never);
      if (next === undefined) data.delete(key);
      else data.set(key, structuredClone(next));
      return next;
    },
  };
}

describe('storeTestSuite', () => {
  it('[ST5] registers every group on fresh stores, and the reference store passes them', async () => {
    const cases = collect(() => referenceStore(), reopenReference);
    expect(cases).toHaveLength(30);
    for (const prefix of [
      'basic',
      'isolation',
      'atomic update',
      'large record',
      'unicode',
      'deletion',
      'keys',
      'lock',
      'persistence',
    ]) {
      expect(cases.some((c) => c.name.includes(`] ${prefix}:`))).toBe(true);
    }
    expect(cases.some((c) => c.name.includes('cross-process'))).toBe(false);
    for (const c of cases) await c.fn();
  });

  it('[ST5] fails a store that loses concurrent updates', async () => {
    const atomic = only(collect(racyStore), 'concurrent updaters');
    await expect(atomic.fn()).rejects.toThrow(/Expected values to be strictly equal/);
  });

  it('[ST5] fails a store that hands out live references', async () => {
    const leaky = (): Store => {
      const data = new Map<string, JsonValue>();
      return {
        ...referenceStore(),
        set: async (key, value) => void data.set(key, value),
        get: (async (key: string) => data.get(key)) as Store['get'],
      };
    };
    await expect(only(collect(leaky), 'is a copy').fn()).rejects.toThrow();
  });

  it('lets an adapter switch groups off', () => {
    const skip: TestGroup[] = ['large-record', 'unicode', 'lock', 'persistence'];
    const cases = collect(() => referenceStore(), { skip });
    for (const gone of ['large record', 'unicode', 'lock', 'persistence']) {
      expect(cases.some((c) => c.name.includes(`] ${gone}:`))).toBe(false);
    }
    expect(cases.some((c) => c.name.includes('] basic:'))).toBe(true);
  });

  it('validates its arguments', () => {
    expect(() => storeTestSuite(undefined as never, () => referenceStore())).toThrow(TypeError);
    expect(() => storeTestSuite(() => {}, undefined as never)).toThrow(
      'storeTestSuite() requires a store factory',
    );
    expect(() =>
      storeTestSuite(
        () => {},
        () => referenceStore(),
        { reopen: 1 as never },
      ),
    ).toThrow('storeTestSuite() option reopen must be a function');
  });
});

describe('storeKeyTests', () => {
  const keyCases = (createStore: () => Store) => collect(createStore, {}, storeKeyTests);

  it('[H10] registers only the key cases, and the reference store passes them', async () => {
    const cases = keyCases(() => referenceStore());
    expect(cases.map((c) => c.name.slice(0, 12))).toEqual(Array(5).fill('[H10] keys: '));
    for (const c of cases) await c.fn();
  });

  it('[H10] fails a store that accepts a lone surrogate', async () => {
    await expect(only(keyCases(lengthOnlyKeys), 'lone surrogate').fn()).rejects.toThrow(
      'get accepted a lone high surrogate',
    );
  });

  it('[H10] fails a store that refuses a bad key with an untyped error', async () => {
    await expect(only(keyCases(lengthOnlyKeys), 'empty key').fn()).rejects.toThrow(
      'get of an empty key: expected code STORE_ERROR',
    );
    await expect(only(keyCases(lengthOnlyKeys), 'longer than').fn()).rejects.toThrow(
      'expected code STORE_ERROR',
    );
  });

  it('[H10] fails a store whose backend shortens keys, or folds their case', async () => {
    await expect(only(keyCases(truncatingKeys), 'exactly 200').fn()).rejects.toThrow(
      "read another key's record",
    );
    await expect(only(keyCases(caseFoldingKeys), 'never collide').fn()).rejects.toThrow(
      "read another key's record",
    );
  });
});

describe('storeLockTests', () => {
  const lockCases = (createStore: () => Store) => collect(createStore, {}, storeLockTests);

  it('[R1] registers only the lock cases, and the reference store passes them', async () => {
    const cases = lockCases(() => referenceStore());
    expect(cases).toHaveLength(5);
    expect(cases.every((c) => c.name.startsWith('[R1] lock: '))).toBe(true);
    for (const c of cases) await c.fn();
  });

  it('[R1] fails a store whose withLock does not exclude', async () => {
    const cases = lockCases(nonExcludingLock);
    await expect(only(cases, 'never overlap').fn()).rejects.toThrow(
      'two withLock sections of one name ran at the same time',
    );
    await expect(only(cases, 'timeoutMs 50').fn()).rejects.toThrow('Missing expected rejection');
  });

  it('[R1] fails a store that keeps the lock when a section throws', async () => {
    await expect(only(lockCases(keptOnThrow), 'releases the lock').fn()).rejects.toMatchObject({
      code: 'LOCK_UNAVAILABLE',
    });
  });

  it('[R1] fails a store that times out with an untyped error', async () => {
    await expect(only(lockCases(untypedTimeout), 'timeoutMs 50').fn()).rejects.toThrow(
      'timeoutMs 50: wrong error',
    );
  });

  it('[R1] fails a store that ignores the abort signal', async () => {
    await expect(only(lockCases(ignoresSignal), 'aborted wait').fn()).rejects.toThrow();
  });

  it('[R1] fails a store without withLock, saying how to declare that', async () => {
    const { withLock: _, ...lockless } = referenceStore();
    await expect(lockCases(() => lockless)[0]!.fn()).rejects.toThrow(
      "The store has no withLock. Implement core's Lock, or pass skip: ['lock']",
    );
  });
});

describe('storePersistenceTests', () => {
  const persistenceCases = <S extends Store>(
    createStore: StoreFactory<S>,
    options: StoreTestSuiteOptions<S>,
  ) => collect(createStore, options, storePersistenceTests);

  it('[ST1] registers only the persistence cases, and a store over shared storage passes them', async () => {
    const cases = persistenceCases(() => referenceStore(), reopenReference);
    expect(cases).toHaveLength(2);
    for (const c of cases) await c.fn();
  });

  it('[ST1] fails a store that keeps its writes in the instance only', async () => {
    const cases = persistenceCases(() => cacheOnly(), {
      reopen: (store: TestStore) => cacheOnly(store.storage),
    });
    for (const c of cases) {
      await expect(c.fn()).rejects.toThrow(/Expected values to be strictly deep-equal/);
    }
  });

  it('[ST1] fails a reopen that hands back the same instance', async () => {
    const cases = persistenceCases(() => cacheOnly(), { reopen: (store) => store });
    await expect(cases[0]!.fn()).rejects.toThrow('reopen must build a new instance');
  });

  it('[ST1] fails without reopen unless the group is skipped, saying why', async () => {
    const cases = persistenceCases(() => referenceStore(), {});
    await expect(cases[0]!.fn()).rejects.toThrow(
      "The persistence group needs the `reopen` option: (store) => a new instance over the same storage. Pass skip: ['persistence']",
    );
  });
});

describe('one function per group', () => {
  it('[ST5] each registers its own group only, and together they make the suite', () => {
    const each = [
      storeBasicTests,
      storeIsolationTests,
      storeAtomicUpdateTests,
      storeLargeRecordTests,
      storeUnicodeTests,
      storeDeletionTests,
      storeKeyTests,
      storeLockTests,
      storePersistenceTests,
    ].flatMap((tests) => collect(() => referenceStore(), reopenReference, tests));
    const suite = collect(() => referenceStore(), reopenReference);
    expect(each.map((c) => c.name)).toEqual(suite.map((c) => c.name));
    for (const tests of [storeBasicTests, storeLockTests]) {
      expect(() => tests(undefined as never, () => referenceStore())).toThrow(TypeError);
    }
  });

  it('[ST5] storeCrossProcessTests requires its module; skip lock leaves its lock case out', () => {
    expect(() =>
      storeCrossProcessTests(
        () => {},
        () => referenceStore(),
      ),
    ).toThrow('storeCrossProcessTests() requires options.crossProcess.module');
    const crossProcess = { module: '/nowhere/store.mjs' };
    const names = (skip: TestGroup[]) =>
      collect(() => referenceStore(), { crossProcess, skip }, storeCrossProcessTests).map(
        (c) => c.name,
      );
    expect(names([])).toEqual([
      '[ST1] cross-process: 4 processes × 25 concurrent updates lose none',
      '[R1] cross-process: 4 processes × 10 concurrent withLock sections never overlap',
    ]);
    expect(names(['lock'])).toHaveLength(1);
    const suiteNames = (options: StoreTestSuiteOptions) =>
      collect(() => referenceStore(), options).map((c) => c.name);
    expect(suiteNames({ crossProcess, skip: ['cross-process'] })).toEqual(suiteNames({}));
    expect(suiteNames({ crossProcess })).toHaveLength(suiteNames({}).length + 2);
  });
});
