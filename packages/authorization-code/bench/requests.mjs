// HTTP round trips of @mcp-oauth/authorization-code compared with the MCP
// SDK's own auth(), 1.x (@modelcontextprotocol/sdk) and 2.x
// (@modelcontextprotocol/client), on the same servers, each given a provider
// that keeps everything the SDK lets it keep (discovery state with the
// metadata documents, client, tokens, code verifier, state,
// invalidateCredentials): first login and refresh on the mock servers, 16
// processes refreshing at once against oidc-provider.
// Run: pnpm --filter @mcp-oauth/authorization-code bench
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StoreKeys, serverKey } from '@mcp-oauth/core';
import { createMockEnvironment } from '@mcp-oauth/mock-servers';
import { startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { fileStore } from '@mcp-oauth/store-file';
import { memoryStore } from '@mcp-oauth/store-memory';
import { auth as sdk2Auth } from '@modelcontextprotocol/client';
import { auth as sdk1Auth } from '@modelcontextprotocol/sdk/client/auth.js';
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

// --- each SDK line's auth() on the same kind of servers, with the provider a
// competent SDK user writes: it keeps everything the SDK hands it, metadata
// documents included, and drops what invalidateCredentials names.
function sdkProvider(saved) {
  return {
    redirectUrl: 'http://127.0.0.1:1/callback',
    clientMetadata: {
      client_name: 'sdk',
      redirect_uris: ['http://127.0.0.1:1/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
    state: () => {
      saved.state = randomUUID();
      return saved.state;
    },
    clientInformation: () => saved.client,
    saveClientInformation: (client) => {
      saved.client = client;
    },
    tokens: () => saved.tokens,
    saveTokens: (tokens) => {
      saved.tokens = tokens;
    },
    // The user agent: follow the authorization URL and keep the callback the AS redirects to.
    redirectToAuthorization: async (url) => {
      const redirect = await fetch(url, { redirect: 'manual' });
      saved.callback = redirect.headers.get('location');
    },
    saveCodeVerifier: (verifier) => {
      saved.verifier = verifier;
    },
    codeVerifier: () => saved.verifier,
    saveDiscoveryState: (state) => {
      saved.discovery = state;
    },
    discoveryState: () => saved.discovery,
    invalidateCredentials: (scope) => {
      if (scope === 'all' || scope === 'tokens') delete saved.tokens;
      if (scope === 'all' || scope === 'client') delete saved.client;
      if (scope === 'all' || scope === 'verifier') delete saved.verifier;
      if (scope === 'all' || scope === 'discovery') delete saved.discovery;
    },
  };
}

async function sdkRequests(auth) {
  const sdkEnv = createMockEnvironment();
  msw.resetHandlers(...sdkEnv.handlers);
  const serverUrl = sdkEnv.mcp.url;
  const saved = {};
  const provider = sdkProvider(saved);
  if ((await auth(provider, { serverUrl })) !== 'REDIRECT') throw new Error('no redirect');
  const callback = new URL(saved.callback).searchParams;
  if (callback.get('state') !== saved.state) throw new Error('state mismatch');
  // iss (RFC 9207) is checked by 2.x and ignored by 1.x.
  const completed = await auth(provider, {
    serverUrl,
    authorizationCode: callback.get('code'),
    iss: callback.get('iss') ?? undefined,
  });
  if (completed !== 'AUTHORIZED') throw new Error('login did not complete');
  const login = oauthEndpoints(sdkEnv);
  sdkEnv.requests.clear();
  // A refresh as the SDK transport does it after a 401: auth() with stored tokens and discovery state.
  if ((await auth(provider, { serverUrl })) !== 'AUTHORIZED') throw new Error('no refresh');
  const refresh = oauthEndpoints(sdkEnv);
  sdkEnv.requests.clear();
  // A new process: a new provider over the state read back from where the app keeps it (a file).
  const restarted = sdkProvider(JSON.parse(JSON.stringify(saved)));
  if ((await auth(restarted, { serverUrl })) !== 'AUTHORIZED') throw new Error('no refresh');
  const refreshNewProcess = oauthEndpoints(sdkEnv);
  return { login, refresh, refreshNewProcess };
}
const sdk1 = await sdkRequests(sdk1Auth);
const sdk2 = await sdkRequests(sdk2Auth);
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
          kind,
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
const sdk1Concurrent = await concurrent('sdk1');
const sdk2Concurrent = await concurrent('sdk2');
await as.close();

const rows = [
  ['first login (OAuth requests)', oursLogin, sdk1.login, sdk2.login],
  ['refresh, same process', oursRefresh, sdk1.refresh, sdk2.refresh],
  ['refresh, new process', oursRefreshNewProcess, sdk1.refreshNewProcess, sdk2.refreshNewProcess],
  [
    `${PROCESSES} processes refreshing at once: token requests`,
    oursConcurrent.tokenRequests,
    sdk1Concurrent.tokenRequests,
    sdk2Concurrent.tokenRequests,
  ],
  [
    `${PROCESSES} processes: all requests`,
    oursConcurrent.requests,
    sdk1Concurrent.requests,
    sdk2Concurrent.requests,
  ],
  [
    `${PROCESSES} processes: processes left with a valid token`,
    oursConcurrent.valid,
    sdk1Concurrent.valid,
    sdk2Concurrent.valid,
  ],
];
const beside = (ours, sdk) => (sdk === ours ? `${sdk} (equal)` : String(sdk));
console.log(
  '\n| measure | @mcp-oauth/authorization-code | MCP SDK 1.x auth() | MCP SDK 2.x auth() |\n|---|---|---|---|',
);
for (const [name, ours, sdk1, sdk2] of rows) {
  console.log(`| ${name} | ${ours} | ${beside(ours, sdk1)} | ${beside(ours, sdk2)} |`);
}
process.exit(0);
