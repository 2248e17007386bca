import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuthEvent, type FetchLike, StoreKeys, type Strategy } from '@mcp-oauth/core';
import * as v2 from '@mcp-oauth/mcp-client';
import * as v1 from '@mcp-oauth/mcp-sdk';
import { fileStore } from '@mcp-oauth/store-file';
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as TransportV2,
} from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASSERTION_UNAVAILABLE,
  CLIENT_CREDENTIALS_EXTENSION,
  clientCredentials,
  clientCredentialsCapabilities,
  fileAssertion,
  storeClientKey,
  workloadIdentity,
} from '../src/index.js';
import {
  clients,
  type MachineServers,
  platformToken,
  startMachineServers,
} from './support/real-servers.js';

let servers: MachineServers;
let dir: string;
beforeAll(async () => {
  servers = await startMachineServers();
  dir = mkdtempSync(join(tmpdir(), 'm2m-'));
});
afterAll(async () => {
  await servers?.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
/** A fresh server identity (its own record) on a shared file store. */
const next = () => ({
  server: { name: `m2m-${++n}`, type: 'streamable-http', url: servers.mcp.url },
  store: fileStore({ dir }),
});

/** Records the client capabilities of every `initialize` the transport sends. */
function recording(base: FetchLike, seen: unknown[]): FetchLike {
  return async (input, init) => {
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    if (body?.method === 'initialize') seen.push(body.params.capabilities);
    return base(input, init);
  };
}

async function toolsThroughV2(auth: Strategy, seen: unknown[]) {
  const client = new ClientV2(
    { name: 'job', version: '1' },
    { capabilities: clientCredentialsCapabilities },
  );
  await v2.connect(
    client,
    auth,
    (authProvider) =>
      new TransportV2(new URL(servers.mcp.url), { authProvider, fetch: recording(fetch, seen) }),
  );
  try {
    const { tools } = await v2.withAuthorization(auth, () => client.listTools());
    return tools.map((t) => t.name);
  } finally {
    await client.close();
  }
}

async function toolsThroughV1(auth: Strategy, seen: unknown[]) {
  const client = new ClientV1(
    { name: 'job', version: '1' },
    { capabilities: clientCredentialsCapabilities },
  );
  await v1.connect(
    client,
    auth,
    (options) =>
      new TransportV1(new URL(servers.mcp.url), {
        ...options,
        fetch: recording(options.fetch, seen),
      }),
  );
  try {
    const { tools } = await v1.withAuthorization(auth, () => client.listTools());
    return tools.map((t) => t.name);
  } finally {
    await client.close();
  }
}

describe('client credentials against oidc-provider and an MCP SDK server', () => {
  for (const [name, sdk, options] of [
    ['client_secret_basic', 2, { clientId: clients.basic.id, clientSecret: clients.basic.secret }],
    [
      'client_secret_post',
      1,
      {
        clientId: clients.post.id,
        clientSecret: clients.post.secret,
        authMethod: 'client_secret_post',
      },
    ],
    [
      'private_key_jwt ES256 (PEM)',
      2,
      { clientId: clients.es256.id, privateKey: clients.es256.privateKey },
    ],
    [
      'private_key_jwt RS256 (JWK)',
      1,
      { clientId: clients.rs256.id, privateKey: clients.rs256.privateKey },
    ],
    [
      'private_key_jwt EdDSA (PEM)',
      2,
      { clientId: clients.eddsa.id, privateKey: clients.eddsa.privateKey },
    ],
  ] as const) {
    it(`[M1][M3] ${name} through SDK ${sdk}.x: a token from the real AS, the extension declared, a tool list`, async () => {
      const before = servers.as.count('/token');
      const auth = clientCredentials({ ...next(), ...options } as never);
      const seen: unknown[] = [];
      const tools = sdk === 2 ? await toolsThroughV2(auth, seen) : await toolsThroughV1(auth, seen);
      expect(tools).toContain('test-tool');
      expect(servers.as.count('/token') - before).toBe(1);
      expect(seen).toEqual([
        expect.objectContaining({ extensions: { [CLIENT_CREDENTIALS_EXTENSION]: {} } }),
      ]);
      expect(await servers.valid((await auth.tokens())!.access_token)).toBe(true);
    });
  }

  it('[M1] the key saved with storeClientKey() signs the assertion', async () => {
    const { server, store } = next();
    await storeClientKey(store, server, clients.es256.privateKey);
    const auth = clientCredentials({ server, store, clientId: clients.es256.id });
    expect(await servers.valid((await auth.tokens())!.access_token)).toBe(true);
  });

  it('[M2] a token the server stops accepting: the 401 gets a new one and the call succeeds, through both SDKs', async () => {
    for (const through of [toolsThroughV1, toolsThroughV2]) {
      const events: AuthEvent[] = [];
      const auth = clientCredentials({
        ...next(),
        clientId: clients.basic.id,
        clientSecret: clients.basic.secret,
        onEvent: (event) => events.push(event),
      });
      const first = (await auth.tokens())!.access_token;
      // The AS forgets the token (revoked, rotated keys): the MCP server now answers 401.
      await servers.forget(first);
      expect(await servers.valid(first)).toBe(false);
      expect(await through(auth, [])).toContain('test-tool');
      const second = (await auth.tokens())!.access_token;
      expect(second).not.toBe(first);
      expect(await servers.valid(second)).toBe(true);
      expect(events.map((e) => e.type === 'refresh' && e.reason)).toEqual(['success', 'success']);
    }
  });

  it('[M2] a wrong secret is refused by the real AS with invalid_client, on the first request', async () => {
    const auth = clientCredentials({
      ...next(),
      clientId: clients.basic.id,
      clientSecret: 'wrong',
    });
    await expect(toolsThroughV2(auth, [])).rejects.toMatchObject({ oauthError: 'invalid_client' });
  });
});

describe('workload identity against oidc-provider and an MCP SDK server', () => {
  it('[M4] a platform token in a file, rotated between grants, gets tokens the MCP server accepts', async () => {
    const path = join(dir, 'workload-token');
    writeFileSync(path, platformToken(servers.as.issuer));
    const { server, store } = next();
    const auth = workloadIdentity({
      server,
      store,
      clientId: clients.workload.id,
      assertion: fileAssertion(path),
    });
    const before = { ...servers.as.workloadGrants };
    expect(await toolsThroughV2(auth, [])).toContain('test-tool');
    // The kubelet rotates the token; the stored access token nears its end.
    writeFileSync(path, platformToken(servers.as.issuer));
    await store.update(StoreKeys.server(await auth.serverKey()), (record) => ({
      ...(record as object),
      issuedAt: Date.now() - 3540_000,
      expiresAt: Date.now() + 60_000,
    }));
    expect(await toolsThroughV1(auth, [])).toContain('test-tool');
    // Each grant used the file's current token (jti is single-use at this AS).
    expect(servers.as.workloadGrants.accepted - before.accepted).toBe(2);
    expect(servers.as.workloadGrants.refused - before.refused).toBe(0);
  });

  it('[M4] an expired platform token is a typed error naming the file, and nothing is sent', async () => {
    const path = join(dir, 'expired-token');
    writeFileSync(path, platformToken(servers.as.issuer, -30));
    const before = servers.as.count('/token');
    const auth = workloadIdentity({
      ...next(),
      clientId: clients.workload.id,
      assertion: fileAssertion(path),
    });
    await expect(auth.tokens()).rejects.toMatchObject({
      code: ASSERTION_UNAVAILABLE,
      problem: 'expired',
      source: `file ${path}`,
    });
    expect(servers.as.count('/token')).toBe(before);
  });

  it('[M4] a platform token for another audience is refused by the real AS with invalid_grant, once', async () => {
    const before = servers.as.count('/token');
    const auth = workloadIdentity({
      ...next(),
      clientId: clients.workload.id,
      assertion: () => platformToken('https://another-as.example'),
    });
    await expect(auth.tokens()).rejects.toMatchObject({ oauthError: 'invalid_grant' });
    expect(servers.as.count('/token') - before).toBe(1);
  });
});
