import { describe, expect, it } from 'vitest';
import { insufficientScopeChallenge, lacksScope, unionScopes } from '../src/scope.js';

describe('insufficientScopeChallenge', () => {
  it('[S1] extracts a quoted or unquoted scope from an insufficient_scope challenge', () => {
    expect(
      insufficientScopeChallenge(
        'Bearer error="insufficient_scope", scope="files:read files:write", resource_metadata="https://x/.well-known/oauth-protected-resource"',
      ),
    ).toEqual({ scope: 'files:read files:write' });
    expect(insufficientScopeChallenge('Bearer error=insufficient_scope, scope=admin')).toEqual({
      scope: 'admin',
    });
    expect(insufficientScopeChallenge('Bearer error="insufficient_scope"')).toEqual({});
  });

  it('[S1] ignores other challenges', () => {
    expect(insufficientScopeChallenge('Bearer error="invalid_token", scope="a"')).toBeUndefined();
    expect(insufficientScopeChallenge(null)).toBeUndefined();
  });
});

describe('unionScopes', () => {
  it('[S4] asks for the union of current and challenged scopes, without duplicates', () => {
    expect(unionScopes('read write', 'write admin')).toBe('read write admin');
    expect(unionScopes(undefined, 'admin')).toBe('admin');
    expect(unionScopes(undefined, undefined)).toBe('');
  });

  it('lacksScope compares as sets', () => {
    expect(lacksScope('read write', 'write')).toBe(false);
    expect(lacksScope('read', 'read admin')).toBe(true);
    expect(lacksScope(undefined, undefined)).toBe(false);
  });
});
