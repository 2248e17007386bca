import { describe, expect, it } from 'vitest';
import { login, mock, refresh, rpc, useMsw } from './support.js';

useMsw();

describe('token endpoint: refresh_token', () => {
  it('compliant: refresh tokens are reusable and the response carries none', async () => {
    const env = mock();
    const { client, tokens } = await login(env);
    const rt = tokens.refresh_token ?? '';
    const first = await refresh(env, client.client_id, rt);
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body).not.toHaveProperty('refresh_token');
    expect(body.access_token).not.toBe(tokens.access_token);
    expect((await refresh(env, client.client_id, rt)).status).toBe(200);
  });

  it('narrows scope on request and refuses to widen it', async () => {
    const env = mock();
    const { client, tokens } = await login(env, { scope: 'mcp:read mcp:write' });
    const rt = tokens.refresh_token ?? '';
    const narrowed = await (await refresh(env, client.client_id, rt, { scope: 'mcp:read' })).json();
    expect(narrowed.scope).toBe('mcp:read');
    const widened = await refresh(env, client.client_id, rt, { scope: 'mcp:admin' });
    expect((await widened.json()).error).toBe('invalid_scope');
  });

  it('refuses another resource than the grant (RFC 8707) and records the one sent', async () => {
    const env = mock();
    const { client, tokens } = await login(env);
    const rt = tokens.refresh_token ?? '';
    await refresh(env, client.client_id, rt, { resource: env.urls.mcp });
    expect(env.requests.last('token')?.params.resource).toBe(env.urls.mcp);
    const other = await refresh(env, client.client_id, rt, { resource: 'https://x.example.com/' });
    expect((await other.json()).error).toBe('invalid_target');
  });

  it('refuses a refresh token of another client and an unknown one', async () => {
    const env = mock();
    const { tokens } = await login(env);
    const thief = await login(env);
    const stolen = await refresh(env, thief.client.client_id, tokens.refresh_token ?? '');
    expect((await stolen.json()).error).toBe('invalid_grant');
    expect((await (await refresh(env, thief.client.client_id, 'rt_nope')).json()).error).toBe(
      'invalid_grant',
    );
  });

  it('refresh tokens expire after refreshTokenTtl on the mock clock', async () => {
    const env = mock({ refreshTokenTtl: 100 });
    const { client, tokens } = await login(env);
    env.advanceTime(100_000);
    const response = await refresh(env, client.client_id, tokens.refresh_token ?? '');
    expect(await response.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'refresh token expired',
    });
  });

  it('access tokens expire after accessTokenTtl, driven by the now() hook', async () => {
    let now = 1_000_000;
    const env = mock({ now: () => now, accessTokenTtl: 60 });
    const { tokens } = await login(env);
    expect(tokens.expires_in).toBe(60);
    now += 59_000;
    expect((await rpc(env, 'ping', {}, tokens.access_token)).status).toBe(200);
    now += 1_000;
    expect((await rpc(env, 'ping', {}, tokens.access_token)).status).toBe(401);
  });

  it('rotating-refresh: each refresh returns a new refresh token and retires the old one', async () => {
    const env = mock({ profile: 'rotating-refresh' });
    const { client, tokens } = await login(env);
    const next = await (await refresh(env, client.client_id, tokens.refresh_token ?? '')).json();
    expect(next.refresh_token).toMatch(/^rt_/);
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    const again = await (await refresh(env, client.client_id, next.refresh_token)).json();
    expect(again.access_token).toBeTruthy();
  });

  it('rotating-refresh: reusing a retired refresh token revokes the whole grant', async () => {
    const env = mock({ profile: 'rotating-refresh' });
    const { client, tokens } = await login(env);
    const next = await (await refresh(env, client.client_id, tokens.refresh_token ?? '')).json();
    const reuse = await refresh(env, client.client_id, tokens.refresh_token ?? '');
    expect(await reuse.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'refresh token already used',
    });
    // The legitimate holder's tokens die with the grant.
    expect((await rpc(env, 'ping', {}, next.access_token)).status).toBe(401);
    const legit = await refresh(env, client.client_id, next.refresh_token);
    expect((await legit.json()).error).toBe('invalid_grant');
    expect(env.authorizationServer.grants()[0]?.revoked).toBe(true);
  });

  it('rotation without reuseDetection refuses the old token but keeps the grant', async () => {
    const env = mock({ quirks: { rotateRefreshTokens: true } });
    const { client, tokens } = await login(env);
    const next = await (await refresh(env, client.client_id, tokens.refresh_token ?? '')).json();
    expect((await refresh(env, client.client_id, tokens.refresh_token ?? '')).status).toBe(400);
    expect((await refresh(env, client.client_id, next.refresh_token)).status).toBe(200);
  });
});
