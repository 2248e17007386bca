/**
 * The client-under-test for the official MCP conformance runner:
 *
 *   node dist/client-under-test.js [--sdk 1|2] <mcpServerUrl>
 *
 * The server URL is the last argument. MCP_CONFORMANCE_SCENARIO names the
 * scenario and MCP_CONFORMANCE_CONTEXT (JSON) may carry a pre-registered
 * client. The scenario picks the strategy (see `strategyFor`): client
 * credentials or workload identity for those extension scenarios, else the
 * authorization code strategy. It connects through one of the two MCP SDK
 * bindings (`--sdk 2`, the default: @mcp-oauth/mcp-client on
 * @modelcontextprotocol/client 2.x; `--sdk 1`: @mcp-oauth/mcp-sdk on
 * @modelcontextprotocol/sdk 1.x), authorizes when the server demands it
 * (acting as the browser), lists tools and calls `test-tool`. On the
 * stateless wire (protocol 2026-07-28), which neither SDK line speaks, a
 * minimal client sends the requests through the same binding. Exit 0 on
 * success, 1 when a flow was refused or failed.
 */
import { authorizationCode } from '@mcp-oauth/authorization-code';
import {
  clientCredentials,
  clientCredentialsCapabilities,
  type SigningAlgorithm,
  workloadIdentity,
} from '@mcp-oauth/client-credentials';
import { McpOAuthError, StoreKeys, type Strategy } from '@mcp-oauth/core';
import { crossAppAccess, idpConnection } from '@mcp-oauth/cross-app-access';
import { dpop } from '@mcp-oauth/dpop';
import * as v2 from '@mcp-oauth/mcp-client';
import * as v1 from '@mcp-oauth/mcp-sdk';
import { memoryStore } from '@mcp-oauth/store-memory';
import {
  Client as ClientV2,
  InsufficientScopeError,
  StreamableHTTPClientTransport as TransportV2,
} from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { actAsBrowser } from './browser-agent.js';
import { type StatelessAuth, statelessClient } from './stateless-client.js';

interface ConformanceContext {
  client_id?: string;
  client_secret?: string;
  client_metadata_url?: string;
  /** auth/client-credentials-jwt: the client's ES256 key and its algorithm. */
  private_key_pem?: string;
  signing_algorithm?: string;
  /** auth/wif-jwt-bearer: the workload JWT the platform issued (also wrong-audience and expired ones). */
  valid_jwt?: string;
  /** auth/enterprise-managed-authorization: the IdP, this app's client there and the user's id_token. */
  idp_issuer?: string;
  idp_client_id?: string;
  idp_id_token?: string;
  [field: string]: unknown;
}

/** Client capabilities to declare in `initialize` (or per request on the stateless wire). */
type Capabilities = Record<string, unknown>;

/** The strategy a scenario is run with, and the client capabilities it needs declared. */
interface Choice {
  readonly auth: Strategy;
  readonly capabilities: Capabilities;
}

/** What every strategy of the client-under-test shares. */
interface Setup {
  readonly scenario: string;
  readonly context: ConformanceContext;
  readonly serverUrl: string;
  readonly debug: (line: string) => void;
}

const common = ({ serverUrl, debug }: Setup) => ({
  server: { name: 'conformance', type: 'streamable-http', url: serverUrl },
  store: memoryStore(),
  logger: { debug: (m: string) => debug(`debug: ${m}`), warn: (m: string) => debug(`warn: ${m}`) },
  onEvent: (event: unknown) => debug(`event: ${JSON.stringify(event)}`),
});

/**
 * DPoP for the DPoP extension scenarios (SPEC P1–P5; auth/dpop and
 * auth/dpop-nonce: DPoP-bound tokens, a proof on every token and MCP
 * request, server nonces at both servers). Their context carries nothing.
 */
const dpopFor = (scenario: string) => (scenario.startsWith('auth/dpop') ? { dpop: dpop() } : {});

/** The authorization code strategy, acting as the browser (every core auth scenario). */
function authorizationCodeFor(setup: Setup): Choice {
  const { scenario, context, debug } = setup;
  const auth = authorizationCode({
    ...common(setup),
    clientName: 'mcp-oauth conformance client',
    ...dpopFor(scenario),
    ...(context.client_id ? { clientId: context.client_id } : {}),
    ...(context.client_secret ? { clientSecret: context.client_secret } : {}),
    ...(scenario.includes('cimd')
      ? {
          clientMetadataUrl:
            context.client_metadata_url ?? 'https://conformance-test.local/client-metadata.json',
        }
      : {}),
    openBrowser: async (url) => {
      void actAsBrowser(url).catch((error) => debug(`browser: ${error.message}`));
      return true;
    },
  });
  return { auth, capabilities: {} };
}

/**
 * Client credentials (SPEC M1–M3; auth/client-credentials-basic and -jwt):
 * the pre-registered client with its secret or its private key, the
 * extension declared in the client capabilities.
 */
function clientCredentialsFor(setup: Setup): Choice {
  const { context } = setup;
  if (!context.client_id) throw new TypeError('the scenario context names no client_id');
  const auth = clientCredentials({
    ...common(setup),
    clientId: context.client_id,
    ...(context.private_key_pem
      ? {
          privateKey: context.private_key_pem,
          ...(context.signing_algorithm
            ? { algorithm: context.signing_algorithm as SigningAlgorithm }
            : {}),
        }
      : { clientSecret: context.client_secret }),
  });
  return { auth, capabilities: { ...clientCredentialsCapabilities } };
}

