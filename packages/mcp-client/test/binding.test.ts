import { fakeStrategy } from '@mcp-oauth/fake-strategy';
import { InsufficientScopeError, UnauthorizedError } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import {
  AuthorizationRequiredError,
  authProvider,
  isAuthorizationRequired,
  withAuthorization,
} from '../src/index.js';

const context = (response: Response) => ({
  response,
  serverUrl: new URL('http://127.0.0.1:9/mcp'),
  fetchFn: fetch,
});

describe('authProvider', () => {
  it('[B3] token() is the strategy token path; the refresh token never reaches the SDK', async () => {
    const provider = authProvider(fakeStrategy({ token: 'at-1' }));
    expect(await provider.token()).toBe('at-1');
  });

  it('[B3] onUnauthorized hands the strategy the token the transport last sent; a renewal lets the transport retry', async () => {
    const strategy = fakeStrategy({
      token: 'at-1',
      outcomes: [{ kind: 'retry', tokens: { access_token: 'at-2', token_type: 'Bearer' } }],
    });
    const provider = authProvider(strategy);
    await provider.token();
    await provider.onUnauthorized!(
      context(
        new Response('', {
          status: 401,
          headers: { 'WWW-Authenticate': 'Bearer resource_metadata="https://x/prm"' },
        }),
      ),
    );
    expect(strategy.challenges).toEqual([
      {
        status: 401,
        wwwAuthenticate: 'Bearer resource_metadata="https://x/prm"',
        rejectedToken: 'at-1',
      },
    ]);
  });

  it('[B3] when only the user can help, onUnauthorized throws the SDK UnauthorizedError with the reason', async () => {
    const strategy = fakeStrategy();
    const provider = authProvider(strategy);
    await provider.token();
    const error = await provider.onUnauthorized!(context(new Response('', { status: 401 }))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthorizationRequiredError);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ reason: 'login' });
    expect(isAuthorizationRequired(error)).toBe(true);
    expect(strategy.challenges[0]?.rejectedToken).toBeUndefined();
  });
});

describe('withAuthorization', () => {
  it('[B3] [S1] the SDK step-up error goes to the strategy as a 403 challenge, then authorize() and a retry', async () => {
    const strategy = fakeStrategy({
      token: 'narrow',
      outcomes: [{ kind: 'authorize', reason: 'step_up', scope: 'a b', message: 'wider' }],
    });
    let calls = 0;
    const result = await withAuthorization(strategy, async () => {
      calls++;
      if (calls === 1) throw new InsufficientScopeError({ requiredScope: 'b' });
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(strategy.authorizations()).toBe(1);
    expect(strategy.challenges).toEqual([
      { status: 403, wwwAuthenticate: 'Bearer error="insufficient_scope", scope="b"' },
    ]);
  });

  it('[B3] [S4] a step-up the strategy gave up on is thrown, not retried', async () => {
    const strategy = fakeStrategy({ outcomes: [{ kind: 'pass', dropChallenge: true }] });
    const error = new InsufficientScopeError({ requiredScope: 'b' });
    await expect(
      withAuthorization(strategy, async () => {
        throw error;
      }),
    ).rejects.toBe(error);
    expect(strategy.authorizations()).toBe(0);
  });

  it('[B3] login errors are retried up to the limit; others are not retried', async () => {
    const strategy = fakeStrategy();
    await expect(
      withAuthorization(
        strategy,
        async () => {
          throw new AuthorizationRequiredError('login', 'login');
        },
        { maxAuthorizations: 2 },
      ),
    ).rejects.toBeInstanceOf(AuthorizationRequiredError);
    expect(strategy.authorizations()).toBe(2);
    await expect(
      withAuthorization(strategy, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(strategy.authorizations()).toBe(2);
  });
});
