// HTTP round trips of @mcp-oauth/authorization-code compared with the MCP
// SDK 1.x's own auth() on the same servers, given a provider that keeps
// everything the SDK lets it keep (discovery state with the metadata
// documents, client, tokens, invalidateCredentials): first login and refresh
// on the mock servers, 16 processes refreshing at once against oidc-provider.
// Run: pnpm --filter @mcp-oauth/authorization-code bench
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StoreKeys, serverKey } from '@mcp-oauth/core';
import { createMockEnvironment } from '@mcp-oauth/mock-servers';
import { startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { fileStore } from '@mcp-oauth/store-file';
import { memoryStore } from '@mcp-oauth/store-memory';
import { auth as sdkAuth } from '@modelcontextprotocol/sdk/client/auth.js';
import { setupServer } from 'msw/node';
import { authorizationCode } from '../dist/index.js';

const run = promisify(execFile);
const oauthEndpoints = (env) => env.requests.all().filter((r) => r.endpoint !== 'mcp').length;
const loopback = (request, print) => {
  if (!['127.0.0.1', 'localhost'].includes(new URL(request.url).hostname)) print.error();
};
const msw = setupServer();
msw.listen({ onUnhandledRequest: loopback });

// --- ours: first login, refresh in the same process, refresh in a new process
let now = Date.now();
const clock = { now: () => now, sleep: () => new Promise(() => {}) };
const env = createMockEnvironment({ now: () => now });
msw.use(...env.handlers);
const store = memoryStore();
const server = { name: 'bench', type: 'streamable-http', url: env.mcp.url };
const deliver = async (url) => {
  const redirect = await fetch(url, { redirect: 'manual' });
  await fetch(redirect.headers.get('location'));
};
const ours = authorizationCode({
  server,
  store,
  clock,
  openBrowser: async (url) => {
    void deliver(url);
    return true;
  },
});
await ours.authorize();
const oursLogin = oauthEndpoints(env);
env.requests.clear();
now += 3600_000 - 100_000;
await ours.tokens();
const oursRefresh = oauthEndpoints(env);
env.requests.clear();
now += 3600_000;
const restarted = authorizationCode({ server, store, clock, openBrowser: false });
await restarted.tokens();
const oursRefreshNewProcess = oauthEndpoints(env);

// --- the SDK's auth() on the same kind of servers
const sdkEnv = createMockEnvironment();
msw.resetHandlers(...sdkEnv.handlers);
const saved = {};
let authorizationUrl;
const provider = {
  redirectUrl: 'http://127.0.0.1:1/callback',
  clientMetadata: {
    client_name: 'sdk',
    redirect_uris: ['http://127.0.0.1:1/callback'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  },
  clientInformation: () => saved.client,
  saveClientInformation: (client) => {
    saved.client = client;
  },
  tokens: () => saved.tokens,
  saveTokens: (tokens) => {
    saved.tokens = tokens;
  },
  redirectToAuthorization: (url) => {
    authorizationUrl = url;
  },
  saveCodeVerifier: (verifier) => {
    saved.verifier = verifier;
  },
  codeVerifier: () => saved.verifier,
  // A competent provider keeps everything the SDK hands it, metadata documents included.
  saveDiscoveryState: (state) => {
    saved.discovery = state;
  },
  discoveryState: () => saved.discovery,
  invalidateCredentials: (scope) => {
    if (scope === 'all' || scope === 'tokens') delete saved.tokens;
    if (scope === 'all' || scope === 'client') delete saved.client;
    if (scope === 'all' || scope === 'discovery') delete saved.discovery;
  },
};
await sdkAuth(provider, { serverUrl: sdkEnv.mcp.url });
const redirect = await fetch(authorizationUrl, { redirect: 'manual' });
const code = new URL(redirect.headers.get('location')).searchParams.get('code');
await sdkAuth(provider, { serverUrl: sdkEnv.mcp.url, authorizationCode: code });
const sdkLogin = oauthEndpoints(sdkEnv);
sdkEnv.requests.clear();
// A refresh as the SDK transport does it after a 401: auth() with stored tokens and discovery state.
await sdkAuth(provider, { serverUrl: sdkEnv.mcp.url });
const sdkRefresh = oauthEndpoints(sdkEnv);
sdkEnv.requests.clear();
// A new process: the same provider state read back from where the app keeps it (a file).
const restored = { ...provider, ...JSON.parse(JSON.stringify({ saved })) };
Object.assign(saved, restored.saved);
await sdkAuth(provider, { serverUrl: sdkEnv.mcp.url });
const sdkRefreshNewProcess = oauthEndpoints(sdkEnv);
msw.close();

// --- 16 processes refreshing one rotating refresh token at once
const PROCESSES = 16;
const as = await startAuthorizationServer({ accessTokenFormat: 'opaque' });
const resource = 'http://127.0.0.1:9/mcp';
async function concurrent(kind) {
  const { client, tokens } = await as.obtainTokens({ resource, scope: 'mcp:tools' });
  const dir = mkdtempSync(join(tmpdir(), 'bench-r7-'));
  const key = StoreKeys.server(
    await serverKey({ name: 'r7', type: 'streamable-http', url: resource }),
  );
  await fileStore({ dir }).set(key, {
    client: { client_id: client.client_id },
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: Date.now() + 60_000,
    authorizationServerUrl: as.issuer,
  });
  as.resetCounts();
  const startAt = String(Date.now() + 1500);
  const argv =
    kind === 'ours'
      ? () => [
          new URL('../test/support/refresh-child.mjs', import.meta.url).pathname,
          dir,
          resource,
          startAt,
        ]
      : () => [
          new URL('./sdk-refresh-child.mjs', import.meta.url).pathname,
          as.issuer,
          client.client_id,
          tokens.refresh_token,
          resource,
          startAt,
        ];
  const outputs = await Promise.all(
    Array.from({ length: PROCESSES }, (_, i) => run(process.execPath, argv(i))),
  );
  const results = outputs.map((o) => JSON.parse(o.stdout.trim()));
  const valid = (
    await Promise.all(
      results.map(
        async (r) => !!r.accessToken && !!(await as.verifyAccessToken(r.accessToken, { resource })),
      ),
    )
  ).filter(Boolean).length;
  return { tokenRequests: as.count('/token', 'POST'), requests: as.requests.length, valid };
}
const oursConcurrent = await concurrent('ours');
const sdkConcurrent = await concurrent('sdk');
await as.close();

const rows = [
  ['first login (OAuth requests)', oursLogin, sdkLogin],
  ['refresh, same process', oursRefresh, sdkRefresh],
  ['refresh, new process', oursRefreshNewProcess, sdkRefreshNewProcess],
  [
    `${PROCESSES} processes refreshing at once: token requests`,
    oursConcurrent.tokenRequests,
    sdkConcurrent.tokenRequests,
  ],
  [`${PROCESSES} processes: all requests`, oursConcurrent.requests, sdkConcurrent.requests],
  [
    `${PROCESSES} processes: processes left with a valid token`,
    oursConcurrent.valid,
    sdkConcurrent.valid,
  ],
];
console.log('\n| measure | @mcp-oauth/authorization-code | MCP SDK auth() |\n|---|---|---|');
for (const [name, a, b] of rows) console.log(`| ${name} | ${a} | ${b} |`);
process.exit(0);
