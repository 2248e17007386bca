// A real MCP server (the MCP SDK's McpServer over Streamable HTTP) behind
// bearer-token checks, on loopback, with RFC 9728 metadata; with `dpop`, it
// checks DPoP-bound tokens and their proofs (RFC 9449). Types: index.d.ts.
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { dpopChecker } from './dpop.js';

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
  const dpop = options.dpop ? dpopChecker(options.dpop) : undefined;
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
          ...(dpop ? dpop.metadata : {}),
        }),
      );
      return;
    }
    if (url.pathname !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const challenge = `${dpop ? 'DPoP' : 'Bearer'} resource_metadata="${base}${PRM_PATH}"`;
    const auth = req.headers.authorization;
    const scheme = auth?.split(' ')[0] ?? '';
    const token =
      auth?.startsWith('Bearer ') || (dpop && auth?.startsWith('DPoP '))
        ? auth.slice(scheme.length + 1)
        : undefined;
    let info = token ? await options.verifyToken(token) : undefined;
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const message = body ? JSON.parse(body) : undefined;
    // RFC 9449 §7: a DPoP-bound token needs the DPoP scheme and a valid proof of its key.
    const proof =
      dpop && info
        ? await dpop.check(req, `${base}${url.pathname}`, scheme, token, info)
        : undefined;
    const record = (status) =>
      requests.push({
        method: message?.method ?? req.method ?? '',
        authorized: !!info && !proof?.error,
        status,
        ...(auth ? { scheme } : {}),
        ...(proof?.claims ? { proof: proof.claims } : {}),
        ...(proof?.error ? { proofError: proof.error } : {}),
      });
    if (proof?.nonce) {
      record(401);
      res.writeHead(401, {
        'WWW-Authenticate': `DPoP error="use_dpop_nonce", error_description="${proof.error}"`,
        'DPoP-Nonce': proof.nonce,
        'Content-Type': 'application/json',
      });
      res.end(JSON.stringify({ error: 'use_dpop_nonce' }));
      return;
    }
    if (proof?.error) info = undefined;
    if (!info || (options.requiredScope && !info.scopes.includes(options.requiredScope))) {
      record(401);
      const error = proof?.error
        ? `, error="invalid_dpop_proof", error_description="${proof.error}"`
        : '';
      res.writeHead(401, {
        'WWW-Authenticate': `${challenge}${error}`,
        'Content-Type': 'application/json',
        ...(dpop?.nonce() ? { 'DPoP-Nonce': dpop.nonce() } : {}),
      });
      res.end(JSON.stringify({ error: proof?.error ? 'invalid_dpop_proof' : 'invalid_token' }));
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
    // RFC 9449 §8.2: a nonce may ride on any answer.
    if (dpop?.nonce()) res.setHeader('DPoP-Nonce', dpop.nonce());
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
    rotateNonce: () => dpop?.rotate(),
    close: () =>
      new Promise((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
