import { StoreError } from '@mcp-oauth/core';
import { describe, expect, it } from 'vitest';
import { assertLockName, assertStoreKey, MAX_STORE_KEY_LENGTH } from '../src/index.js';

const refusal = (key: unknown) => {
  try {
    assertStoreKey(key);
  } catch (error) {
    return error as StoreError;
  }
  throw new Error(`accepted ${JSON.stringify(key)}`);
};

describe('assertStoreKey', () => {
  it('[H10] accepts printable keys of every script up to the length limit', () => {
    expect(MAX_STORE_KEY_LENGTH).toBe(200);
    for (const key of [
      'server:docs|49aaacec754e767e',
      'client-secret:docs|49aaacec754e767e',
      'id-token:https://idp.example.com/tenant',
      'server:日本語 🔐|1',
      'cafe\u0301',
      'a\u200db',
      'x'.repeat(MAX_STORE_KEY_LENGTH),
      '🔐'.repeat(MAX_STORE_KEY_LENGTH / 2),
    ]) {
      expect(() => assertStoreKey(key)).not.toThrow();
    }
  });

  it('[H10] refuses a key with a lone surrogate, high or low, with STORE_ERROR', () => {
    for (const key of ['server:a\uD83D|1', '\uDD10start', 'end\uD83D', 'swapped\uDD10\uD83D']) {
      const error = refusal(key);
      expect(error).toBeInstanceOf(StoreError);
      expect(error.code).toBe('STORE_ERROR');
      expect(error.message).toContain('not well-formed Unicode');
    }
  });

  it('[H10] refuses a lone surrogate without String.prototype.isWellFormed too', () => {
    const proto = String.prototype as { isWellFormed?: unknown };
    const original = proto.isWellFormed;
    delete proto.isWellFormed;
    try {
      expect(refusal('a\uD83D').message).toContain('not well-formed Unicode');
      expect(refusal('\uDD10a').message).toContain('not well-formed Unicode');
      expect(() => assertStoreKey('a🔐b')).not.toThrow();
    } finally {
      proto.isWellFormed = original;
    }
  });

  it('[H10] refuses a key one character over the limit, saying how long it is', () => {
    const error = refusal('x'.repeat(MAX_STORE_KEY_LENGTH + 1));
    expect(error).toMatchObject({ code: 'STORE_ERROR', name: 'StoreError' });
    expect(error.message).toContain('is 201 characters long; keys are at most 200');
    // An astral character counts two: 101 emoji are 202 code units.
    expect(refusal('🔐'.repeat(101)).message).toContain('is 202 characters long');
  });

  it('[H10] refuses an empty key and a key that is not a string', () => {
    expect(refusal('')).toMatchObject({
      code: 'STORE_ERROR',
      message: 'Store keys must not be empty.',
    });
    for (const key of [undefined, null, 42, {}, ['k']]) {
      expect(refusal(key)).toMatchObject({ code: 'STORE_ERROR' });
    }
    expect(refusal(null).message).toBe('Store keys are strings; got null.');
  });

  it('[H10] refuses control characters and names the one found', () => {
    expect(refusal('server:a\n|1').message).toContain('control character U+000A at index 8');
    for (const key of ['a\u0000b', 'tab\there', 'del\u007f', 'c1\u0085']) {
      expect(refusal(key)).toMatchObject({ code: 'STORE_ERROR' });
    }
  });

  it('[H10] shows at most 40 characters of a refused key, escaped', () => {
    const message = refusal(`${'y'.repeat(300)}`).message;
    expect(message).toContain(`"${'y'.repeat(40)}…"`);
    expect(message).not.toContain('y'.repeat(41));
    expect(refusal('bad\uD800').message).toContain('"bad\\ud800"');
  });
});

describe('assertLockName', () => {
  it('[H10] accepts any well-formed name, long or holding the NUL stores join parts with', () => {
    expect(() => assertLockName('refresh:server:docs|49aaacec754e767e')).not.toThrow();
    expect(() => assertLockName(`record\u0000${'z'.repeat(500)}`)).not.toThrow();
  });

  it('[H10] refuses an empty name, a non-string and a lone surrogate with STORE_ERROR', () => {
    for (const name of ['', undefined, 7, 'refresh:\uD800']) {
      expect(() => assertLockName(name)).toThrow(
        expect.objectContaining({ code: 'STORE_ERROR', name: 'StoreError' }),
      );
    }
  });
});
