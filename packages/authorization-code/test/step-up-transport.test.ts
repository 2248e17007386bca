import { isAuthorizationRequired, sdkAuth } from '@mcp-oauth/mcp-sdk';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FlowSetup, onUnhandledRequest, setupFlow } from './support/mock-flow.js';

const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest }));
afterEach(() => msw.resetHandlers());
afterAll(() => msw.close());

async function connect(f: FlowSetup) {
  const client = new Client({ name: 'test', version: '0.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(f.env.mcp.url), {
    ...sdkAuth(f.auth),
  });
  await client.connect(transport);
  return client;
}

const stepUpEnv = { scopesSupported: ['mcp:read'], toolScopes: { 'admin-tool': 'mcp:admin' } };

describe('step-up through the MCP SDK transport', () => {
  it('[S1] [S2] [S3] a 403 insufficient_scope marks step-up with the union of scopes; the next flow asks for it', async () => {
    const f = await setupFlow(msw, stepUpEnv, { scope: 'mcp:read' });
    await f.auth.authorize();
    const client = await connect(f);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('admin-tool');
    await expect(client.callTool({ name: 'admin-tool', arguments: {} })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    expect((await f.record())?.stepUpScope).toBe('mcp:read mcp:admin');
    // T4: no refresh token is offered while the step-up is pending.
    expect(await f.auth.tokens()).not.toHaveProperty('refresh_token');
    await f.auth.authorize();
    expect(f.env.requests.last('authorize')!.params.scope).toBe('mcp:read mcp:admin');
    const retry = await connect(f);
    const result = await retry.callTool({ name: 'admin-tool', arguments: {} });
    expect(result.isError).not.toBe(true);
    expect((await f.record())?.stepUpScope).toBeUndefined();
    await retry.close();
    await client.close();
  });

  it('[S4] gives up after 3 authorization attempts for the same challenge', async () => {
    const f = await setupFlow(msw, stepUpEnv, { scope: 'mcp:read' });
    msw.use(
      http.post(f.env.mcp.url, async ({ request }) => {
        const body = (await request.clone().json()) as {
          method?: string;
          params?: { name?: string };
        };
        if (body.method === 'tools/call' && body.params?.name === 'admin-tool') {
          return new HttpResponse(null, {
            status: 403,
            headers: { 'WWW-Authenticate': 'Bearer error="insufficient_scope", scope="mcp:admin"' },
          });
        }
        return undefined;
      }),
    );
    await f.auth.authorize();
    for (let attempt = 1; attempt <= 3; attempt++) {
      const client = await connect(f);
      await expect(client.callTool({ name: 'admin-tool', arguments: {} })).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
      await f.auth.authorize();
      await client.close();
    }
    const client = await connect(f);
    const error = await client
      .callTool({ name: 'admin-tool', arguments: {} })
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ code: 403 });
    expect(f.logs.some((l) => l.includes('giving up'))).toBe(true);
    await client.close();
  });

  it('[D2] [A1] a 401 challenge: its resource_metadata and scope drive the next flow; no SDK registration', async () => {
    const f = await setupFlow(msw, { challengeScope: 'mcp:write' });
    const client = new Client({ name: 'test', version: '0.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(f.env.mcp.url), {
      ...sdkAuth(f.auth),
    });
    const error = await client.connect(transport).catch((e: unknown) => e);
    expect(isAuthorizationRequired(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'login' });
    expect(f.env.requests.count('registration')).toBe(0);
    expect((await f.record())?.resourceMetadataUrl).toBe(f.env.urls.resourceMetadata);
    await f.auth.authorize();
    expect(f.env.requests.last('authorize')!.params.scope).toBe('mcp:write');
    expect(f.env.requests.count('protected-resource-metadata')).toBe(1);
    const connected = await connect(f);
    await connected.close();
  });

  it('a 401 with a stored refresh token refreshes and retries without the SDK starting a flow', async () => {
    const f = await setupFlow(msw, {}, {});
    await f.auth.authorize();
    const client = await connect(f);
    const before = (await f.record())!.accessToken!;
    f.env.authorizationServer.revokeGrant(before); // the access token is dead now…
    msw.use(
      http.post(f.env.urls.token, () =>
        HttpResponse.json({ error: 'invalid_grant' }, { status: 400 }),
      ),
    );
    // …and the refresh is refused too: the SDK must surface UnauthorizedError, not register a client.
    await expect(client.listTools()).rejects.toBeInstanceOf(UnauthorizedError);
    expect(f.env.requests.count('registration')).toBe(1);
    expect((await f.record())?.accessToken).toBeUndefined();
    await client.close();
  });
});
