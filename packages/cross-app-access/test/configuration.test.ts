import { ErrorCode, McpOAuthError, needsLogin, StoreKeys } from '@mcp-oauth/core';
import { authFetch, isAuthorizationRequired, StrategyProvider } from '@mcp-oauth/mcp-sdk';
import { memoryStore } from '@mcp-oauth/store-memory';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { crossAppAccess, idpConnection, storeClientSecret } from '../src/index.js';
import { onUnhandledRequest, setup } from './support/xaa-flow.js';

const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest }));
afterEach(() => msw.resetHandlers());
afterAll(() => msw.close());

const server = { name: 'docs', type: 'streamable-http', url: 'https://mcp.example.com/mcp' };

function configurationError(fn: () => unknown): McpOAuthError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(McpOAuthError);
    expect((error as McpOAuthError).code).toBe(ErrorCode.Configuration);
    return error as McpOAuthError;
  }
  throw new Error('expected a configuration error');
}

describe('crossAppAccess() configuration', () => {
  it('[X1] a server set up for cross-app access with the feature off fails with an actionable error', () => {
    const error = configurationError(() =>
      crossAppAccess({ server, store: memoryStore(), idp: undefined, clientId: 'as-client' }),
    );
    expect(error.message).toContain('Server "docs" is set up for cross-app access');
    expect(error.message).toContain('idpConnection({ issuer, clientId })');
    expect(error.message).toContain('never used as a silent fallback');
  });

  it('[X1] never falls back to the consent flow: the SDK provider refuses to redirect and a 401 asks for authorize()', async () => {
    const s = await setup(msw);
    const provider = new StrategyProvider(s.auth);
    expect(provider.redirectUrl).toBeUndefined();
    expect(() => provider.redirectToAuthorization()).toThrow(/call its authorize\(\)/);
    expect(await s.auth.challenge({ status: 401, wwwAuthenticate: null })).toMatchObject({
      kind: 'authorize',
      message: expect.stringMatching(/call authorize\(\)/),
    });
    const fetch401 = authFetch(s.auth, async () => new Response('', { status: 401 }));
    const error = await fetch401(s.env.mcp.url, { method: 'POST' }).catch((e: unknown) => e);
    expect(isAuthorizationRequired(error)).toBe(true);
    expect(s.env.requests.count('authorize')).toBe(0);
    expect(s.env.requests.count('registration')).toBe(0);
    expect(s.opened).toEqual([]);
  });

  it('[X2] the IdP connection needs an issuer and a client id, with a message that says what to set', () => {
    expect(configurationError(() => idpConnection({ issuer: '', clientId: 'x' })).message).toMatch(
      /IdP issuer .*idpConnection\(\{ issuer: /,
    );
    expect(
      configurationError(() => idpConnection({ issuer: 'https://idp.example.com', clientId: '' }))
        .message,
    ).toMatch(/IdP client id/);
    expect(() =>
      idpConnection({ issuer: 'https://idp.example.com', clientId: 'x', callbackPort: 70000 }),
    ).toThrow(TypeError);
  });

  it('[X2] one connection configures the IdP once for every server', async () => {
    const s = await setup(msw);
    const other = s.make('other-server');
    await Promise.all([s.auth.authorize(), other.authorize()]);
    expect(s.opened).toHaveLength(1);
    expect(s.env.requests.count('idp-metadata')).toBe(1);
  });

  it('[X3] the server config must name the AS client id', () => {
    const idp = idpConnection({ issuer: 'https://idp.example.com', clientId: 'idp-client' });
    const error = configurationError(() =>
      crossAppAccess({ server, store: memoryStore(), idp, clientId: '' }),
    );
    expect(error.message).toContain('Set clientId');
  });

  it('[X3] a missing AS client secret fails before any browser opens, and the debug log lists the stored keys', async () => {
    const s = await setup(msw, { strategy: { clientSecret: undefined } });
    await s.store.set('unrelated', 'x');
    const error = await s.auth.authorize().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpOAuthError);
    expect((error as McpOAuthError).code).toBe(ErrorCode.Configuration);
    expect((error as Error).message).toContain('storeClientSecret(store, server, secret)');
    expect(s.opened).toEqual([]);
    expect(s.env.requests.count({ server: 'idp' })).toBe(0);
    expect(s.logs.join('\n')).toMatch(/stored keys .*unrelated/);

    await storeClientSecret(
      s.store,
      { name: 'docs', type: 'streamable-http', url: s.env.mcp.url },
      'as-secret',
    );
    await expect(s.auth.authorize()).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('[X3] a client secret given in the configuration is kept in the store for next time', async () => {
    const s = await setup(msw);
    await s.auth.authorize();
    expect(await s.store.get(StoreKeys.clientSecret(s.key))).toBe('as-secret');
  });

  it('[K2] a cross-app server with discovery state and no token is not "needs login": it re-authenticates silently', async () => {
    const s = await setup(msw);
    await s.auth.authorize();
    await s.auth.invalidate('tokens');
    const record = await s.record();
    expect(needsLogin(record)).toBe(true);
    expect(needsLogin(record, { crossAppAccess: true })).toBe(false);
    expect(await s.auth.tokens()).toMatchObject({ token_type: 'Bearer' });
    expect(s.opened).toHaveLength(1);
  });
});
