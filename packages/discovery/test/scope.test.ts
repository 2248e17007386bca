import { describe, expect, it } from 'vitest';
import { scopeFromMetadata } from '../src/index.js';

describe('scopeFromMetadata', () => {
  it('[D6] prefers scope, then default_scope, then scopes_supported joined by spaces', () => {
    const all = { scope: 'a', default_scope: 'b', scopes_supported: ['c', 'd'] };
    expect(scopeFromMetadata(all)).toBe('a');
    expect(scopeFromMetadata({ ...all, scope: undefined })).toBe('b');
    expect(scopeFromMetadata({ scopes_supported: ['c', 'd'] })).toBe('c d');
  });

  it('[D6] ignores empty or malformed fields and returns undefined when nothing yields a scope', () => {
    expect(scopeFromMetadata({ scope: ' ', default_scope: 7, scopes_supported: [] })).toBe(
      undefined,
    );
    expect(scopeFromMetadata(undefined)).toBe(undefined);
    expect(scopeFromMetadata({ scopes_supported: 'nope' })).toBe(undefined);
  });

  it('[D6] takes the first source that yields a scope (PRM before AS metadata)', () => {
    expect(scopeFromMetadata({}, { scopes_supported: ['mcp'] }, { scope: 'later' })).toBe('mcp');
  });
});
