import { fakeStrategy } from '@mcp-oauth/fake-strategy';
import { auth, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { describe, expect, it } from 'vitest';
import {
  AuthorizationRequiredError,
  authFetch,
  isAuthorizationRequired,
  StrategyProvider,
  sdkAuth,
  withAuthorization,
} from '../src/index.js';

const URL_ = 'http://127.0.0.1:9/mcp';
const respond =
  (...responses: Response[]) =>
  async () =>
    responses.shift() ?? new Response('', { status: 500 });

describe('StrategyProvider', () => {
  it('[B2] hands the SDK the strategy token without the refresh token, so the SDK never refreshes', async () => {
    const provider = new StrategyProvider(fakeStrategy({ token: 'at-1' }));
    expect(await provider.tokens()).toEqual({ access_token: 'at-1', token_type: 'Bearer' });
    expect(provider.redirectUrl).toBeUndefined();
  });

  it('[B2] the SDK auth() never registers a client: it meets AuthorizationRequiredError first', async () => {
    const requests: Array<{ method: string; url: string }> = [];
    const fetchFn = async (input: string | URL | Request, init?: RequestInit) => {
      requests.push({ method: init?.method ?? 'GET', url: String(input) });
      return new Response('not found', { status: 404 });
    };
    const error = await auth(new StrategyProvider(fakeStrategy()), {
      serverUrl: URL_,
      fetchFn,
    }).catch((e: unknown) => e);
    expect(isAuthorizationRequired(error)).toBe(true);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
  });
});

describe('authFetch', () => {
  it('[B2] a 401 goes to the strategy with the rejected token; a renewed token retries once', async () => {
    const strategy = fakeStrategy({
      outcomes: [{ kind: 'retry', tokens: { access_token: 'at-2', token_type: 'Bearer' } }],
    });
    const seen: Array<string | null> = [];
    const base = async (_input: string | URL | Request, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get('authorization'));
      return seen.length === 1
        ? new Response('', { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } })
        : new Response('ok');
    };
    const response = await authFetch(strategy, base)(URL_, {
      headers: { Authorization: 'Bearer at-1' },
    });
    expect(await response.text()).toBe('ok');
    expect(seen).toEqual(['Bearer at-1', 'Bearer at-2']);
    expect(strategy.challenges).toEqual([
      { status: 401, wwwAuthenticate: 'Bearer', rejectedToken: 'at-1' },
    ]);
  });

  it('[B2] when only the user can help it throws the SDK UnauthorizedError with the reason, before the SDK sees the 401', async () => {
    const strategy = fakeStrategy();
    const error = await authFetch(
      strategy,
      respond(new Response('', { status: 401 })),
    )(URL_).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthorizationRequiredError);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ reason: 'login' });
    expect(strategy.challenges[0]?.rejectedToken).toBeUndefined();
  });

  it('[B2] [S1] a 403 insufficient_scope the strategy turns into a step-up throws with the scope', async () => {
    const header = 'Bearer error="insufficient_scope", scope="a b"';
    const strategy = fakeStrategy({
      outcomes: [{ kind: 'authorize', reason: 'step_up', scope: 'a b', message: 'wider' }],
    });
    const error = await authFetch(
      strategy,
      respond(new Response('', { status: 403, headers: { 'WWW-Authenticate': header } })),
    )(URL_).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'step_up', scope: 'a b', message: 'wider' });
    expect(strategy.challenges[0]).toMatchObject({ status: 403, wwwAuthenticate: header });
  });

  it('[B2] [S4] a refusal passed through without its challenge cannot start an SDK step-up', async () => {
    const strategy = fakeStrategy({ outcomes: [{ kind: 'pass', dropChallenge: true }] });
    const response = await authFetch(
      strategy,
      respond(
        new Response('denied', {
          status: 403,
          headers: { 'WWW-Authenticate': 'Bearer error="insufficient_scope"', 'X-Kept': '1' },
        }),
      ),
    )(URL_);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(response.headers.get('x-kept')).toBe('1');
    expect(await response.text()).toBe('denied');
  });

  it('[B2] a renewed token that is refused again asks for a login', async () => {
    const strategy = fakeStrategy({
      outcomes: [{ kind: 'retry', tokens: { access_token: 'at-2', token_type: 'Bearer' } }],
    });
    const error = await authFetch(
      strategy,
      respond(new Response('', { status: 401 }), new Response('', { status: 401 })),
    )(URL_, { headers: { Authorization: 'Bearer at-1' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'login' });
    expect(strategy.challenges).toHaveLength(2);
  });

  it('[B2] other answers pass untouched without asking the strategy', async () => {
    const strategy = fakeStrategy();
    const response = await authFetch(
      strategy,
      respond(new Response('fine', { status: 200 })),
    )(URL_);
    expect(await response.text()).toBe('fine');
    expect(strategy.challenges).toEqual([]);
  });
});

describe('withAuthorization', () => {
  it('[B2] authorizes and retries when only the user can help, up to the limit', async () => {
    const strategy = fakeStrategy();
    let calls = 0;
    const result = await withAuthorization(strategy, async () => {
      calls++;
      if (calls < 3) throw new AuthorizationRequiredError('login', 'login');
      return 'done';
    });
    expect(result).toBe('done');
    expect(strategy.authorizations()).toBe(2);
    const never = withAuthorization(
      strategy,
      async () => {
        throw new AuthorizationRequiredError('login', 'login');
      },
      { maxAuthorizations: 1 },
    );
    await expect(never).rejects.toBeInstanceOf(AuthorizationRequiredError);
  });

  it('[B2] other errors are not retried', async () => {
    const strategy = fakeStrategy();
    await expect(
      withAuthorization(strategy, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(strategy.authorizations()).toBe(0);
  });

  it('[B1] sdkAuth binds any strategy: provider and fetch share it', async () => {
    const strategy = fakeStrategy({ token: 't' });
    const bound = sdkAuth(strategy, respond(new Response('', { status: 401 })));
    expect(await bound.authProvider.tokens()).toMatchObject({ access_token: 't' });
    await expect(bound.fetch(URL_)).rejects.toBeInstanceOf(AuthorizationRequiredError);
  });
});
