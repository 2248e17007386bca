import { describe, expect, it } from 'vitest';
import { basic, form, login, mock, refresh, rpc, useMsw } from './support.js';

useMsw();

describe('revocation endpoint (RFC 7009)', () => {
  it('revoking the refresh token ends the grant: refresh fails and the MCP server answers 401', async () => {
    const env = mock();
    const { client, tokens } = await login(env);
    const response = await fetch(
      env.urls.revocation,
      form({
        token: tokens.refresh_token,
        token_type_hint: 'refresh_token',
        client_id: client.client_id,
      }),
    );
    expect(response.status).toBe(200);
    expect(
      (await (await refresh(env, client.client_id, tokens.refresh_token ?? '')).json()).error,
    ).toBe('invalid_grant');
    expect((await rpc(env, 'ping', {}, tokens.access_token)).status).toBe(401);
    expect(env.requests.last('revocation')?.params.token_type_hint).toBe('refresh_token');
  });

  it('revoking the access token ends that token only', async () => {
    const env = mock();
    const { client, tokens } = await login(env);
    await fetch(
      env.urls.revocation,
      form({ token: tokens.access_token, client_id: client.client_id }),
    );
    expect((await rpc(env, 'ping', {}, tokens.access_token)).status).toBe(401);
    expect((await refresh(env, client.client_id, tokens.refresh_token ?? '')).status).toBe(200);
  });

  it('answers 200 for an unknown token and 400 without one', async () => {
    const env = mock();
    const { client } = await login(env);
    expect(
      (await fetch(env.urls.revocation, form({ token: 'nope', client_id: client.client_id })))
        .status,
    ).toBe(200);
    const missing = await fetch(env.urls.revocation, form({ client_id: client.client_id }));
    expect(missing.status).toBe(400);
  });

  it('refuses to revoke another client’s token', async () => {
    const env = mock();
    const victim = await login(env);
    const other = await login(env);
    const response = await fetch(
      env.urls.revocation,
      form({ token: victim.tokens.access_token, client_id: other.client.client_id }),
    );
    expect(response.status).toBe(400);
    expect(env.authorizationServer.isActive(victim.tokens.access_token)).toBe(true);
  });

  it('checks client authentication of confidential clients', async () => {
    const env = mock({ profile: 'confidential' });
    const tokens = env.authorizationServer.issueTokens();
    const bad = await fetch(
      env.urls.revocation,
      form({ token: tokens.access_token }, { authorization: basic('mock-client', 'x') }),
    );
    expect(bad.status).toBe(401);
    expect(env.authorizationServer.isActive(tokens.access_token)).toBe(true);
    const ok = await fetch(
      env.urls.revocation,
      form({ token: tokens.access_token }, { authorization: basic('mock-client', 'mock-secret') }),
    );
    expect(ok.status).toBe(200);
    expect(env.authorizationServer.isActive(tokens.access_token)).toBe(false);
  });

  it('revocation-bearer: 401 for client auth, accepted with Bearer <access token>', async () => {
    const env = mock({ profile: 'revocation-bearer' });
    const tokens = env.authorizationServer.issueTokens();
    const first = await fetch(
      env.urls.revocation,
      form({ token: tokens.refresh_token, client_id: 'mock-client' }),
    );
    expect(first.status).toBe(401);
    expect(env.authorizationServer.isActive(tokens.refresh_token ?? '')).toBe(true);
    const retry = await fetch(
      env.urls.revocation,
      form({ token: tokens.refresh_token }, { authorization: `Bearer ${tokens.access_token}` }),
    );
    expect(retry.status).toBe(200);
    expect(env.authorizationServer.isActive(tokens.refresh_token ?? '')).toBe(false);
    expect(env.requests.filter('revocation').map((r) => r.clientAuth)).toEqual(['none', 'bearer']);
  });
});
