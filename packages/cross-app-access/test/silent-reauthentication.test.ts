import { ErrorCode, type Lock, StoreError, StoreKeys } from '@mcp-oauth/core';
import { authFetch } from '@mcp-oauth/mcp-sdk';
import { RENEWAL_HOLD_MS } from '@mcp-oauth/oauth';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { onUnhandledRequest, setup } from './support/xaa-flow.js';

const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest }));
afterEach(() => msw.resetHandlers());
afterAll(() => msw.close());

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('tokens() with a cached id_token', () => {
  it('[X11] no token and a cached id_token: the exchange runs without a browser', async () => {
    const s = await setup(msw);
    await s.seedIdToken();
    const tokens = await s.auth.tokens();
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(s.opened).toEqual([]);
    expect(s.env.requests.count('idp-token')).toBe(1);
    expect(s.crossAppEvents()).toEqual([
      expect.objectContaining({ reason: 'success', idTokenCacheHit: true }),
    ]);
  });

  it('[X11] concurrent callers share one silent exchange', async () => {
    const s = await setup(msw);
    await s.seedIdToken();
    const all = await Promise.all(Array.from({ length: 8 }, () => s.auth.tokens()));
    expect(new Set(all.map((t) => t?.access_token)).size).toBe(1);
    expect(s.env.requests.count('idp-token')).toBe(1);
    expect(s.env.requests.count('token')).toBe(1);
  });

  it('[X11] a soon-expiring token without a refresh token is renewed silently; a valid one costs no request', async () => {
    const s = await setup(msw);
    await s.seedIdToken();
    const first = await s.auth.tokens();
    s.env.requests.clear();
    expect((await s.auth.tokens())?.access_token).toBe(first?.access_token);
    expect(s.env.requests.filter(() => true)).toEqual([]);
    s.clock.advance(3400_000); // 200 s left: soon-expiring
    const second = await s.auth.tokens();
    expect(second?.access_token).not.toBe(first?.access_token);
    expect(s.env.requests.count('idp-token')).toBe(1);
    expect(s.opened).toEqual([]);
  });

  it('[X11] no id_token: no tokens, no lock taken, and nothing is asked of the IdP', async () => {
    const s = await setup(msw);
    const names: string[] = [];
    const auth = s.make('docs', {
      lock: {
        withLock: (name, fn) => {
          names.push(name);
          return fn();
        },
      },
    });
    expect(await auth.tokens()).toBeUndefined();
    expect(names).toEqual([]);
    expect(s.env.requests.count({ server: 'idp' })).toBe(0);
    expect(s.opened).toEqual([]);
  });

  it('[X11] a renewal reuses the AS metadata: two requests, the exchange and the jwt-bearer grant', async () => {
    const s = await setup(msw);
    await s.seedIdToken(7200);
    await s.auth.tokens();
    s.clock.advance(3400_000);
    s.env.requests.clear();
    await s.auth.tokens();
    expect(s.env.requests.filter(() => true).map((r) => r.endpoint)).toEqual([
      'idp-token',
      'token',
    ]);
  });

  it('[X11] after a failed silent exchange the IdP is left alone for 30 s', async () => {
    const s = await setup(msw);
    await s.seedIdToken(7200);
    let outage = 0;
    msw.use(
      http.post(s.env.urls.idpToken, () => {
        outage++;
        return new HttpResponse(null, { status: 503 });
      }),
    );
    expect(await s.auth.tokens()).toBeUndefined();
    expect(await s.auth.tokens()).toBeUndefined();
    expect(outage).toBe(1);
    s.clock.advance(30_000);
    msw.resetHandlers(...s.env.handlers);
    expect(await s.auth.tokens()).toMatchObject({ token_type: 'Bearer' });
    expect(outage).toBe(1);
    expect(s.env.requests.count('idp-token')).toBe(1);
  });

  it('[X11] an exchange failure falls through to the normal path: the current token while it lasts', async () => {
    const s = await setup(msw);
    await s.seedIdToken(7200);
    const first = await s.auth.tokens();
    s.clock.advance(3400_000);
    msw.use(http.post(s.env.urls.idpToken, () => new HttpResponse(null, { status: 503 })));
    expect((await s.auth.tokens())?.access_token).toBe(first?.access_token);
    expect(s.crossAppEvents().at(-1)).toMatchObject({ reason: 'failure', stage: 'token_exchange' });
    s.clock.advance(300_000);
    expect(await s.auth.tokens()).toBeUndefined();
  });

  it('[X11] with a refresh token the normal refresh runs, not the exchange', async () => {
    const s = await setup(msw);
    await s.seedIdToken();
    const grant = s.env.authorizationServer.issueTokens({ refreshToken: true });
    await s.store.set(StoreKeys.server(s.key), {
      accessToken: grant.access_token,
      refreshToken: grant.refresh_token!,
      expiresAt: s.clock.now() + 60_000,
      client: { client_id: 'mock-client', client_secret: 'as-secret' },
      authorizationServerUrl: s.env.authorizationServer.issuer,
    });
    const tokens = await s.auth.tokens();
    expect(tokens?.access_token).not.toBe(grant.access_token);
    expect(s.env.requests.last('token')?.params.grant_type).toBe('refresh_token');
    expect(s.env.requests.count('idp-token')).toBe(0);
  });

  it('[X11] a 401 on the transport renews the token silently and retries once', async () => {
    const s = await setup(msw);
    await s.seedIdToken();
    const first = await s.auth.tokens();
    const seen: string[] = [];
    const base = async (_input: unknown, init?: RequestInit) => {
      const bearer = new Headers(init?.headers).get('authorization') ?? '';
      seen.push(bearer);
      return new Response('{}', { status: bearer === `Bearer ${first?.access_token}` ? 401 : 200 });
    };
    const response = await authFetch(s.auth, base)(s.env.mcp.url, {
      headers: { Authorization: `Bearer ${first?.access_token}` },
    });
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(seen[1]).not.toBe(seen[0]);
    expect(s.env.requests.count('idp-token')).toBe(2);
  });
});

