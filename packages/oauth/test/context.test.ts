import type { Lock, Store } from '@mcp-oauth/core';
import { memoryStore } from '@mcp-oauth/store-memory';
import { describe, expect, it } from 'vitest';
import {
  AuthorizationRequiredError,
  authorizationRequiredClass,
  createStrategyContext,
  isAuthorizationRequired,
  privateKeyJwt,
  retryAfterAuthorization,
  validateStrategyOptions,
} from '../src/index.js';

const server = { name: 'docs', type: 'streamable-http', url: 'https://docs.example.com/mcp' };

/** A store with no lock of its own. */
function lockless(): Store {
  const { withLock: _none, ...rest } = memoryStore() as Store;
  return rest as Store;
}

describe('validateStrategyOptions', () => {
  it('[B1] a store without a lock of its own needs one given: no store is taken for a lock', () => {
    expect(() => validateStrategyOptions('x()', { server, store: lockless() })).toThrow(
      /x\(\) requires a lock: this store has none of its own, so pass options.lock/,
    );
    const lock: Lock = { withLock: (_name, fn) => fn() };
    expect(() => validateStrategyOptions('x()', { server, store: lockless(), lock })).not.toThrow();
    expect(() => validateStrategyOptions('x()', { server, store: memoryStore() })).not.toThrow();
  });

  it('names the factory and what to pass for every malformed option', () => {
    const store = memoryStore();
    expect(() => validateStrategyOptions('f()', undefined as never)).toThrow(
      'f() requires an options object',
    );
    expect(() =>
      validateStrategyOptions('f()', { server: { ...server, name: '' }, store }),
    ).toThrow('f() requires server.name');
    expect(() =>
      validateStrategyOptions('f()', { server: { ...server, type: '' }, store }),
    ).toThrow(/server.type/);
    expect(() =>
      validateStrategyOptions('f()', { server: { ...server, url: 'ftp://x' }, store }),
    ).toThrow(/http\(s\) URL, got ftp:\/\/x/);
    expect(() => validateStrategyOptions('f()', { server, store: {} as Store })).toThrow(/a store/);
    expect(() =>
      validateStrategyOptions('f()', { server, store, refreshWindowSeconds: -1 }),
    ).toThrow(/refreshWindowSeconds/);
  });
});

describe('createStrategyContext', () => {
  it('wraps the OAuth fetch once and guards the event sink', async () => {
    const calls: string[] = [];
    const warnings: string[] = [];
    const ctx = createStrategyContext('x()', {
      server,
      store: memoryStore(),
      fetch: async (input) => {
        calls.push(String(input));
        return new Response('{}');
      },
      onEvent: () => {
        throw new Error('handler bug');
      },
      logger: { warn: (message) => warnings.push(message) },
    });
    await ctx.fetch('https://as.example.com/x');
    expect(calls).toEqual(['https://as.example.com/x']);
    expect(() => ctx.onEvent({ type: 'refresh', serverKey: 'k', reason: 'success' })).not.toThrow();
    expect(warnings).toEqual(['event handler threw']);
    expect(await ctx.serverKey).toMatch(/^docs\|[0-9a-f]{16}$/);
    expect(ctx.refreshWindowMs).toBe(300_000);
  });
});

describe('privateKeyJwt', () => {
  it('[M1] signs iss = sub = client id, aud = the issuer, a unique jti and a short exp', async () => {
    const claims: Array<Record<string, unknown>> = [];
    const auth = privateKeyJwt(
      'client-1',
      async (c) => {
        claims.push({ ...c });
        return 'signed.jwt.value';
      },
      () => 1_000_000,
    );
    const body = new URLSearchParams();
    await auth.apply(body, new Headers(), {
      issuer: 'https://as.example.com',
      endpoint: 'https://as.example.com/token',
    });
    await auth.apply(new URLSearchParams(), new Headers(), {
      issuer: 'https://as.example.com',
      endpoint: 'https://as.example.com/token',
    });
    expect(claims[0]).toMatchObject({
      iss: 'client-1',
      sub: 'client-1',
      aud: 'https://as.example.com',
      iat: 1000,
      exp: 1060,
    });
    expect(claims[0]?.jti).not.toBe(claims[1]?.jti);
    expect(Object.fromEntries(body)).toEqual({
      client_id: 'client-1',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: 'signed.jwt.value',
    });
  });
});

describe('AuthorizationRequiredError', () => {
  it('[B2] [B3] is recognised by its brand on any base class, across copies', () => {
    class SdkError extends Error {}
    const Bound = authorizationRequiredClass(SdkError);
    const error = new Bound('log in', 'step_up', 'a b');
    expect(error).toBeInstanceOf(SdkError);
    expect(error).toMatchObject({
      name: 'AuthorizationRequiredError',
      reason: 'step_up',
      scope: 'a b',
    });
    expect(isAuthorizationRequired(error)).toBe(true);
    expect(isAuthorizationRequired(new AuthorizationRequiredError('x', 'login'))).toBe(true);
    expect(isAuthorizationRequired(new Error('x'))).toBe(false);
    expect(isAuthorizationRequired(null)).toBe(false);
  });

  it('retryAfterAuthorization authorizes only for the errors it is told about, up to the limit', async () => {
    let authorized = 0;
    const strategy = { authorize: async () => void authorized++ };
    let calls = 0;
    expect(
      await retryAfterAuthorization(
        strategy,
        async () => {
          if (++calls < 2) throw new AuthorizationRequiredError('x', 'login');
          return 'ok';
        },
        isAuthorizationRequired,
      ),
    ).toBe('ok');
    expect(authorized).toBe(1);
    await expect(
      retryAfterAuthorization(
        strategy,
        async () => Promise.reject(new Error('other')),
        () => false,
      ),
    ).rejects.toThrow('other');
    expect(authorized).toBe(1);
    await expect(
      retryAfterAuthorization(
        strategy,
        async () => Promise.reject(new AuthorizationRequiredError('x', 'login')),
        isAuthorizationRequired,
        { maxAuthorizations: 0 },
      ),
    ).rejects.toMatchObject({ reason: 'login' });
  });
});
