/// DPoP end to end: the authorization code strategy with dpop() against
/// oidc-provider with DPoP nonces and a real MCP server that checks the
/// DPoP scheme, the proof, its `ath`, the bound key and its own nonce on
/// every request, through both MCP SDK bindings.
import type { IncomingMessage } from 'node:http';
import { authorizationCode } from '@mcp-oauth/authorization-code';
import { type ServerRecord, StoreKeys, type Strategy } from '@mcp-oauth/core';
import * as v2 from '@mcp-oauth/mcp-client';
import * as v1 from '@mcp-oauth/mcp-sdk';
import { type McpTestServer, startMcpTestServer } from '@mcp-oauth/mcp-test-server';
import { type AuthorizationServer, startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { memoryStore } from '@mcp-oauth/store-memory';
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as TransportV2,
} from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DPOP_UNSUPPORTED, DPoPUnsupportedError, dpop } from '../src/index.js';

/** A DPoP proof the authorization server's token endpoint received. */
interface SeenProof {
  readonly jkt: string;
  readonly nonce: unknown;
}

/** An authorization server and a DPoP-checking MCP server, started together. */
interface Servers {
  as: AuthorizationServer;
  mcp: McpTestServer;
  /** Proofs of the token requests, in order (an empty jkt for a request without one). */
  tokenProofs: SeenProof[];
  /** Access tokens the MCP server refuses from now on (makes the strategy refresh). */
  refused: Set<string>;
}

async function start(dpopAtServers: boolean): Promise<Servers> {
  const tokenProofs: SeenProof[] = [];
  const pending: Promise<void>[] = [];
  const refused = new Set<string>();
  const as = await startAuthorizationServer({
    accessTokenTtl: 600,
    accessTokenFormat: 'opaque',
    dpop: dpopAtServers ? { nonce: true } : false,
    onRequest: (req: IncomingMessage) => {
      const proof = req.headers.dpop;
      if (req.method === 'POST' && req.url?.endsWith('/token')) {
        pending.push(
          (async () => {
            tokenProofs.push(
              typeof proof === 'string'
                ? {
                    jkt: await calculateJwkThumbprint(decodeProtectedHeader(proof).jwk as JWK),
                    nonce: decodeJwt(proof).nonce,
                  }
                : { jkt: '', nonce: undefined },
            );
          })(),
        );
      }
      return false;
    },
  });
  const mcp: McpTestServer = await startMcpTestServer({
    authorizationServer: as.issuer,
    verifyToken: async (token) => {
      if (refused.has(token)) return undefined;
      const info = await as.verifyAccessToken(token, { resource: mcp.url });
      return info
        ? { scopes: info.scope.split(' '), ...(info.jkt ? { jkt: info.jkt } : {}) }
        : undefined;
    },
    requiredScope: 'mcp:tools',
    scopesSupported: ['mcp:tools'],
    ...(dpopAtServers ? { dpop: { required: true, nonce: true } } : {}),
  });
  return {
    as,
    mcp,
    refused,
    get tokenProofs() {
      return tokenProofs;
    },
    // Proofs are decoded asynchronously; the getter above is read after flush().
    ...{ flush: () => Promise.all(pending) },
  } as Servers & { flush(): Promise<unknown> };
}

let withDpop: Servers & { flush(): Promise<unknown> };
let withoutDpop: Servers & { flush(): Promise<unknown> };

beforeAll(async () => {
  withDpop = (await start(true)) as typeof withDpop;
  withoutDpop = (await start(false)) as typeof withoutDpop;
});

afterAll(async () => {
  for (const servers of [withDpop, withoutDpop]) {
    await servers?.mcp.close();
    await servers?.as.close();
  }
});

/** The authorization code strategy with a login done by the test, as a browser would. */
function strategy(servers: Servers, name: string, option = dpop()) {
  const store = memoryStore();
  let delivery: Promise<unknown> = Promise.resolve();
  const auth = authorizationCode({
    server: { name, type: 'streamable-http', url: servers.mcp.url },
    store,
    dpop: option,
    openBrowser: async (url) => {
      delivery = servers.as.completeAuthorization(url).then((callback) => fetch(callback));
      return true;
    },
  });
  return {
    auth,
    store,
    delivered: () => delivery,
    record: async () => store.get<ServerRecord>(StoreKeys.server(await auth.serverKey())),
  };
}