describe('the cross-process lock', () => {
  it('[X12] the silent exchange takes the same lock as a refresh (refresh:<server key>)', async () => {
    const names: string[] = [];
    const s = await setup(msw);
    const lock: Lock = {
      withLock: (name, fn, options) => {
        names.push(name);
        return (s.store as unknown as Lock).withLock(name, fn, options);
      },
    };
    const auth = s.make('docs', { lock });
    await s.seedIdToken();
    await auth.tokens();
    expect(names).toEqual([`refresh:${s.key}`]);
  });

  it('[X12] a sibling holding the lock finishes first: its tokens are used, no second exchange chain', async () => {
    const s = await setup(msw);
    await s.seedIdToken();
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sibling = (s.store as unknown as Lock).withLock(`refresh:${s.key}`, () => held);
    const pending = s.auth.tokens();
    for (let i = 0; i < 5; i++) await tick(); // the exchange now waits for the lock
    await s.store.set(StoreKeys.server(s.key), {
      accessToken: 'from-sibling',
      expiresAt: s.clock.now() + 3600_000,
    });
    release();
    await sibling;
    expect((await pending)?.access_token).toBe('from-sibling');
    expect(s.env.requests.count({ server: 'idp' })).toBe(0);
    expect(s.env.requests.count('token')).toBe(0);
  });

  it('[X12] [H7] the exchange never runs without the lock, however long the wait', async () => {
    const waits: Array<number | undefined> = [];
    const s = await setup(msw, {
      strategy: {
        lock: {
          withLock: async (_name, _fn, options) => {
            waits.push(options?.timeoutMs);
            throw new StoreError(ErrorCode.LockUnavailable, 'held');
          },
        },
      },
    });
    await s.seedIdToken();
    expect(await s.auth.tokens()).toBeUndefined();
    expect(waits).toEqual([RENEWAL_HOLD_MS]);
    expect(s.env.requests.count('idp-token')).toBe(0);
    expect(s.env.requests.count('token')).toBe(0);
  });
});
