/// Test support: a real MCP server (the SDK's McpServer over Streamable HTTP)
/// behind bearer-token checks, on loopback, with RFC 9728 metadata.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export interface TokenInfo {
  scopes: string[];
}

export interface McpTestServerOptions {
  /** Issuer of the authorization server that protects this server. */
  authorizationServer: string;
  /** Validates a bearer token; `undefined` means invalid. */
  verifyToken: (token: string) => Promise<TokenInfo | undefined>;
  /** Scope needed for any request. */
  requiredScope?: string;
  /** Scope needed to call `admin-tool` (step-up). */
  adminScope?: string;
  scopesSupported?: string[];
}

export interface McpTestServer {
  url: string;
  resourceMetadataUrl: string;
  requests: Array<{ method: string; authorized: boolean; status: number }>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

function buildServer(): McpServer {
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

export async function startMcpTestServer(options: McpTestServerOptions): Promise<McpTestServer> {
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
    const challenge = `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`;
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const info = token ? await options.verifyToken(token) : undefined;
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const message = body ? JSON.parse(body) : undefined;
    const record = (status: number) =>
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
        'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${options.adminScope}", resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`,
      });
      res.end();
      return;
    }
    record(200);
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
  const port = (http.address() as { port: number }).port;
  base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/mcp`,
    resourceMetadataUrl: `${base}/.well-known/oauth-protected-resource/mcp`,
    requests,
    close: () =>
      new Promise((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
