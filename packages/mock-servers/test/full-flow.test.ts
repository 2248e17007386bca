import { describe, expect, it } from 'vitest';
import {
  authorize,
  form,
  mock,
  pkce,
  REDIRECT_URI,
  refresh,
  register,
  rpc,
  useMsw,
} from './support.js';

useMsw();

/** The first header parameter value, quoted or not. */
const param = (header: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(header)?.[1];

describe('createMockEnvironment: the whole MCP authorization flow', () => {
  it('runs 401 → PRM → AS metadata → DCR → authorize → token → MCP → refresh → step-up → revoke', async () => {
    const env = mock({ toolScopes: { 'admin-tool': 'mcp:admin' } });

    const challenge = await rpc(env, 'initialize', { protocolVersion: '2025-06-18' });
    expect(challenge.status).toBe(401);
    const header = challenge.headers.get('www-authenticate') ?? '';
    const prmUrl = param(header, 'resource_metadata');
    expect(prmUrl).toBe('https://mcp.example.com/.well-known/oauth-protected-resource/mcp');

    const prm = await (await fetch(prmUrl ?? '')).json();
    expect(prm).toMatchObject({
      resource: 'https://mcp.example.com/mcp',
      authorization_servers: ['https://auth.example.com'],
    });
    const metadata = await (
      await fetch('https://auth.example.com/.well-known/oauth-authorization-server')
    ).json();
    expect(metadata).toMatchObject({
      issuer: 'https://auth.example.com',
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });

    const client = await register(env);
    const { verifier, challenge: codeChallenge } = await pkce();
    const location = await authorize(env, {
      client_id: client.client_id,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
      resource: env.urls.mcp,
      state: 'state-1',
    });
    expect(location.origin + location.pathname).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('state-1');
    expect(location.searchParams.get('iss')).toBe('https://auth.example.com');

    const tokenResponse = await fetch(
      metadata.token_endpoint,
      form({
        grant_type: 'authorization_code',
        code: location.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
        client_id: client.client_id,
        resource: env.urls.mcp,
      }),
    );
    expect(tokenResponse.status).toBe(200);
    const tokens = await tokenResponse.json();
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'mcp:read' });

    const init = await rpc(
      env,
      'initialize',
      { protocolVersion: '2025-06-18' },
      tokens.access_token,
    );
    expect(init.status).toBe(200);
    expect((await init.json()).result.serverInfo.name).toBe('mock-mcp-server');

    const refreshed = await refresh(env, client.client_id, tokens.refresh_token, {
      resource: env.urls.mcp,
    });
    const next = await refreshed.json();
    expect(refreshed.status).toBe(200);

    const denied = await rpc(env, 'tools/call', { name: 'admin-tool' }, next.access_token);
    expect(denied.status).toBe(403);
    const stepUp = denied.headers.get('www-authenticate') ?? '';
    expect(param(stepUp, 'error')).toBe('insufficient_scope');
    expect(param(stepUp, 'scope')).toBe('mcp:admin');

    const revoked = await fetch(
      metadata.revocation_endpoint,
      form({
        token: tokens.refresh_token,
        token_type_hint: 'refresh_token',
        client_id: client.client_id,
      }),
    );
    expect(revoked.status).toBe(200);
    expect((await rpc(env, 'tools/list', {}, next.access_token)).status).toBe(401);

    expect(env.requests.count()).toBe(11);
    expect(env.requests.count('token')).toBe(2);
    expect(env.requests.last('token')?.params).toMatchObject({
      grant_type: 'refresh_token',
      resource: 'https://mcp.example.com/mcp',
    });
    expect(env.requests.filter({ server: 'mcp' }).map((r) => r.status)).toEqual([
      401, 200, 200, 403, 401,
    ]);
  });
});
