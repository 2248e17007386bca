import { fakeStrategy } from '@mcp-oauth/fake-strategy';
import { type McpTestServer, startMcpTestServer } from '@mcp-oauth/mcp-test-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, withAuthorization } from '../src/index.js';

let mcp: McpTestServer;
beforeAll(async () => {
  mcp = await startMcpTestServer({
    authorizationServer: 'http://127.0.0.1:9',
    // Tokens handed out by the fake strategy's authorize() are valid; nothing else is.
    verifyToken: async (token) =>
      token.startsWith('after-login-') ? { scopes: ['mcp:tools'] } : undefined,
  });
});
afterAll(() => mcp?.close());

describe('@mcp-oauth/mcp-sdk against a real MCP SDK 1.x server', () => {
  it('[B1] [B2] connects any strategy in a few lines: login on the first 401, then tools work', async () => {
    const strategy = fakeStrategy();
    const client = new Client({ name: 'binding-test', version: '0.0.0' });
    await connect(
      client,
      strategy,
      (options) => new StreamableHTTPClientTransport(new URL(mcp.url), options),
    );
    const result = await withAuthorization(strategy, () =>
      client.callTool({ name: 'test-tool', arguments: { name: 'sdk1' } }),
    );
    expect(result.content).toEqual([{ type: 'text', text: 'hello sdk1' }]);
    expect(strategy.authorizations()).toBe(1);
    expect(strategy.challenges[0]).toMatchObject({ status: 401 });
    expect(mcp.requests.some((r) => r.status === 401)).toBe(true);
    await client.close();
  });
});
