import type { JsonValue, Store } from '@mcp-oauth/core';
import { describe, expect, it } from 'vitest';
import { storeTestSuite, type TestGroup } from '../src/index.js';

type Case = { name: string; fn: () => Promise<void> };

function collect(createStore: () => Store, skip: TestGroup[] = []): Case[] {
  const cases: Case[] = [];
  storeTestSuite((name, fn) => cases.push({ name, fn }), createStore, { skip });
  return cases;
}

/** A correct in-memory store: update is serialized per key. */
function memoryStore(): Store {
  const data = new Map<string, JsonValue>();
  const tails = new Map<string, Promise<unknown>>();
  return {
    capabilities: { crossProcess: false, cachedReads: false },
    get: (key) => structuredClone(data.get(key)) as never,
    set: (key, value) => void data.set(key, structuredClone(value)),
    delete: (key) => data.delete(key),
    keys: (prefix = '') => [...data.keys()].filter((k) => k.startsWith(prefix)),
    update: (key, fn) => {
      const run = (tails.get(key) ?? Promise.resolve())
        .catch(() => {})
        .then(async () => {
          const next = await fn(structuredClone(data.get(key)) as never);
          if (next === undefined) data.delete(key);
          else data.set(key, structuredClone(next));
          return structuredClone(next);
        });
      tails.set(key, run);
      return run;
    },
  };
}

/** A store whose update reads and writes without any atomicity: a classic lost-update bug. */
function racyStore(): Store {
  const data = new Map<string, JsonValue>();
  return {
    capabilities: { crossProcess: false, cachedReads: false },
    get: (key) => structuredClone(data.get(key)) as never,
    set: (key, value) => void data.set(key, structuredClone(value)),
    delete: (key) => data.delete(key),
    keys: (prefix = '') => [...data.keys()].filter((k) => k.startsWith(prefix)),
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
    const cases = collect(() => memoryStore());
    expect(cases.length).toBeGreaterThanOrEqual(17);
    for (const prefix of [
      'basic',
      'isolation',
      'atomic update',
      'large record',
      'unicode',
      'deletion',
    ]) {
      expect(cases.some((c) => c.name.includes(`] ${prefix}:`))).toBe(true);
    }
    for (const c of cases) await c.fn();
  });

  it('[ST5] fails a store that loses concurrent updates', async () => {
    const atomic = collect(racyStore).find((c) => c.name.includes('concurrent updaters'));
    await expect(atomic!.fn()).rejects.toThrow(/Expected values to be strictly equal/);
  });

  it('[ST5] fails a store that hands out live references', async () => {
    const leaky = (): Store => {
      const data = new Map<string, JsonValue>();
      return {
        ...memoryStore(),
        set: (key, value) => void data.set(key, value),
        get: (key) => data.get(key) as never,
      };
    };
    const copy = collect(leaky).find((c) => c.name.includes('is a copy'));
    await expect(copy!.fn()).rejects.toThrow();
  });

  it('lets an adapter switch groups off', () => {
    const cases = collect(() => memoryStore(), ['large-record', 'unicode']);
    expect(cases.some((c) => c.name.includes('large record'))).toBe(false);
    expect(cases.some((c) => c.name.includes('unicode'))).toBe(false);
    expect(cases.some((c) => c.name.includes('basic'))).toBe(true);
  });

  it('validates its arguments', () => {
    expect(() => storeTestSuite(undefined as never, () => memoryStore())).toThrow(TypeError);
    expect(() => storeTestSuite(() => {}, undefined as never)).toThrow(
      'storeTestSuite() requires a store factory',
    );
  });
});
