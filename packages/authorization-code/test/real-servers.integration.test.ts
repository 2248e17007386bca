import type { AuthEvent } from '@mcp-oauth/core';
import { isAuthorizationRequired, sdkAuth } from '@mcp-oauth/mcp-sdk';
import { type McpTestServer, startMcpTestServer } from '@mcp-oauth/mcp-test-server';
import { type AuthorizationServer, startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { memoryStore } from '@mcp-oauth/store-memory';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationCode } from '../src/index.js';

let as: AuthorizationServer;
let mcp: McpTestServer;

beforeAll(async () => {
  as = await startAuthorizationServer({ accessTokenTtl: 600, accessTokenFormat: 'opaque' });
  mcp = await startMcpTestServer({
    authorizationServer: as.issuer,
    verifyToken: async (token) => {
      const info = await as.verifyAccessToken(token, { resource: mcp.url });
      return info ? { scopes: info.scope.split(' ') } : undefined;
    },
    requiredScope: 'mcp:tools',
    adminScope: 'mcp:admin',
    scopesSupported: ['mcp:tools'],
  });
});

afterAll(async () => {
  await mcp?.close();
  await as?.close();
});

function setup() {
  let now = Date.now();
  const events: AuthEvent[] = [];
  let delivery: Promise<unknown> = Promise.resolve();
  const store = memoryStore();
  const auth = authorizationCode({
    server: { name: 'real', type: 'streamable-http', url: mcp.url },
    store,
    // Time moves only when the test says; long waits (the 5-minute flow timeout) never end.
    clock: { now: () => now, sleep: () => new Promise<void>(() => {}) },
    onEvent: (event) => events.push(event),
    openBrowser: async (url) => {
      // The user logs in and consents; the browser follows the redirect to our callback.
      delivery = as.completeAuthorization(url).then((callback) => fetch(callback));
      return true;
    },
  });
  const connect = async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const client = new Client({ name: 'integration', version: '0.0.0' });
      const transport = new StreamableHTTPClientTransport(new URL(mcp.url), {
        ...sdkAuth(auth),
      });
      try {
        await client.connect(transport);
        return client;
      } catch (error) {
        await client.close();
        if (!isAuthorizationRequired(error)) throw error;
        await auth.authorize();
        await delivery;
      }
    }
    throw new Error('could not connect');
  };
  const login = async () => {
    await auth.authorize();
    await delivery;
  };
  return { auth, store, events, connect, login, advance: (ms: number) => (now += ms) };
}

describe('authorization code against oidc-provider and an MCP SDK server', () => {
  it('logs in, calls a tool, refreshes an expiring token, steps up, and revokes', async () => {
    const s = setup();
    const client = await s.connect();
    const hello = await client.callTool({ name: 'test-tool', arguments: { name: 'mcp' } });
    expect(hello.content).toEqual([{ type: 'text', text: 'hello mcp' }]);
    expect(s.events).toContainEqual(
      expect.objectContaining({ type: 'authorization', reason: 'success' }),
    );
    const first = (await s.auth.tokens())!;

    // [T3] [R3] [R8] The token is about to expire: one refresh at the real token endpoint.
    as.resetCounts();
    s.advance(600_000 - 200_000);
    const refreshed = (await s.auth.tokens())!;
    expect(as.count('/token')).toBe(1);
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect(refreshed.refresh_token).not.toBe(first.refresh_token); // rotated
    expect(await as.verifyAccessToken(refreshed.access_token, { resource: mcp.url })).toBeDefined();
    expect((await client.callTool({ name: 'test-tool', arguments: {} })).isError).not.toBe(true);

    // [S1] [S3] Step-up: admin-tool needs mcp:admin; the next login asks for the union.
    const denied = await client
      .callTool({ name: 'admin-tool', arguments: {} })
      .catch((e: unknown) => e);
    expect(isAuthorizationRequired(denied)).toBe(true);
    expect(denied).toMatchObject({ reason: 'step_up', scope: 'mcp:tools mcp:admin' });
    await client.close();
    await s.login();
    const admin = await s.connect();
    expect((await s.auth.tokens())?.scope?.split(' ').sort()).toEqual(['mcp:admin', 'mcp:tools']);
    const adminResult = await admin.callTool({ name: 'admin-tool', arguments: {} });
    expect(adminResult.content).toEqual([{ type: 'text', text: 'admin ok' }]);

    // Revocation: the grant is gone at the server, local tokens are cleared.
    const beforeLogout = (await s.auth.tokens())!;
    const [recordKey] = await s.store.keys('server:');
    const clientId = (s.store.get(recordKey!) as { client: { client_id: string } }).client
      .client_id;
    await s.auth.logout();
    expect(await s.auth.tokens()).toBeUndefined();
    expect(
      await as.verifyAccessToken(beforeLogout.access_token, { resource: mcp.url }),
    ).toBeUndefined();
    const reuse = await as.tokenRequest(
      { client_id: clientId, redirect_uris: [] } as Parameters<typeof as.tokenRequest>[0],
      { grant_type: 'refresh_token', refresh_token: beforeLogout.refresh_token! },
    );
    expect(reuse.status).toBeGreaterThanOrEqual(400);
    expect(s.events).toContainEqual(
      expect.objectContaining({ type: 'revocation', skipped: false }),
    );
    await admin.close();
  });
});
