import { describe, expect, it } from 'vitest';
import { createMockEnvironment, type MockEnvironment } from '../src/index.js';
import {
  authorize,
  form,
  login,
  mock,
  pkce,
  REDIRECT_URI,
  refresh,
  rpc,
  useMsw,
} from './support.js';

useMsw();

const prm = async (env: MockEnvironment) =>
  (await (await fetch(env.urls.resourceMetadata)).json()) as { authorization_servers: string[] };

/** DCR, authorize and code exchange at the second AS, found through its metadata. */
async function loginAtSecond(env: MockEnvironment) {
  const issuer = env.secondAuthorizationServer.issuer;
  const metadata = (await (
    await fetch(`${new URL(issuer).origin}/.well-known/oauth-authorization-server`)
  ).json()) as Record<string, string>;
  const registered = await fetch(metadata.registration_endpoint ?? '', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'none' }),
  });
  const client = (await registered.json()) as { client_id: string };
  const { verifier, challenge } = await pkce();
  const location = await authorize(
    { ...env, urls: { ...env.urls, authorization: metadata.authorization_endpoint ?? '' } },
    { client_id: client.client_id, code_challenge: challenge, code_challenge_method: 'S256' },
  );
  const response = await fetch(
    metadata.token_endpoint ?? '',
    form({
      grant_type: 'authorization_code',
      code: location.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      client_id: client.client_id,
    }),
  );
  return {
    metadata,
    client,
    location,
    tokens: (await response.json()) as { access_token: string },
  };
}

describe('switchAuthorizationServer', () => {
  it('before the switch, the resource names the first AS; the second one is served apart', async () => {
    const env = mock();
    expect((await prm(env)).authorization_servers).toEqual([env.authorizationServer.issuer]);
    expect(env.secondAuthorizationServer.issuer).toBe('https://auth-2.example.com');
    expect(env.secondAuthorizationServer.metadata()).toMatchObject({
      issuer: 'https://auth-2.example.com',
      token_endpoint: 'https://auth-2.example.com/token',
    });
  });

  it('after it, PRM names the second AS and the first one answers 503 everywhere', async () => {
    const env = mock();
    const { client, tokens } = await login(env);
    env.switchAuthorizationServer();
    expect((await prm(env)).authorization_servers).toEqual([env.secondAuthorizationServer.issuer]);
    const first = await fetch(env.urls.authorizationServerMetadata);
    expect(first.status).toBe(503);
    expect((await first.json()).error).toBe('temporarily_unavailable');
    expect((await refresh(env, client.client_id, tokens.refresh_token ?? '')).status).toBe(503);
    expect(env.requests.filter({ server: 'authorization-server' }).map((r) => r.status)).toEqual([
      201, 302, 200, 503, 503,
    ]);
    // The refresh token was not used: the grant is intact.
    expect(env.authorizationServer.isActive(tokens.refresh_token ?? '')).toBe(true);
  });

  it('the second AS registers its own clients, issues tokens the MCP server accepts, and logs as its own server', async () => {
    const env = mock();
    await login(env);
    env.switchAuthorizationServer();
    const { metadata, client, location, tokens } = await loginAtSecond(env);
    expect(metadata.issuer).toBe(env.secondAuthorizationServer.issuer);
    expect(location.searchParams.get('iss')).toBe(env.secondAuthorizationServer.issuer);
    expect(env.secondAuthorizationServer.clients().map((c) => c.client_id)).toContain(
      client.client_id,
    );
    expect(env.authorizationServer.clients().map((c) => c.client_id)).not.toContain(
      client.client_id,
    );
    expect((await rpc(env, 'ping', {}, tokens.access_token)).status).toBe(200);
    const second = env.requests.filter({ server: 'second-authorization-server' });
    expect(second.map((r) => r.endpoint)).toEqual([
      'authorization-server-metadata',
      'registration',
      'authorize',
      'token',
    ]);
    expect(env.requests.count({ server: 'authorization-server', endpoint: 'token' })).toBe(1);
  });

  it('a client of the first AS is unknown at the second', async () => {
    const env = mock();
    const { client, tokens } = await login(env);
    env.switchAuthorizationServer();
    const response = await fetch(
      `${env.secondAuthorizationServer.issuer}/token`,
      form({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token ?? '',
        client_id: client.client_id,
      }),
    );
    expect(response.status).toBe(401);
    expect((await response.json()).error).toBe('invalid_client');
  });

  it('reset() undoes the switch', async () => {
    const env = mock();
    env.switchAuthorizationServer();
    env.reset();
    expect((await prm(env)).authorization_servers).toEqual([env.authorizationServer.issuer]);
    expect((await fetch(env.urls.authorizationServerMetadata)).status).toBe(200);
  });

  it('throws a TypeError for a legacy profile, which has no PRM to name another AS', () => {
    const env = createMockEnvironment({ profile: 'legacy-2025-03-26' });
    expect(() => env.switchAuthorizationServer()).toThrow(TypeError);
  });
});
