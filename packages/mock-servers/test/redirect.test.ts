import { describe, expect, it } from 'vitest';
import { resolveQuirks, STOLEN_TOKEN } from '../src/index.js';
import { form, login, mock, REDIRECT_URI, refresh, useMsw } from './support.js';

useMsw();

/** What a client that follows redirects by hand does: the same request, again, at `Location`. */
async function followByHand(url: string, init: RequestInit): Promise<Response> {
  const first = await fetch(url, { ...init, redirect: 'manual' });
  const location = first.headers.get('location');
  if (!location) return first;
  return fetch(new URL(location, url), { ...init, redirect: 'manual' });
}

describe('quirks.redirect', () => {
  for (const status of [307, 308] as const) {
    it(`token: ${status} to the thief origin reaches a redirect: 'manual' client as a response`, async () => {
      const env = mock({ quirks: { redirect: { token: status } } });
      const { refresh_token = '' } = env.authorizationServer.issueTokens();
      const response = await fetch(env.urls.token, {
        ...form({ grant_type: 'refresh_token', refresh_token, client_id: 'mock-client' }),
        redirect: 'manual',
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('location')).toBe(`${env.urls.thief}/token`);
      expect(new URL(env.urls.thief).host).not.toBe(new URL(env.urls.issuer).host);
      expect(env.requests.filter('token').map((r) => r.status)).toEqual([status]);
      expect(env.requests.count({ server: 'thief' })).toBe(0);
      // The redirected request was not processed: the refresh token still works elsewhere.
      expect(env.authorizationServer.isActive(refresh_token)).toBe(true);
    });
  }

  it("redirect: 'manual' is what @mcp-oauth sends; the default 'follow' with a body is a network error in MSW", async () => {
    const env = mock({ quirks: { redirect: { token: 307 } } });
    const { refresh_token = '' } = env.authorizationServer.issueTokens();
    // MSW's fetch interceptor refuses to re-send a body on a 307 (undici would re-send it).
    await expect(refresh(env, 'mock-client', refresh_token)).rejects.toThrow();
    expect(env.requests.count({ server: 'thief' })).toBe(0);
  });

  it('a client that follows by hand hands the thief the credentials and gets its token', async () => {
    const env = mock({ quirks: { redirect: { token: 307 } } });
    const { refresh_token = '' } = env.authorizationServer.issueTokens();
    const response = await followByHand(
      env.urls.token,
      form({ grant_type: 'refresh_token', refresh_token, client_id: 'mock-client' }),
    );
    expect(await response.json()).toMatchObject({ access_token: STOLEN_TOKEN });
    const stolen = env.requests.filter({ server: 'thief' });
    expect(stolen).toHaveLength(1);
    expect(stolen[0]).toMatchObject({
      endpoint: 'thief',
      method: 'POST',
      url: `${env.urls.thief}/token`,
      status: 200,
    });
    expect(stolen[0]?.params.refresh_token).toBe(refresh_token);
  });

  it('a GET that follows (MSW follows mocked redirects for it) is recorded by the thief', async () => {
    const env = mock({ quirks: { redirect: { 'authorization-server-metadata': 302 } } });
    const response = await fetch(env.urls.authorizationServerMetadata);
    expect(response.redirected).toBe(true);
    expect(env.requests.filter({ server: 'thief' }).map((r) => r.url)).toEqual([
      `${env.urls.thief}/authorization-server-metadata`,
    ]);
  });

  it('registration and revocation redirect too; other endpoints work', async () => {
    const env = mock({ quirks: { redirect: { registration: 307, revocation: 308 } } });
    const registration = await fetch(env.urls.registration, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'none' }),
      redirect: 'manual',
    });
    expect(registration.status).toBe(307);
    expect(env.authorizationServer.clients().map((c) => c.source)).toEqual(['static']);
    const { access_token } = env.authorizationServer.issueTokens();
    const revocation = await fetch(env.urls.revocation, {
      ...form({ token: access_token, client_id: 'mock-client' }),
      redirect: 'manual',
    });
    expect(revocation.status).toBe(308);
    expect(revocation.headers.get('location')).toBe(`${env.urls.thief}/revocation`);
    expect(env.authorizationServer.isActive(access_token)).toBe(true);
  });

  it('a 3xx flaky step redirects that one request, then the endpoint works', async () => {
    const env = mock({ quirks: { flaky: { token: ['ok', 307] } } });
    const { tokens, client } = await login(env);
    const redirected = await fetch(env.urls.token, {
      ...form({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token ?? '',
        client_id: client.client_id,
      }),
      redirect: 'manual',
    });
    expect(redirected.status).toBe(307);
    expect(redirected.headers.get('location')).toBe(`${env.urls.thief}/token`);
    expect((await refresh(env, client.client_id, tokens.refresh_token ?? '')).status).toBe(200);
    expect(env.requests.filter('token').map((r) => r.status)).toEqual([200, 307, 200]);
  });

  it('profiles and overrides merge redirect tables', () => {
    const quirks = resolveQuirks('compliant', { redirect: { token: 307 } });
    expect(quirks.redirect).toEqual({ token: 307 });
    expect(resolveQuirks().redirect).toEqual({});
  });
});
