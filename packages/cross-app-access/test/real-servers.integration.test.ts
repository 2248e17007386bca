import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuthEvent, ExchangeError } from '@mcp-oauth/core';
import {
  AS_CLIENT,
  IDP_CLIENT,
  type RealServers,
  startRealServers,
} from '@mcp-oauth/cross-app-servers';
import { sdkAuth } from '@mcp-oauth/mcp-sdk';
import { fileStore } from '@mcp-oauth/store-file';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossAppAccess, idpConnection } from '../src/index.js';

let servers: RealServers;
let dir: string;
beforeAll(async () => {
  servers = await startRealServers();
  dir = mkdtempSync(join(tmpdir(), 'xaa-'));
});
afterAll(async () => {
  await servers?.close();
  rmSync(dir, { recursive: true, force: true });
});

function strategy(events: AuthEvent[], opened: string[]) {
  const idp = idpConnection({
    issuer: servers.idp.issuer,
    clientId: IDP_CLIENT.id,
    clientSecret: IDP_CLIENT.secret,
    openBrowser: async (url) => {
      opened.push(url);
      // The user logs in at the IdP; the browser lands on our loopback callback.
      const callback = await servers.idp.completeAuthorization(url);
      void fetch(callback).then((r) => r.text());
      return true;
    },
  });
  return crossAppAccess({
    server: { name: 'real', type: 'streamable-http', url: servers.mcp.url },
    store: fileStore({ dir }),
    idp,
    clientId: AS_CLIENT.id,
    clientSecret: AS_CLIENT.secret,
    onEvent: (event) => events.push(event),
  });
}

describe('cross-app access against oidc-provider and an MCP SDK server', () => {
  it('[X5][X7] one IdP login, token exchange and jwt-bearer at real servers, then an MCP tool call', async () => {
    const events: AuthEvent[] = [];
    const opened: string[] = [];
    const auth = strategy(events, opened);
    const tokens = await auth.authorize();
    expect(await servers.verify(tokens.access_token)).toBe(true);
    expect(servers.counts).toEqual({ tokenExchange: 1, jwtBearer: 1 });
    expect(opened).toHaveLength(1);
    expect(events).toEqual([
      expect.objectContaining({ reason: 'success', idTokenCacheHit: false }),
    ]);

    const client = new Client({ name: 'xaa-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(servers.mcp.url), {
        ...sdkAuth(auth),
      }),
    );
    const result = await client.callTool({ name: 'test-tool', arguments: { name: 'xaa' } });
    expect(result.content).toEqual([{ type: 'text', text: 'hello xaa' }]);
    await client.close();
  });

  it('[X11] without a token, a new process re-authenticates silently from the cached id_token', async () => {
    const events: AuthEvent[] = [];
    const opened: string[] = [];
    const auth = strategy(events, opened);
    await auth.invalidate('tokens');
    const before = { ...servers.counts };
    const tokens = await auth.tokens();
    expect(tokens && (await servers.verify(tokens.access_token))).toBe(true);
    expect(opened).toEqual([]);
    expect(servers.counts.tokenExchange - before.tokenExchange).toBe(1);
    expect(servers.counts.jwtBearer - before.jwtBearer).toBe(1);
    expect(events).toEqual([expect.objectContaining({ reason: 'success', idTokenCacheHit: true })]);
  });

  it('[X8][X9] a refused token exchange at the real IdP names the stage and drops the id_token', async () => {
    const events: AuthEvent[] = [];
    const auth = strategy(events, []);
    await auth.invalidate('tokens');
    servers.refuseExchange = 'the session was revoked';
    try {
      expect(await auth.tokens()).toBeUndefined();
      expect(events.at(-1)).toMatchObject({
        reason: 'failure',
        stage: 'token_exchange',
        oauthError: 'invalid_grant',
        status: 400,
      });
      const error = await auth.authorize().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExchangeError);
      expect(error).toMatchObject({ stage: 'token_exchange', shouldClearIdToken: true });
    } finally {
      servers.refuseExchange = undefined;
    }
    // The id_token was dropped: the next authorize() logs in at the IdP again.
    const opened: string[] = [];
    await strategy([], opened).authorize();
    expect(opened).toHaveLength(1);
  });
});
