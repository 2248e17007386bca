// The example a person copies: an MCP client (SDK 2.x) connects to an
// OAuth-protected MCP server with the authorization code strategy and the
// file store, lists its tools and calls one.
import { authorizationCode } from '@mcp-oauth/authorization-code';
import { connect, withAuthorization } from '@mcp-oauth/mcp-client';
import { fileStore } from '@mcp-oauth/store-file';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

/**
 * Connects to `url`, lists the tools and calls `tool`. `options` go to the
 * strategy (for example `openBrowser`, or a `store`).
 */
export async function listAndCall(url, tool, options = {}) {
  const server = { name: 'quickstart', type: 'streamable-http', url };
  const auth = authorizationCode({
    server,
    store: fileStore({ appName: 'mcp-oauth-quickstart' }),
    ...options,
  });
  const client = new Client({ name: 'mcp-oauth-quickstart', version: '1.0.0' });
  await connect(
    client,
    auth,
    (authProvider) => new StreamableHTTPClientTransport(new URL(url), { authProvider }),
  );
  try {
    const { tools } = await withAuthorization(auth, () => client.listTools());
    const result = await withAuthorization(auth, () =>
      client.callTool({ name: tool ?? tools[0].name, arguments: { name: 'quickstart' } }),
    );
    return { tools: tools.map((t) => t.name), result: result.content };
  } finally {
    await client.close();
  }
}
