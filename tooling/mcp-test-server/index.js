// A real MCP server (the MCP SDK's McpServer over Streamable HTTP) behind
// bearer-token checks, on loopback, with RFC 9728 metadata. Types: index.d.ts.
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const PRM_PATH = '/.well-known/oauth-protected-resource/mcp';

async function readBody(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

function buildServer() {
  const server = new McpServer({ name: 'test-server', version: '1.0.0' });
  server.registerTool(
    'test-tool',
    { description: 'Echoes a greeting', inputSchema: { name: z.string().optional() } },
    async ({ name }) => ({ content: [{ type: 'text', text: `hello ${name ?? 'world'}` }] }),
  );
  server.registerTool('admin-tool', { description: 'Needs the admin scope' }, async () => ({
    content: [{ type: 'text', text: 'admin ok' }],
  }));
  return server;
}

/** @param {import('./index.js').McpTestServerOptions} options */
export async function startMcpTestServer(options) {
  const requests = [];
  let base = '';
  const http = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === PRM_PATH) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          resource: `${base}/mcp`,
          authorization_servers: [options.authorizationServer],
          scopes_supported: options.scopesSupported ?? [],
          bearer_methods_supported: ['header'],
        }),
      );
      return;
    }
    if (url.pathname !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const challenge = `Bearer resource_metadata="${base}${PRM_PATH}"`;
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const info = token ? await options.verifyToken(token) : undefined;
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const message = body ? JSON.parse(body) : undefined;
    const record = (status) =>
      requests.push({ method: message?.method ?? req.method ?? '', authorized: !!info, status });
    if (!info || (options.requiredScope && !info.scopes.includes(options.requiredScope))) {
      record(401);
      res.writeHead(401, { 'WWW-Authenticate': challenge, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_token' }));
      return;
    }
    if (
      options.adminScope &&
      message?.method === 'tools/call' &&
      message.params?.name === 'admin-tool' &&
      !info.scopes.includes(options.adminScope)
    ) {
      record(403);
      res.writeHead(403, {
        'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${options.adminScope}", resource_metadata="${base}${PRM_PATH}"`,
      });
      res.end();
      return;
    }
    record(200);
    const server = buildServer();
    // Stateless: no session id generator, a fresh server per request.
    const transport = new StreamableHTTPServerTransport({});
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, message);
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = http.address().port;
  base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/mcp`,
    resourceMetadataUrl: `${base}${PRM_PATH}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
