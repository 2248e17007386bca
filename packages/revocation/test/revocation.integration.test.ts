import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerRecord, StoreKeys } from '@mcp-oauth/core';
import { type AuthorizationServer, startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { memoryStore } from '@mcp-oauth/store-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revoke } from '../src/index.js';

const KEY = 'docs|0123456789abcdef';
const RESOURCE = 'http://127.0.0.1:1/mcp';
const CONFIDENTIAL = {
  client_id: 'confidential-client',
  client_secret: 'a-long-enough-client-secret-for-hs256-0123456789',
  redirect_uris: ['http://127.0.0.1:33418/callback'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
};

let as: AuthorizationServer;
beforeAll(async () => {
  as = await startAuthorizationServer({ accessTokenFormat: 'opaque', clients: [CONFIDENTIAL] });
});
afterAll(() => as.close());

/** A store holding real tokens for `client`, as a strategy would have saved them. */
async function signedIn(client?: typeof CONFIDENTIAL) {
  const { client: registered, tokens } = await as.obtainTokens({
    resource: RESOURCE,
    scope: 'mcp:tools',
    ...(client ? { client } : {}),
  });
  const record: ServerRecord = {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token as string,
    client: { client_id: registered.client_id },
    authorizationServerUrl: as.issuer,
    resourceMetadataUrl: 'http://127.0.0.1:1/.well-known/oauth-protected-resource/mcp',
    stepUpScope: 'mcp:admin',
  };
  const initial: Record<string, ServerRecord | string> = { [StoreKeys.server(KEY)]: record };
  if (client) initial[StoreKeys.clientSecret(KEY)] = client.client_secret;
  return { store: memoryStore({ initial }), tokens, client: registered };
}

describe('revocation against oidc-provider', () => {
  it('[V3] revokes a real refresh token: a later refresh with it fails with invalid_grant', async () => {
    const { store, tokens, client } = await signedIn();
    as.resetCounts();
    const event = await revoke({ serverKey: KEY, serverUrl: RESOURCE, store });
    expect(event).toEqual({
      type: 'revocation',
      serverKey: KEY,
      revoked: ['refresh_token', 'access_token'],
      skipped: false,
    });
    expect(as.count('/token/revocation', 'POST')).toBe(2);
    const refresh = await as.tokenRequest(client, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      resource: RESOURCE,
    });
    expect(refresh.status).toBe(400);
    expect(refresh.body.error).toBe('invalid_grant');
    expect(await as.verifyAccessToken(tokens.access_token)).toBeUndefined();
  });

  it('[V6] clears the local tokens after a real revocation', async () => {
    const { store } = await signedIn();
    await revoke({ serverKey: KEY, serverUrl: RESOURCE, store });
    expect(store.get(StoreKeys.server(KEY))).toBeUndefined();
  });

  it('[V4] a confidential client authenticates with Basic from the client-secret store', async () => {
    const { store, tokens } = await signedIn(CONFIDENTIAL);
    const event = await revoke({ serverKey: KEY, serverUrl: RESOURCE, store });
    expect(event.revoked).toEqual(['refresh_token', 'access_token']);
    const refresh = await as.tokenRequest(CONFIDENTIAL, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('[V7] keepDiscovery keeps the AS URL, PRM URL and step-up scope of a real sign-in', async () => {
    const { store } = await signedIn();
    await revoke({ serverKey: KEY, serverUrl: RESOURCE, store, keepDiscovery: true });
    expect(store.get(StoreKeys.server(KEY))).toEqual({
      authorizationServerUrl: as.issuer,
      resourceMetadataUrl: 'http://127.0.0.1:1/.well-known/oauth-protected-resource/mcp',
      stepUpScope: 'mcp:admin',
    });
  });

  it('[V3] a server that went away: resolves, skips, and still clears', async () => {
    const { store } = await signedIn();
    const gone = await startAuthorizationServer();
    const url = gone.issuer;
    await gone.close();
    await store.update<ServerRecord>(StoreKeys.server(KEY), (r) => ({
      ...r,
      authorizationServerUrl: url,
    }));
    const event = await revoke({ serverKey: KEY, serverUrl: RESOURCE, store });
    expect(event.skipped).toBe(true);
    expect(store.get(StoreKeys.server(KEY))).toBeUndefined();
  });
});

describe('revocation endpoint redirects', () => {
  const listen = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it('[V3] a 307 from the revocation endpoint never carries the token elsewhere', async () => {
    const stolen: string[] = [];
    const thief = createServer((req, res) => {
      stolen.push(req.url ?? '');
      res.writeHead(200).end();
    });
    const thiefUrl = await listen(thief);
    const redirecting = createServer((req, res) => {
      if (req.url === '/.well-known/oauth-authorization-server') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            issuer: origin,
            authorization_endpoint: `${origin}/authorize`,
            token_endpoint: `${origin}/token`,
            revocation_endpoint: `${origin}/revoke`,
          }),
        );
      }
      res.writeHead(307, { location: `${thiefUrl}/steal` }).end();
    });
    const origin = await listen(redirecting);
    try {
      const store = memoryStore({
        initial: {
          [StoreKeys.server(KEY)]: {
            accessToken: 'AT',
            refreshToken: 'RT',
            authorizationServerUrl: origin,
          },
        },
      });
      const event = await revoke({ serverKey: KEY, serverUrl: RESOURCE, store });
      expect(stolen).toEqual([]);
      expect(event).toMatchObject({ revoked: [], skipped: false });
      expect(store.get(StoreKeys.server(KEY))).toBeUndefined();
    } finally {
      for (const server of [thief, redirecting]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });
});
