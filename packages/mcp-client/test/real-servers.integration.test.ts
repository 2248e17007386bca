import { authorizationCode } from '@mcp-oauth/authorization-code';
import { fakeStrategy } from '@mcp-oauth/fake-strategy';
import { type McpTestServer, startMcpTestServer } from '@mcp-oauth/mcp-test-server';
import { type AuthorizationServer, startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { memoryStore } from '@mcp-oauth/store-memory';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authProvider, connect, withAuthorization } from '../src/index.js';

let as: AuthorizationServer;
let mcp: McpTestServer;

beforeAll(async () => {
  as = await startAuthorizationServer({ accessTokenTtl: 600, accessTokenFormat: 'opaque' });
  mcp = await startMcpTestServer({
    authorizationServer: as.issuer,
    verifyToken: async (token) => {
      if (token.startsWith('after-login-')) return { scopes: ['mcp:tools'] };
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

describe('@mcp-oauth/mcp-client against a real MCP server (SDK 2.x client)', () => {
  it('[B1] [B3] binds any strategy: a rejected token goes to onUnauthorized, the transport retries with the renewed one', async () => {
    const strategy = fakeStrategy({
      token: 'stale',
      outcomes: [
        { kind: 'retry', tokens: { access_token: 'after-login-9', token_type: 'Bearer' } },
      ],
    });
    const provider = authProvider(strategy);
    const renewing = {
      token: provider.token,
      onUnauthorized: async (
        context: Parameters<NonNullable<typeof provider.onUnauthorized>>[0],
      ) => {
        await provider.onUnauthorized!(context);
        strategy.setToken('after-login-9');
      },
    };
    const client = new Client({ name: 'binding-test', version: '0.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(mcp.url), { authProvider: renewing }),
    );
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('test-tool');
    expect(strategy.challenges[0]).toMatchObject({ status: 401, rejectedToken: 'stale' });
    expect(strategy.authorizations()).toBe(0);
    await client.close();
  });

  it('[B3] authorization code through the 2.x binding: login, tools, step-up, refresh', async () => {
    let delivery: Promise<unknown> = Promise.resolve();
    let now = Date.now();
    const auth = authorizationCode({
      server: { name: 'real-v2', type: 'streamable-http', url: mcp.url },
      store: memoryStore(),
      clock: { now: () => now, sleep: () => new Promise<void>(() => {}) },
      openBrowser: async (url) => {
        delivery = as.completeAuthorization(url).then((callback) => fetch(callback));
        return true;
      },
    });
    as.resetCounts();
    const client = new Client({ name: 'binding-test', version: '0.0.0' });
    await connect(
      client,
      auth,
      (authProvider) => new StreamableHTTPClientTransport(new URL(mcp.url), { authProvider }),
    );
    await delivery;
    const hello = await withAuthorization(auth, () =>
      client.callTool({ name: 'test-tool', arguments: { name: 'v2' } }),
    );
    expect(hello.content).toEqual([{ type: 'text', text: 'hello v2' }]);

    // [S1] [S3] admin-tool needs mcp:admin: the SDK's step-up error leads to one wider login.
    const admin = await withAuthorization(auth, () =>
      client.callTool({ name: 'admin-tool', arguments: {} }),
    );
    expect(admin.content).toEqual([{ type: 'text', text: 'admin ok' }]);
    expect((await auth.tokens())?.scope?.split(' ').sort()).toEqual(['mcp:admin', 'mcp:tools']);

    // [T3] The token is about to expire: the next request refreshes once at the real token endpoint.
    const before = (await auth.tokens())!.access_token;
    as.resetCounts();
    now += 600_000 - 200_000;
    await client.callTool({ name: 'test-tool', arguments: {} });
    expect(as.count('/token')).toBe(1);
    expect((await auth.tokens())!.access_token).not.toBe(before);
    await client.close();
  });
});
