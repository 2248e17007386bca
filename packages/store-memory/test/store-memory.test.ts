import * as primitives from '@mcp-oauth/store-primitives';
import { storeTestSuite } from '@mcp-oauth/store-testkit';
import { describe, expect, it, test } from 'vitest';
import { createMutex, memoryStore } from '../src/index.js';

// [ST5] the whole conformance kit but persistence: a memory store has no
// storage a second instance could open; its records end with the instance.
storeTestSuite(test, () => memoryStore(), { skip: ['persistence'] });

describe('memoryStore', () => {
  it('answers get synchronously with a frozen value', () => {
    const store = memoryStore({ initial: { k: { nested: { a: 1 } } } });
    const value = store.get<{ nested: { a: number } }>('k');
    expect(value).not.toBeInstanceOf(Promise);
    expect(Object.isFrozen((value as { nested: object }).nested)).toBe(true);
    expect(store.capabilities).toEqual({ crossProcess: false, cachedReads: false });
  });

  it('[H10] checks the keys of its initial records', () => {
    expect(() => memoryStore({ initial: { 'bad\uD800': 1 } })).toThrow(
      expect.objectContaining({ code: 'STORE_ERROR' }),
    );
  });

  it('[H10] refuses a bad key synchronously from get, set and delete, and update rejects', async () => {
    const store = memoryStore();
    expect(() => store.get('')).toThrow(expect.objectContaining({ code: 'STORE_ERROR' }));
    expect(() => store.set('a\nb', 1)).toThrow(expect.objectContaining({ code: 'STORE_ERROR' }));
    expect(() => store.delete('x'.repeat(201))).toThrow(
      expect.objectContaining({ code: 'STORE_ERROR' }),
    );
    await expect(store.update('\uDC00', () => 1)).rejects.toMatchObject({ code: 'STORE_ERROR' });
  });

  it('[R1] still exports createMutex, now the one from @mcp-oauth/store-primitives', () => {
    expect(createMutex).toBe(primitives.createMutex);
  });
});