/** Workload identity (SPEC M4; auth/wif-jwt-bearer): the jwt-bearer grant with the platform's JWT. */
function workloadIdentityFor(setup: Setup): Choice {
  const { context } = setup;
  const auth = workloadIdentity({
    ...common(setup),
    ...(context.client_id ? { clientId: context.client_id } : {}),
    assertion: () => context.valid_jwt,
  });
  return { auth, capabilities: {} };
}

/**
 * Cross-app access (SPEC X7, X11; auth/enterprise-managed-authorization):
 * the user's id_token from the IdP login, as the app would have cached it,
 * exchanged for an ID-JAG at the IdP (RFC 8693) and redeemed at the MCP
 * server's authorization server (RFC 7523) with the app's client there.
 */
function crossAppAccessFor(setup: Setup): Choice {
  const { context } = setup;
  const { idp_issuer: issuer, idp_client_id: idpClientId, idp_id_token: idToken } = context;
  if (!issuer || !idpClientId || !idToken || !context.client_id) {
    throw new TypeError('the scenario context names no IdP, IdP client, id_token or client_id');
  }
  const shared = common(setup);
  // The id_token a login at the IdP left in the store (memory: the set is synchronous).
  void shared.store.set(StoreKeys.idToken(issuer), { idToken, expiresAt: Date.now() + 3_600_000 });
  const auth = crossAppAccess({
    ...shared,
    idp: idpConnection({ issuer, clientId: idpClientId, openBrowser: false }),
    clientId: context.client_id,
    ...(context.client_secret ? { clientSecret: context.client_secret } : {}),
  });
  return { auth, capabilities: {} };
}

/** The strategy for a scenario: by name, the extension scenarios first. */
function strategyFor(setup: Setup): Choice {
  if (setup.scenario === 'auth/enterprise-managed-authorization') return crossAppAccessFor(setup);
  if (setup.scenario.startsWith('auth/client-credentials')) return clientCredentialsFor(setup);
  if (setup.scenario === 'auth/wif-jwt-bearer') return workloadIdentityFor(setup);
  return authorizationCodeFor(setup);
}

const CLIENT_INFO = { name: 'mcp-oauth-conformance', version: '0.0.0' };

/** `--sdk 1|2` from the command line; default 2, the stable SDK line. */
function sdkLine(argv: readonly string[]): 1 | 2 {
  const at = argv.indexOf('--sdk');
  const value = at >= 0 ? argv[at + 1] : '2';
  if (value !== '1' && value !== '2') throw new TypeError(`--sdk takes 1 or 2, got ${value}`);
  return value === '1' ? 1 : 2;
}

async function statefulV1(auth: Strategy, url: string, capabilities: Capabilities): Promise<void> {
  const client = new ClientV1(CLIENT_INFO, { capabilities });
  await v1.connect(client, auth, (options) => new TransportV1(new URL(url), options));
  try {
    await v1.withAuthorization(auth, () => client.listTools());
    await v1.withAuthorization(auth, () => client.callTool({ name: 'test-tool', arguments: {} }));
  } finally {
    await client.close().catch(() => {});
  }
}

async function statefulV2(auth: Strategy, url: string, capabilities: Capabilities): Promise<void> {
  const client = new ClientV2(CLIENT_INFO, { capabilities });
  await v2.connect(
    client,
    auth,
    (authProvider, fetch) => new TransportV2(new URL(url), { authProvider, fetch }),
  );
  try {
    await v2.withAuthorization(auth, () => client.listTools());
    await v2.withAuthorization(auth, () => client.callTool({ name: 'test-tool', arguments: {} }));
  } finally {
    await client.close().catch(() => {});
  }
}

/** The stateless wire through a binding: 1.x's transport fetch, or 2.x's AuthProvider. */
async function stateless(
  auth: Strategy,
  url: string,
  sdk: 1 | 2,
  version: string,
  capabilities: Capabilities,
) {
  const binding: StatelessAuth =
    sdk === 1
      ? {
          fetch: v1.authFetch(auth),
          token: async () => (await auth.tokens())?.access_token,
        }
      : {
          // The global fetch, with DPoP proofs when the strategy has DPoP.
          fetch: v2.dpopFetch(auth),
          ...v2.authProvider(auth),
          // What the 2.x transport throws on 403 insufficient_scope without an OAuth provider.
          insufficientScope: (requiredScope) =>
            new InsufficientScopeError(requiredScope ? { requiredScope } : {}),
        };
  const client = statelessClient({ url, protocolVersion: version, auth: binding, capabilities });
  const retry = sdk === 1 ? v1.withAuthorization : v2.withAuthorization;
  await retry(auth, () => client.request('tools/list'));
  await retry(auth, () => client.request('tools/call', { name: 'test-tool', arguments: {} }));
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const serverUrl = argv.at(-1);
  if (!serverUrl || !/^https?:\/\//.test(serverUrl)) {
    console.error('usage: client-under-test [--sdk 1|2] <mcpServerUrl>');
    return 2;
  }
  const sdk = sdkLine(argv);
  const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
  const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT || '{}') as ConformanceContext;
  const debug = process.env.MCP_OAUTH_DEBUG ? console.error : () => {};
  const { auth, capabilities } = strategyFor({ scenario, context, serverUrl, debug });
  const version = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION;
  if (version !== undefined && version >= '2026-07-28') {
    await stateless(auth, serverUrl, sdk, version, capabilities);
  } else if (sdk === 1) {
    await statefulV1(auth, serverUrl, capabilities);
  } else {
    await statefulV2(auth, serverUrl, capabilities);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = error instanceof McpOAuthError ? ` [${error.code}]` : '';
    console.error(
      `client-under-test failed${code}: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
