import { ErrorCode, systemClock } from '@mcp-oauth/core';
import { memoryStore } from '@mcp-oauth/store-memory';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authorizationCode, STABLE_PORT_RANGE, stableCallbackPort } from '../src/index.js';
import { onUnhandledRequest, setupFlow } from './support/mock-flow.js';

const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest }));
afterEach(() => msw.resetHandlers());
afterAll(() => msw.close());

const MCP = 'https://mcp.example.com/mcp';

describe('omitResource (Microsoft Entra ID, SPEC Q1)', () => {
  it('[Q1] an Entra-style server refuses resource: by default the login fails with a message naming omitResource', async () => {
    const f = await setupFlow(msw, { profile: 'entra' }, { clientId: 'mock-client' });
    const error = await f.auth.authorize().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.OAuth, oauthError: 'invalid_target' });
    expect((error as Error).message).toMatch(
      /AADSTS9010010.* Microsoft Entra ID refuses the RFC 8707 resource parameter \(AADSTS9010010\): set omitResource: true for this server\.$/,
    );
    expect((error as Error).cause).toMatchObject({ oauthError: 'invalid_target' });
    expect(f.events.at(-1)).toMatchObject({
      reason: 'provider_denied',
      oauthError: 'invalid_target',
    });
  });

  it('[Q1] with omitResource the login passes, and no request names a resource, refresh included', async () => {
    let now = 1_800_000_000_000;
    // Time is the mock's; the flow's own timeout never elapses in this test.
    const clock = { now: () => now, sleep: systemClock.sleep };
    const f = await setupFlow(
      msw,
      { profile: 'entra', now: () => now },
      { clientId: 'mock-client', omitResource: true, clock },
    );
    const tokens = await f.auth.authorize();
    expect(f.env.authorizationServer.isActive(tokens.access_token)).toBe(true);
    now += 3500 * 1000;
    const refreshed = await f.auth.tokens();
    expect(refreshed?.access_token).not.toBe(tokens.access_token);
    const requests = f.env.requests
      .all()
      .filter((r) => ['authorize', 'token'].includes(r.endpoint));
    expect(requests.map((r) => [r.endpoint, r.params.grant_type, r.status])).toEqual([
      ['authorize', undefined, 302],
      ['token', 'authorization_code', 200],
      ['token', 'refresh_token', 200],
    ]);
    expect(requests.every((r) => r.params.resource === undefined)).toBe(true);
  });

  it('[Q1] the hint also follows AADSTS650053 from the token endpoint', async () => {
    const { http, HttpResponse } = await import('msw');
    const f = await setupFlow(msw, { profile: 'pre-registered' }, { clientId: 'mock-client' });
    msw.use(
      http.post(f.env.urls.token, () =>
        HttpResponse.json(
          {
            error: 'invalid_scope',
            error_description:
              "AADSTS650053: The application 'x' asked for scope 'mcp.read' that doesn't exist on the resource.",
          },
          { status: 400 },
        ),
      ),
    );
    await expect(f.auth.authorize()).rejects.toThrow(
      /AADSTS650053\): name each scope with its API \(api:\/\/<app id>\/<scope>\)/,
    );
    await Promise.allSettled(f.pages);
  });
});

describe('authorizationParams (Google, Auth0, SPEC Q1)', () => {
  it('[Q1] Google: access_type=offline and prompt=consent reach the authorization request', async () => {
    const f = await setupFlow(
      msw,
      { profile: 'google' },
      {
        clientId: 'mock-client',
        authorizationParams: { access_type: 'offline', prompt: 'consent' },
      },
    );
    const tokens = await f.auth.authorize();
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(f.env.requests.last('authorize')?.params).toMatchObject({
      access_type: 'offline',
      prompt: 'consent',
      response_type: 'code',
    });
  });

  it('[Q1] Google without access_type: the server refuses, as the real one withholds the refresh token', async () => {
    const f = await setupFlow(msw, { profile: 'google' }, { clientId: 'mock-client' });
    await expect(f.auth.authorize()).rejects.toMatchObject({ oauthError: 'invalid_request' });
  });

  it('[Q1] Auth0: the audience parameter reaches the authorization request', async () => {
    const f = await setupFlow(
      msw,
      { profile: 'auth0' },
      { authorizationParams: { audience: MCP } },
    );
    await f.auth.authorize();
    expect(f.env.requests.last('authorize')?.params.audience).toBe(MCP);
  });

  it('[Q1] the flow’s own parameters cannot be overridden', () => {
    expect(() =>
      authorizationCode({
        server: { name: 'docs', type: 'streamable-http', url: MCP },
        store: memoryStore(),
        authorizationParams: { redirect_uri: 'https://evil.example/cb' },
      }),
    ).toThrow('authorizationCode() sets redirect_uri itself; remove it from authorizationParams');
  });
});

describe('callback port and redirect host (SPEC Q1)', () => {
  it('[Q1] stableCallbackPort: the same port for the same URL, a different one for another, within 20000–32767', () => {
    const a = stableCallbackPort(MCP);
    expect(stableCallbackPort(MCP)).toBe(a);
    expect(stableCallbackPort('https://mcp.example.com/other')).not.toBe(a);
    for (const url of [MCP, 'https://a.example/mcp', 'http://localhost:3000/mcp']) {
      const port = stableCallbackPort(url);
      expect(port).toBeGreaterThanOrEqual(STABLE_PORT_RANGE.first);
      expect(port).toBeLessThanOrEqual(STABLE_PORT_RANGE.last);
    }
  });

  it("[Q1] callbackPort: 'stable' listens on the derived port, so a pre-registered exact redirect URI matches", async () => {
    const port = stableCallbackPort(MCP);
    const f = await setupFlow(
      msw,
      {
        profile: 'pre-registered',
        client: { redirectUris: [`http://127.0.0.1:${port}/callback`] },
      },
      { clientId: 'mock-client', callbackPort: 'stable' },
    );
    await f.auth.authorize();
    expect(f.env.requests.last('authorize')?.params.redirect_uri).toBe(
      `http://127.0.0.1:${port}/callback`,
    );
  });

  it("[Q1] redirectHost: 'localhost' for servers that accept only that spelling", async () => {
    const f = await setupFlow(
      msw,
      { profile: 'localhost-redirect' },
      { redirectHost: 'localhost' },
    );
    await f.auth.authorize();
    expect(f.env.requests.last('authorize')?.params.redirect_uri).toMatch(
      /^http:\/\/localhost:\d+\/callback$/,
    );
  });
});
