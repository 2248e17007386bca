import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthorizationServer, startAuthorizationServer } from '../index.js';

const RESOURCE = 'http://127.0.0.1:1/mcp';

let as: AuthorizationServer;
beforeAll(async () => {
  as = await startAuthorizationServer({ accessTokenTtl: 90, accessTokenFormat: 'opaque' });
});
afterAll(() => as.close());

/** An authorization URL for `clientId`; PKCE S256 unless `pkce` is false. */
function authorizationUrl(clientId: string, redirectUri: string, pkce = true) {
  const url = new URL(as.endpoints.authorization);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', 'mcp:tools');
  url.searchParams.set('resource', RESOURCE);
  url.searchParams.set('state', 'st');
  if (pkce) {
    const challenge = createHash('sha256').update(randomBytes(32)).digest('base64url');
    url.searchParams.set('code_challenge', challenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url;
}

describe('startAuthorizationServer', () => {
  it('publishes metadata for PKCE S256, DCR, revocation and RFC 9207', async () => {
    const metadata = await (
      await fetch(`${as.issuer}/.well-known/oauth-authorization-server`)
    ).json();
    expect(metadata).toMatchObject({
      issuer: as.issuer,
      token_endpoint: as.endpoints.token,
      registration_endpoint: as.endpoints.registration,
      revocation_endpoint: as.endpoints.revocation,
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
  });

  it('registers public clients with loopback redirect URIs on any port', async () => {
    const client = await as.registerClient({ redirect_uris: ['http://127.0.0.1:54321/callback'] });
    expect(client).toMatchObject({
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1:54321/callback'],
    });
    expect(client.client_secret).toBeUndefined();
  });

  it('completes login and consent without a browser, with code, state and iss', async () => {
    const client = await as.registerClient();
    const redirect = new URL(
      await as.completeAuthorization(
        authorizationUrl(client.client_id, client.redirect_uris[0] as string),
      ),
    );
    expect(redirect.origin + redirect.pathname).toBe('http://127.0.0.1:33418/callback');
    expect(redirect.searchParams.get('code')).toEqual(expect.any(String));
    expect(redirect.searchParams.get('state')).toBe('st');
    expect(redirect.searchParams.get('iss')).toBe(as.issuer);
  });

  it('requires PKCE', async () => {
    const client = await as.registerClient();
    const redirect = new URL(
      await as.completeAuthorization(
        authorizationUrl(client.client_id, client.redirect_uris[0] as string, false),
      ),
    );
    expect(redirect.searchParams.get('error')).toBe('invalid_request');
    expect(redirect.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('issues resource-bound tokens with the configured TTL and a refresh token without offline_access', async () => {
    const { tokens } = await as.obtainTokens({ resource: RESOURCE, scope: 'mcp:tools' });
    expect(tokens).toMatchObject({ expires_in: 90, scope: 'mcp:tools', token_type: 'Bearer' });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(await as.verifyAccessToken(tokens.access_token, { resource: RESOURCE })).toMatchObject({
      audience: RESOURCE,
      scope: 'mcp:tools',
      format: 'opaque',
    });
    expect(
      await as.verifyAccessToken(tokens.access_token, { resource: 'http://x/' }),
    ).toBeUndefined();
  });

  it('rotates refresh tokens and revokes the grant when one is reused', async () => {
    const { client, tokens } = await as.obtainTokens({ resource: RESOURCE, scope: 'mcp:tools' });
    const first = await as.tokenRequest(client, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    const reused = await as.tokenRequest(client, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(reused.body.error).toBe('invalid_grant');
    const next = await as.tokenRequest(client, {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
    });
    expect(next.body.error).toBe('invalid_grant');
  });

  it('counts requests per endpoint', async () => {
    as.resetCounts();
    await fetch(`${as.issuer}/.well-known/openid-configuration`);
    await fetch(`${as.issuer}/.well-known/openid-configuration`);
    expect(as.count('/.well-known/openid-configuration')).toBe(2);
    expect(as.count('/.well-known/openid-configuration', 'POST')).toBe(0);
    expect(as.requests).toHaveLength(2);
  });

  it('refuses resources outside `resources` with invalid_target', async () => {
    const limited = await startAuthorizationServer({ resources: [RESOURCE] });
    try {
      const client = await limited.registerClient();
      const url = new URL(limited.endpoints.authorization);
      url.search = authorizationUrl(client.client_id, client.redirect_uris[0] as string).search;
      url.searchParams.set('resource', 'http://127.0.0.1:2/other');
      const redirect = new URL(await limited.completeAuthorization(url));
      expect(redirect.searchParams.get('error')).toBe('invalid_target');
    } finally {
      await limited.close();
    }
  });

  it('answers token errors like Slack when asked to', async () => {
    const quirky = await startAuthorizationServer({
      tokenErrorQuirk: { rename: { invalid_grant: 'invalid_refresh_token' }, extra: { ok: false } },
    });
    try {
      const client = await quirky.registerClient();
      const answer = await quirky.tokenRequest(client, {
        grant_type: 'refresh_token',
        refresh_token: 'not-a-token',
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ ok: false, error: 'invalid_refresh_token' });
    } finally {
      await quirky.close();
    }
  });
});