/** What every DPoP run must show at both servers. */
async function expectBoundSession(
  servers: Servers & { flush(): Promise<unknown> },
  auth: Strategy,
  record: ServerRecord | undefined,
) {
  await servers.flush();
  const stored = record?.dpopKey as JWK;
  const jkt = await calculateJwkThumbprint(stored);
  // [P1] one key in the record, [P2] every token request carried a proof of it.
  expect(servers.tokenProofs.length).toBeGreaterThanOrEqual(2);
  expect(new Set(servers.tokenProofs.map((p) => p.jkt))).toEqual(new Set([jkt]));
  // [P3] the code exchange was answered use_dpop_nonce, then retried with the nonce.
  expect(servers.tokenProofs[0]?.nonce).toBeUndefined();
  expect(servers.tokenProofs[1]?.nonce).toEqual(expect.any(String));
  // [P4] the tokens are bound to that key and kept as DPoP tokens.
  expect(record).toMatchObject({ tokenType: 'DPoP' });
  expect((await auth.tokens())?.token_type).toBe('DPoP');
  const info = await servers.as.verifyAccessToken(record!.accessToken!, {
    resource: servers.mcp.url,
  });
  expect(info?.jkt).toBe(jkt);
  // [P2] every MCP request with a token used the DPoP scheme and a valid proof with ath.
  const authenticated = servers.mcp.requests.filter((r) => r.scheme);
  expect(authenticated.length).toBeGreaterThan(2);
  for (const request of authenticated) {
    expect(request.scheme).toBe('DPoP');
    expect(request.proof).toMatchObject({ htu: servers.mcp.url, ath: expect.any(String) });
  }
  expect(servers.mcp.requests.filter((r) => r.proofError && !/nonce/.test(r.proofError))).toEqual(
    [],
  );
  // [P3] the MCP server's own nonce challenge was met with one retry.
  const challenged = servers.mcp.requests.findIndex((r) => r.proofError?.includes('nonce'));
  expect(challenged).toBeGreaterThanOrEqual(0);
  expect(servers.mcp.requests[challenged + 1]).toMatchObject({ authorized: true, status: 200 });
}

/** [P4] refresh: the MCP server refuses the token; the strategy refreshes with the same key. */
async function refreshThroughRefusal(
  servers: Servers & { flush(): Promise<unknown> },
  call: () => Promise<unknown>,
  read: () => Promise<ServerRecord | undefined>,
) {
  const before = await read();
  servers.refused.add(before!.accessToken!);
  const proofs = servers.tokenProofs.length;
  await call();
  await servers.flush();
  const after = await read();
  expect(after?.accessToken).not.toBe(before?.accessToken);
  expect(after?.refreshToken).not.toBe(before?.refreshToken);
  expect(after).toMatchObject({ tokenType: 'DPoP', dpopKey: before?.dpopKey });
  const refresh = servers.tokenProofs.slice(proofs);
  expect(refresh.length).toBeGreaterThanOrEqual(1);
  expect(new Set(refresh.map((p) => p.jkt))).toEqual(
    new Set([await calculateJwkThumbprint(before!.dpopKey as JWK)]),
  );
}

