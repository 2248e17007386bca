import { ErrorCode } from '@mcp-oauth/core';
import { describe, expect, it } from 'vitest';
import { lifetimeOf, parseTokenResponse } from '../src/index.js';

const at = { endpoint: 'https://as.example.com/token', status: 200 };

describe('parseTokenResponse', () => {
  it('[H9] refuses a missing, empty, non-string or non-b64token access token, and keeps no refresh token of it', () => {
    for (const access_token of [undefined, '', 42, 'has space', 'crlf\r\nX-Injected: 1', 'é']) {
      expect(() =>
        parseTokenResponse({ access_token, refresh_token: 'rt', token_type: 'Bearer' }, at),
      ).toThrow(expect.objectContaining({ code: ErrorCode.InvalidResponse }));
    }
  });

  it('[H9] the error message never carries a token', () => {
    try {
      parseTokenResponse({ access_token: 'bad token', refresh_token: 'rt-secret' }, at);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/bad token|rt-secret/);
      return;
    }
    throw new Error('expected a refusal');
  });

  it('accepts a Bearer token (any case, or no token_type) and keeps refresh token and scope', () => {
    expect(
      parseTokenResponse(
        { access_token: 'a.b-c_d~e+f/g==', token_type: 'bearer', refresh_token: 'r', scope: 's' },
        at,
      ),
    ).toEqual({
      access_token: 'a.b-c_d~e+f/g==',
      token_type: 'bearer',
      refresh_token: 'r',
      scope: 's',
      expires_in: undefined,
    });
    expect(parseTokenResponse({ access_token: 'x' }, at).token_type).toBe('Bearer');
  });

  it('refuses another token type unless the caller accepts it', () => {
    expect(() => parseTokenResponse({ access_token: 'x', token_type: 'DPoP' }, at)).toThrow();
    expect(
      parseTokenResponse({ access_token: 'x', token_type: 'DPoP' }, { ...at, tokenTypes: ['DPoP'] })
        .token_type,
    ).toBe('DPoP');
  });
});

describe('lifetimeOf', () => {
  it('[H6] an absent, non-numeric, non-finite, zero, negative or absurd expires_in is unknown', () => {
    for (const value of [undefined, null, '', true, 'abc', -5, 0, Number.NaN, 1e306, '1e306', {}]) {
      expect(lifetimeOf(value)).toBeUndefined();
    }
    expect(lifetimeOf(3600)).toBe(3600);
    expect(lifetimeOf('3600')).toBe(3600);
  });
});
