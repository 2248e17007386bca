import { ExchangeError, StoreKeys } from '@mcp-oauth/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ID_JAG_TOKEN_TYPE,
  ID_TOKEN_TYPE,
  idpConnection,
  JWT_BEARER_GRANT,
  TOKEN_EXCHANGE_GRANT,
} from '../src/index.js';
import { deliver, onUnhandledRequest, setup } from './support/xaa-flow.js';

const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest }));
afterEach(() => msw.resetHandlers());
afterAll(() => msw.close());

describe('authorize()', () => {
  it('[X4] without an IdP client secret the login is PKCE only', async () => {
    const s = await setup(msw);
    await s.auth.authorize();
    const token = s.env.requests.filter((r) => r.endpoint === 'idp-token');
    expect(token.map((r) => r.clientAuth)).toEqual(['none', 'none']);
    expect(token[0]?.params.code_verifier).toMatch(/^[\w-]{43}$/);
    expect(s.env.requests.last('idp-authorize')?.params.code_challenge_method).toBe('S256');
  });

  it('[X4] an IdP client secret is stored apart, keyed by issuer, and used at the IdP', async () => {
    const s = await setup(msw, {
      env: { idp: { clientSecret: 'idp-secret' } },
      idp: { clientSecret: 'idp-secret' },
    });
    await s.auth.authorize();
    expect(await s.store.get(StoreKeys.clientSecret(`idp:${s.env.idp.issuer}`))).toBe('idp-secret');
    const token = s.env.requests.filter((r) => r.endpoint === 'idp-token');
    expect(token.map((r) => r.clientAuth)).toEqual(['basic', 'basic']);
    expect(token.map((r) => r.status)).toEqual([200, 200]);
  });

  it('[X5] one browser login at the IdP, cached by issuer, shared by every server; events report the cache hit', async () => {
    const s = await setup(msw);
    const servers = [s.auth, s.make('tickets'), s.make('wiki')];
    await Promise.all(servers.map((auth) => auth.authorize()));
    expect(s.opened).toHaveLength(1);
    expect(s.env.requests.count('idp-authorize')).toBe(1);
    const cached = await s.idToken();
    expect(cached?.idToken.split('.')).toHaveLength(3);
    expect(cached?.expiresAt).toBe(Math.floor(s.clock.now() / 1000) * 1000 + 3600_000);
    expect(
      s.crossAppEvents().map((e) => e.type === 'cross_app_access' && e.idTokenCacheHit),
    ).toEqual([false, false, false]);

    await s.make('later').authorize();
    expect(s.opened).toHaveLength(1);
    expect(s.crossAppEvents().at(-1)).toMatchObject({ reason: 'success', idTokenCacheHit: true });
  });

  it('[X5] two processes logging in at once share one browser login (IdP login lock per issuer)', async () => {
    const s = await setup(msw);
    // A second connection object stands for another process: no shared memory, one store and lock.
    const otherOpened: string[] = [];
    const otherProcess = s.make('tickets', {
      idp: idpConnection({
        issuer: s.env.idp.issuer,
        clientId: s.env.idp.clientId,
        openBrowser: async (url) => {
          otherOpened.push(url);
          void deliver(url);
          return true;
        },
      }),
    });
    await Promise.all([s.auth.authorize(), otherProcess.authorize()]);
    expect(s.opened.length + otherOpened.length).toBe(1);
    expect(s.env.requests.count('idp-authorize')).toBe(1);
  });

  it('[X5] an expired id_token means a new login', async () => {
    const s = await setup(msw);
    await s.auth.authorize();
    s.clock.advance(3601_000);
    await s.auth.authorize();
    expect(s.opened).toHaveLength(2);
  });

  it('[X6] the IdP token endpoint comes from OIDC discovery', async () => {
    const s = await setup(msw);
    const custom = `${s.env.idp.issuer}/oauth2/v1/token`;
    const metadata = await (await fetch(s.env.urls.idpMetadata)).json();
    let hits = 0;
    msw.use(
      http.get(s.env.urls.idpMetadata, () =>
        HttpResponse.json({ ...metadata, token_endpoint: custom }),
      ),
      http.post(custom, async ({ request }) => {
        hits++;
        return fetch(s.env.urls.idpToken, {
          method: 'POST',
          headers: request.headers,
          body: await request.text(),
        });
      }),
    );
    await s.auth.authorize();
    expect(hits).toBe(2); // the code exchange and the token exchange
    await s.make('second').authorize();
    expect(hits).toBe(3);
  });

  it('[X7] discovery, RFC 8693 exchange at the IdP for an ID-JAG aimed at the AS and resource, RFC 7523 at the AS with client authentication', async () => {
    const s = await setup(msw);
    await s.seedIdToken();
    const idToken = (await s.idToken())?.idToken;
    s.env.requests.clear();
    const tokens = await s.auth.authorize();
    expect(s.env.requests.filter(() => true).map((r) => r.endpoint)).toEqual([
      'protected-resource-metadata',
      'authorization-server-metadata',
      'idp-metadata',
      'idp-token',
      'token',
    ]);
    const exchange = s.env.requests.last('idp-token')!;
    expect(exchange.params).toMatchObject({
      grant_type: TOKEN_EXCHANGE_GRANT,
      requested_token_type: ID_JAG_TOKEN_TYPE,
      subject_token_type: ID_TOKEN_TYPE,
      subject_token: idToken,
      audience: s.env.authorizationServer.issuer,
      resource: s.env.mcp.url,
    });
    const bearer = s.env.requests.last('token')!;
    expect(bearer.params.grant_type).toBe(JWT_BEARER_GRANT);
    expect(bearer.params.assertion?.split('.')).toHaveLength(3);
    expect(bearer.clientAuth).toBe('basic');
    expect(bearer.status).toBe(200);
    expect(s.env.authorizationServer.isActive(tokens.access_token)).toBe(true);
  });

  it('[X7] an AS that does not support the jwt-bearer grant is refused before the IdP is asked', async () => {
    const s = await setup(msw, {
      env: { authorizationServerMetadata: { grant_types_supported: ['authorization_code'] } },
    });
    await s.seedIdToken();
    const error = await s.auth.authorize().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeError);
    expect(error).toMatchObject({ stage: 'discovery', shouldClearIdToken: false });
    expect((error as Error).message).toContain('does not support the jwt-bearer grant');
    expect(s.env.requests.count('idp-token')).toBe(0);
  });

  it('[X10] [H2] tokens land in the server record with client, expiry, scope, the AS URL as discovery state and the issuing server', async () => {
    const s = await setup(msw);
    await s.seedIdToken();
    await s.store.set(StoreKeys.server(s.key), { refreshToken: 'rt-old', stepUpScope: 'x' });
    const tokens = await s.auth.authorize();
    const record = await s.record();
    expect(record).toEqual({
      accessToken: tokens.access_token,
      refreshToken: 'rt-old',
      expiresAt: s.clock.now() + 3600_000,
      scope: 'mcp:read',
      client: { client_id: 'mock-client', client_secret: 'as-secret' },
      authorizationServerUrl: s.env.authorizationServer.issuer,
      resourceMetadataUrl: s.env.mcp.resourceMetadataUrl,
      issuedAt: s.clock.now(),
      issuer: s.env.authorizationServer.issuer,
      tokenEndpoint: s.env.urls.token,
      tokenEndpointAuthMethods: expect.arrayContaining(['client_secret_basic']),
    });
  });

  it('[X10] [H6] without expires_in the token has no expiry (used until rejected), and a new refresh token replaces the old', async () => {
    const s = await setup(msw);
    await s.seedIdToken();
    msw.use(
      http.post(s.env.urls.token, () =>
        HttpResponse.json({ access_token: 'at-1', token_type: 'Bearer', refresh_token: 'rt-1' }),
      ),
    );
    await s.store.set(StoreKeys.server(s.key), { refreshToken: 'rt-old' });
    await s.auth.authorize();
    const record = await s.record();
    expect(record).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-1' });
    expect(record?.expiresAt).toBeUndefined();
  });
});
