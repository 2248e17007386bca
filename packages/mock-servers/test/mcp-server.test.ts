import { describe, expect, it } from 'vitest';
import { mock, rpc, useMsw } from './support.js';

useMsw();

describe('mock MCP server', () => {
  it('answers 401 with a resource_metadata challenge without a token', async () => {
    const env = mock();
    const response = await rpc(env, 'initialize');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"',
    );
  });

  it('adds scope to the 401 challenge when challengeScope is set', async () => {
    const env = mock({ challengeScope: 'mcp:read mcp:write' });
    const header = (await rpc(env, 'initialize')).headers.get('www-authenticate');
    expect(header).toContain('scope="mcp:read mcp:write"');
  });

  it('answers invalid_token for unknown, expired and revoked tokens', async () => {
    const env = mock();
    expect((await rpc(env, 'ping', {}, 'nope')).headers.get('www-authenticate')).toContain(
      'error="invalid_token"',
    );
    const { access_token } = env.authorizationServer.issueTokens();
    expect((await rpc(env, 'ping', {}, access_token)).status).toBe(200);
    env.advanceTime(3600_000);
    expect((await rpc(env, 'ping', {}, access_token)).status).toBe(401);
    const fresh = env.authorizationServer.issueTokens();
    env.authorizationServer.revokeGrant(fresh.access_token);
    expect((await rpc(env, 'ping', {}, fresh.access_token)).status).toBe(401);
  });

  it('refuses a token bound to another resource (RFC 8707)', async () => {
    const env = mock();
    const { access_token } = env.authorizationServer.issueTokens({
      resource: 'https://elsewhere.example.com/mcp',
    });
    const response = await rpc(env, 'ping', {}, access_token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses a refresh token used as a bearer token', async () => {
    const env = mock();
    const { refresh_token } = env.authorizationServer.issueTokens();
    expect((await rpc(env, 'ping', {}, refresh_token)).status).toBe(401);
  });

  it('answers initialize, notifications, tools/list and tools/call with a valid token', async () => {
    const env = mock();
    const { access_token: token } = env.authorizationServer.issueTokens();
    const init = await rpc(env, 'initialize', { protocolVersion: '2025-03-26' }, token);
    expect(init.headers.get('mcp-session-id')).toMatch(/^session-/);
    expect((await init.json()).result).toMatchObject({
      protocolVersion: '2025-03-26',
      capabilities: { tools: {} },
    });
    const notification = await fetch(env.urls.mcp, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
    expect(notification.status).toBe(202);
    const list = await (await rpc(env, 'tools/list', {}, token)).json();
    expect(list.result.tools.map((t: { name: string }) => t.name)).toEqual(['test-tool']);
    const call = await (await rpc(env, 'tools/call', { name: 'test-tool' }, token)).json();
    expect(call.result.content).toEqual([{ type: 'text', text: 'test-tool ok' }]);
    const unknown = await (await rpc(env, 'tools/call', { name: 'nope' }, token)).json();
    expect(unknown.error.code).toBe(-32602);
    expect((await (await rpc(env, 'resources/list', {}, token)).json()).error.code).toBe(-32601);
  });

  it('answers 405 to GET (no SSE stream) once authorized', async () => {
    const env = mock();
    const { access_token } = env.authorizationServer.issueTokens();
    const response = await fetch(env.urls.mcp, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(response.status).toBe(405);
  });

  it('answers 403 insufficient_scope for a tool whose scope the token lacks (step-up)', async () => {
    const env = mock({ toolScopes: { 'admin-tool': 'mcp:admin' } });
    expect(env.mcp.tools).toEqual(['test-tool', 'admin-tool']);
    const narrow = env.authorizationServer.issueTokens({ scope: 'mcp:read' });
    const denied = await rpc(env, 'tools/call', { name: 'admin-tool' }, narrow.access_token);
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toBe(
      'Bearer error="insufficient_scope", scope="mcp:admin", error_description="scope mcp:admin required", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"',
    );
    const wide = env.authorizationServer.issueTokens({ scope: 'mcp:read mcp:admin' });
    expect((await rpc(env, 'tools/call', { name: 'admin-tool' }, wide.access_token)).status).toBe(
      200,
    );
  });

  it('answers 403 to every request when requiredScope is missing from the token', async () => {
    const env = mock({ requiredScope: 'mcp:write' });
    const { access_token } = env.authorizationServer.issueTokens({ scope: 'mcp:read' });
    const response = await rpc(env, 'tools/list', {}, access_token);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('scope="mcp:write"');
  });

  it('sends no resource_metadata in legacy-2025-03-26 challenges', async () => {
    const env = mock({ profile: 'legacy-2025-03-26' });
    const response = await rpc(env, 'initialize');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="mcp"');
  });

  it('no-resource-metadata-in-challenge: a bare Bearer challenge, PRM still served', async () => {
    const env = mock({ profile: 'no-resource-metadata-in-challenge' });
    expect((await rpc(env, 'initialize')).headers.get('www-authenticate')).toBe(
      'Bearer realm="mcp"',
    );
    expect((await fetch(env.urls.resourceMetadata)).status).toBe(200);
  });

  it('serves a custom MCP URL', async () => {
    const env = mock({ mcpUrl: 'https://tools.example.org/v1/mcp' });
    const response = await rpc(env, 'initialize');
    expect(response.headers.get('www-authenticate')).toContain(
      'https://tools.example.org/.well-known/oauth-protected-resource/v1/mcp',
    );
  });
});
