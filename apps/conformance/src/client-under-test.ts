/**
 * The client-under-test for the official MCP conformance runner:
 *
 *   npm run -s client-under-test -- <mcpServerUrl>
 *
 * The server URL is the last argument. MCP_CONFORMANCE_SCENARIO names the
 * scenario and MCP_CONFORMANCE_CONTEXT (JSON) may carry a pre-registered
 * client. It connects with the authorization code strategy, authorizes when
 * the server demands it (acting as the browser), lists tools and calls
 * `test-tool`. Exit 0 on success, 1 when a flow was refused or failed.
 */
import { authorizationCode, isAuthorizationRequired } from '@mcp-oauth/authorization-code';
import { McpOAuthError } from '@mcp-oauth/core';
import { memoryStore } from '@mcp-oauth/store-memory';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { actAsBrowser } from './browser-agent.js';
import { statelessClient } from './stateless-client.js';

interface ConformanceContext {
  client_id?: string;
  client_secret?: string;
  client_metadata_url?: string;
  [field: string]: unknown;
}

const MAX_AUTHORIZATIONS = 3;

async function main(): Promise<number> {
  const serverUrl = process.argv.at(-1);
  if (!serverUrl || !/^https?:\/\//.test(serverUrl)) {
    console.error('usage: client-under-test <mcpServerUrl>');
    return 2;
  }
  const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
  const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT || '{}') as ConformanceContext;
  const debug = process.env.MCP_OAUTH_DEBUG ? console.error : () => {};
  let delivery: Promise<void> = Promise.resolve();
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
      delivery = actAsBrowser(url).catch((error) => debug(`browser: ${error.message}`));
      return true;
    },
    logger: { debug: (m) => debug(`debug: ${m}`), warn: (m) => debug(`warn: ${m}`) },
    onEvent: (event) => debug(`event: ${JSON.stringify(event)}`),
  });

  const protocolVersion = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION;
  const stateless = protocolVersion !== undefined && protocolVersion >= '2026-07-28';
  for (let attempt = 0; attempt <= MAX_AUTHORIZATIONS; attempt++) {
    if (stateless) {
      const client = statelessClient({
        url: serverUrl,
        protocolVersion,
        fetch: auth.transportFetch(),
        tokens: () => auth.tokens(),
      });
      try {
        await client.request('tools/list');
        await client.request('tools/call', { name: 'test-tool', arguments: {} });
        return 0;
      } catch (error) {
        if (!isAuthorizationRequired(error) || attempt === MAX_AUTHORIZATIONS) throw error;
        debug(`authorizing (${(error as Error).message})`);
        await auth.authorize();
        await delivery;
        continue;
      }
    }
    const client = new Client({ name: 'mcp-oauth-conformance', version: '0.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(serverUrl), {
      authProvider: auth.provider,
      fetch: auth.transportFetch(),
    });
    try {
      await client.connect(transport);
      await client.listTools();
      await client.callTool({ name: 'test-tool', arguments: {} });
      await client.close();
      return 0;
    } catch (error) {
      await client.close().catch(() => {});
      if (!isAuthorizationRequired(error) || attempt === MAX_AUTHORIZATIONS) throw error;
      debug(`authorizing (${(error as Error).message})`);
      await auth.authorize();
      await delivery;
    }
  }
  return 1;
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
