/// Test support: a real MCP server (the SDK's McpServer over Streamable HTTP)
/// behind bearer-token checks, on loopback, with RFC 9728 metadata.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export interface McpTestServer {
  url: string;
  requests: Array<{ method: string; authorized: boolean; status: number }>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

function buildServer(): McpServer {
  const server = new McpServer({ name: 'xaa-test-server', version: '1.0.0' });
  server.registerTool(
    'test-tool',
    { description: 'Echoes a greeting', inputSchema: { name: z.string().optional() } },
    async ({ name }) => ({ content: [{ type: 'text', text: `hello ${name ?? 'world'}` }] }),
  );
  return server;
}

export async function startMcpTestServer(options: {
  authorizationServer: string;
  verifyToken: (token: string) => Promise<boolean>;
}): Promise<McpTestServer> {
  const requests: McpTestServer['requests'] = [];
  let base = '';
  const http: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === '/.well-known/oauth-protected-resource/mcp') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          resource: `${base}/mcp`,
          authorization_servers: [options.authorizationServer],
          bearer_methods_supported: ['header'],
        }),
      );
      return;
    }
    if (url.pathname !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const authorized = token ? await options.verifyToken(token) : false;
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const message = body ? JSON.parse(body) : undefined;
    requests.push({
      method: message?.method ?? req.method ?? '',
      authorized,
      status: authorized ? 200 : 401,
    });
    if (!authorized) {
      res.writeHead(401, {
        'WWW-Authenticate': `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`,
        'Content-Type': 'application/json',
      });
      res.end(JSON.stringify({ error: 'invalid_token' }));
      return;
    }
    const server = buildServer();
    const transport = new StreamableHTTPServerTransport(
      {} as ConstructorParameters<typeof StreamableHTTPServerTransport>[0],
    );
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, message);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  return {
    url: `${base}/mcp`,
    requests,
    close: () =>
      new Promise((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
