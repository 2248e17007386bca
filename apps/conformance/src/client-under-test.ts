/**
 * The client-under-test for the official MCP conformance runner:
 *
 *   node dist/client-under-test.js [--sdk 1|2] <mcpServerUrl>
 *
 * The server URL is the last argument. MCP_CONFORMANCE_SCENARIO names the
 * scenario and MCP_CONFORMANCE_CONTEXT (JSON) may carry a pre-registered
 * client. It connects with the authorization code strategy through one of
 * the two MCP SDK bindings (`--sdk 2`, the default: @mcp-oauth/mcp-client on
 * @modelcontextprotocol/client 2.x; `--sdk 1`: @mcp-oauth/mcp-sdk on
 * @modelcontextprotocol/sdk 1.x), authorizes when the server demands it
 * (acting as the browser), lists tools and calls `test-tool`. On the
 * stateless wire (protocol 2026-07-28), which neither SDK line speaks, a
 * minimal client sends the requests through the same binding. Exit 0 on
 * success, 1 when a flow was refused or failed.
 */
import { authorizationCode } from '@mcp-oauth/authorization-code';
import { McpOAuthError, type Strategy } from '@mcp-oauth/core';
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
  [field: string]: unknown;
}

const CLIENT_INFO = { name: 'mcp-oauth-conformance', version: '0.0.0' };

/** `--sdk 1|2` from the command line; default 2, the stable SDK line. */
function sdkLine(argv: readonly string[]): 1 | 2 {
  const at = argv.indexOf('--sdk');
  const value = at >= 0 ? argv[at + 1] : '2';
  if (value !== '1' && value !== '2') throw new TypeError(`--sdk takes 1 or 2, got ${value}`);
  return value === '1' ? 1 : 2;
}

async function statefulV1(auth: Strategy, url: string): Promise<void> {
  const client = new ClientV1(CLIENT_INFO);
  await v1.connect(client, auth, (options) => new TransportV1(new URL(url), options));
  try {
    await v1.withAuthorization(auth, () => client.listTools());
    await v1.withAuthorization(auth, () => client.callTool({ name: 'test-tool', arguments: {} }));
  } finally {
    await client.close().catch(() => {});
  }
}

async function statefulV2(auth: Strategy, url: string): Promise<void> {
  const client = new ClientV2(CLIENT_INFO);
  await v2.connect(client, auth, (authProvider) => new TransportV2(new URL(url), { authProvider }));
  try {
    await v2.withAuthorization(auth, () => client.listTools());
    await v2.withAuthorization(auth, () => client.callTool({ name: 'test-tool', arguments: {} }));
  } finally {
    await client.close().catch(() => {});
  }
}

/** The stateless wire through a binding: 1.x's transport fetch, or 2.x's AuthProvider. */
async function stateless(auth: Strategy, url: string, sdk: 1 | 2, version: string) {
  const binding: StatelessAuth =
    sdk === 1
      ? {
          fetch: v1.authFetch(auth),
          token: async () => (await auth.tokens())?.access_token,
        }
      : {
          fetch,
          ...v2.authProvider(auth),
          // What the 2.x transport throws on 403 insufficient_scope without an OAuth provider.
          insufficientScope: (requiredScope) =>
            new InsufficientScopeError(requiredScope ? { requiredScope } : {}),
        };
  const client = statelessClient({ url, protocolVersion: version, auth: binding });
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
  const auth = authorizationCode({
    server: { name: 'conformance', type: 'streamable-http', url: serverUrl },
    store: memoryStore(),
    clientName: 'mcp-oauth conformance client',
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
    logger: { debug: (m) => debug(`debug: ${m}`), warn: (m) => debug(`warn: ${m}`) },
    onEvent: (event) => debug(`event: ${JSON.stringify(event)}`),
  });
  const version = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION;
  if (version !== undefined && version >= '2026-07-28') {
    await stateless(auth, serverUrl, sdk, version);
  } else if (sdk === 1) {
    await statefulV1(auth, serverUrl);
  } else {
    await statefulV2(auth, serverUrl);
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