describe('DPoP with oidc-provider and a DPoP-checking MCP server', () => {
  it('[P1] [P2] [P3] [P4] [P5] authorization code through the 2.x binding: bound tokens, proofs with ath, nonces, refresh with the same key', async () => {
    withDpop.as.resetCounts();
    withDpop.tokenProofs.length = 0;
    withDpop.mcp.requests.length = 0;
    const s = strategy(withDpop, 'dpop-v2');
    const client = new ClientV2({ name: 'dpop-test', version: '0.0.0' });
    await v2.connect(
      client,
      s.auth,
      (authProvider, fetch) => new TransportV2(new URL(withDpop.mcp.url), { authProvider, fetch }),
    );
    await s.delivered();
    const hello = await v2.withAuthorization(s.auth, () =>
      client.callTool({ name: 'test-tool', arguments: { name: 'dpop' } }),
    );
    expect(hello.content).toEqual([{ type: 'text', text: 'hello dpop' }]);
    await expectBoundSession(withDpop, s.auth, await s.record());

    await refreshThroughRefusal(
      withDpop,
      () =>
        v2.withAuthorization(s.auth, () => client.callTool({ name: 'test-tool', arguments: {} })),
      s.record,
    );

    // [P3] a new nonce at the MCP server: one use_dpop_nonce, one retry, no login.
    withDpop.mcp.rotateNonce();
    const seen = withDpop.mcp.requests.length;
    await client.listTools();
    expect(withDpop.mcp.requests.slice(seen).map((r) => r.status)).toEqual([401, 200]);
    await client.close();
  });

  it('[P1] [P2] [P3] [P4] [P5] authorization code through the 1.x binding: the same, through authFetch', async () => {
    withDpop.tokenProofs.length = 0;
    withDpop.mcp.requests.length = 0;
    const s = strategy(withDpop, 'dpop-v1');
    const client = new ClientV1({ name: 'dpop-test', version: '0.0.0' });
    await v1.connect(
      client,
      s.auth,
      (options) => new TransportV1(new URL(withDpop.mcp.url), options),
    );
    await s.delivered();
    const hello = await v1.withAuthorization(s.auth, () =>
      client.callTool({ name: 'test-tool', arguments: { name: 'sdk1' } }),
    );
    expect(hello.content).toEqual([{ type: 'text', text: 'hello sdk1' }]);
    await expectBoundSession(withDpop, s.auth, await s.record());

    await refreshThroughRefusal(
      withDpop,
      () =>
        v1.withAuthorization(s.auth, () => client.callTool({ name: 'test-tool', arguments: {} })),
      s.record,
    );
    await client.close();
  });

  it('[P1] a second strategy instance over the same store signs with the stored key and needs no login', async () => {
    withDpop.mcp.requests.length = 0;
    const s = strategy(withDpop, 'dpop-reuse');
    const first = new ClientV2({ name: 'dpop-test', version: '0.0.0' });
    await v2.connect(
      first,
      s.auth,
      (authProvider, fetch) => new TransportV2(new URL(withDpop.mcp.url), { authProvider, fetch }),
    );
    await s.delivered();
    await first.close();
    // Another process: a new strategy and dpop() value, the same store.
    const again = authorizationCode({
      server: { name: 'dpop-reuse', type: 'streamable-http', url: withDpop.mcp.url },
      store: s.store,
      dpop: dpop(),
      openBrowser: async () => {
        throw new Error('no login expected');
      },
    });
    const second = new ClientV2({ name: 'dpop-test', version: '0.0.0' });
    await v2.connect(
      second,
      again,
      (authProvider, fetch) => new TransportV2(new URL(withDpop.mcp.url), { authProvider, fetch }),
    );
    expect((await second.listTools()).tools.map((t) => t.name)).toContain('test-tool');
    expect(
      withDpop.mcp.requests.filter((r) => r.proofError && !/nonce/.test(r.proofError)),
    ).toEqual([]);
    await second.close();
  });
});

describe('DPoP with servers that do not support it', () => {
  it('[P4] dpop() gets plain Bearer tokens from an authorization server without DPoP, and they work', async () => {
    withoutDpop.mcp.requests.length = 0;
    const s = strategy(withoutDpop, 'bearer');
    const client = new ClientV2({ name: 'dpop-test', version: '0.0.0' });
    await v2.connect(
      client,
      s.auth,
      (authProvider, fetch) =>
        new TransportV2(new URL(withoutDpop.mcp.url), { authProvider, fetch }),
    );
    await s.delivered();
    await v2.withAuthorization(s.auth, () => client.listTools());
    const record = await s.record();
    expect(record?.accessToken).toEqual(expect.any(String));
    expect(record).not.toHaveProperty('tokenType');
    expect((await s.auth.tokens())?.token_type).toBe('Bearer');
    const authenticated = withoutDpop.mcp.requests.filter((r) => r.scheme);
    expect(authenticated.map((r) => r.scheme)).toEqual(authenticated.map(() => 'Bearer'));
    expect(authenticated.some((r) => r.status === 200)).toBe(true);
    await client.close();
  });

  it('[P4] dpop({ required: true }) refuses their Bearer tokens with DPOP_UNSUPPORTED and stores none', async () => {
    const s = strategy(withoutDpop, 'required', dpop({ required: true }));
    const error = await s.auth.authorize().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DPoPUnsupportedError);
    expect(error).toMatchObject({ code: DPOP_UNSUPPORTED, tokenType: 'Bearer' });
    const record = await s.record();
    expect(record?.accessToken).toBeUndefined();
    expect(record?.refreshToken).toBeUndefined();
  });
});
