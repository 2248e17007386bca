import { authorizationCode } from '@mcp-oauth/authorization-code';
import * as v2 from '@mcp-oauth/mcp-client';
import * as v1 from '@mcp-oauth/mcp-sdk';
import { type McpTestServer, startMcpTestServer } from '@mcp-oauth/mcp-test-server';
import { memoryStore } from '@mcp-oauth/store-memory';
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as TransportV2,
} from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browser, form, startWorld } from './world.js';

let world: Awaited<ReturnType<typeof startWorld>>;
let mcp: McpTestServer;
beforeEach(async () => {
  world = await startWorld();
  mcp = await startMcpTestServer({
    authorizationServer: world.url,
    verifyToken: async (token) => (world.issued.has(token) ? { scopes: ['mcp'] } : undefined),
  });
});
afterEach(async () => {
  await mcp.close();
  await world.close();
});

const strategy = () =>
  authorizationCode({
    server: { name: 'first-login', type: 'streamable-http', url: mcp.url },
    store: memoryStore(),
    openBrowser: browser().open,
  });

/** The request log of a first login, as the closing note of the change shows it. */
const log = () => world.seen.map((s) => `${s.method} ${s.path}`);

describe('a first login registers one client', () => {
  it('[U3] [B3] through the SDK 2.x binding: one registration, and the login uses that client', async () => {
    const auth = strategy();
    const client = new ClientV2({ name: 'u3', version: '1.0.0' });
    await v2.connect(
      client,
      auth,
      (authProvider) => new TransportV2(new URL(mcp.url), { authProvider }),
    );
    await client.listTools();
    await client.close();
    expect(world.count('/register', 'POST')).toBe(1);
    const registered = JSON.parse(world.seen.find((s) => s.path === '/register')!.body);
    expect(registered.redirect_uris[0]).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*\/callback$/);
    const exchange = form(world.seen.find((s) => s.path === '/token'));
    expect(exchange.grant_type).toBe('authorization_code');
    expect(log()).toEqual([
      'GET /.well-known/oauth-authorization-server',
      'POST /register',
      'GET /authorize',
      'POST /token',
    ]);
  });

  it('[U3] [B2] through the SDK 1.x binding: one registration, never one with port 0', async () => {
    const auth = strategy();
    const client = new ClientV1({ name: 'u3', version: '1.0.0' });
    await v1.connect(client, auth, (options) => new TransportV1(new URL(mcp.url), options));
    await client.listTools();
    await client.close();
    expect(world.count('/register', 'POST')).toBe(1);
    expect(world.seen.find((s) => s.path === '/register')!.body).not.toContain('127.0.0.1:0/');
  });
});
