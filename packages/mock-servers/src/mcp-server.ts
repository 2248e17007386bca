import { type HttpHandler, HttpResponse, http } from 'msw';
import type { MockContext } from './context.js';
import type { TokenInfo } from './grants.js';
import { bearerToken, endpoint, json } from './http.js';
import { knownResource } from './resource.js';

/** The tool every mock MCP server offers, needing no scope beyond access. */
export const TEST_TOOL = 'test-tool';

/** Protocol version answered when the client asks for none. */
const PROTOCOL_VERSION = '2025-06-18';

const quote = (value: string) => `"${value.replace(/["\\]/g, '')}"`;

/** @internal A `WWW-Authenticate: Bearer` challenge (RFC 6750 §3, RFC 9728 §5.1). */
export function bearerChallenge(context: MockContext, fields: Record<string, string | undefined>) {
  const all = {
    ...fields,
    ...(context.quirks.legacy || !context.quirks.challengeResourceMetadata
      ? {}
      : { resource_metadata: context.urls.resourceMetadata }),
  };
  const params = Object.entries(all).flatMap(([k, v]) =>
    v === undefined ? [] : `${k}=${quote(v)}`,
  );
  return params.length ? `Bearer ${params.join(', ')}` : 'Bearer realm="mcp"';
}

const unauthorized = (context: MockContext, error?: string, description?: string) =>
  json(
    { error: error ?? 'unauthorized', error_description: description ?? 'Bearer token required' },
    401,
    {
      'www-authenticate': bearerChallenge(context, {
        error,
        error_description: description,
        scope: context.settings.challengeScope,
      }),
    },
  );

/** 403 asking for more scope (RFC 6750 §3.1; MCP step-up authorization). */
const insufficientScope = (context: MockContext, scope: string) =>
  json({ error: 'insufficient_scope', error_description: `scope ${scope} required` }, 403, {
    'www-authenticate': bearerChallenge(context, {
      error: 'insufficient_scope',
      scope,
      error_description: `scope ${scope} required`,
    }),
  });

const hasScope = (token: TokenInfo, scope: string) => token.scope.split(' ').includes(scope);

type Rpc = { jsonrpc?: string; id?: string | number | null; method?: unknown; params?: unknown };

function tools(context: MockContext) {
  return [TEST_TOOL, ...Object.keys(context.settings.toolScopes)].map((name) => ({
    name,
    description: `Mock tool ${name}`,
    inputSchema: { type: 'object', properties: {} },
  }));
}

function answer(context: MockContext, token: TokenInfo, message: Rpc): Response {
  const result = (value: unknown) =>
    json({ jsonrpc: '2.0', id: message.id ?? null, result: value });
  const error = (code: number, text: string) =>
    json({ jsonrpc: '2.0', id: message.id ?? null, error: { code, message: text } });
  const params = (message.params ?? {}) as Record<string, unknown>;
  switch (message.method) {
    case 'initialize':
      return HttpResponse.json(
        {
          jsonrpc: '2.0',
          id: message.id ?? null,
          result: {
            protocolVersion:
              typeof params.protocolVersion === 'string'
                ? params.protocolVersion
                : PROTOCOL_VERSION,
            capabilities: { tools: {} },
            serverInfo: { name: 'mock-mcp-server', version: '1.0.0' },
          },
        },
        { headers: { 'mcp-session-id': `session-${token.grant.id}` } },
      );
    case 'ping':
      return result({});
    case 'tools/list':
      return result({ tools: tools(context) });
    case 'tools/call': {
      const name = String(params.name);
      const needed = context.settings.toolScopes[name];
      if (needed && !hasScope(token, needed)) return insufficientScope(context, needed);
      if (name !== TEST_TOOL && !needed) return error(-32602, `Unknown tool: ${name}`);
      return result({ content: [{ type: 'text', text: `${name} ok` }] });
    }
    default:
      return error(-32601, `Method not found: ${String(message.method)}`);
  }
}

/** @internal The MCP endpoint: bearer check first, then minimal Streamable HTTP JSON-RPC. */
export function mcpServerHandlers(context: MockContext): HttpHandler[] {
  const handler = endpoint(context, 'mcp', 'mcp', ({ request, body }) => {
    const raw = bearerToken(request);
    if (!raw) return unauthorized(context);
    const token = context.grants.active(raw);
    if (token?.kind !== 'access') {
      return unauthorized(context, 'invalid_token', 'The access token is invalid or expired');
    }
    // RFC 8707: a token bound to another resource is not for this server.
    if (!knownResource(context, token.grant.resource)) {
      return unauthorized(context, 'invalid_token', 'The token is for another resource');
    }
    const required = context.settings.requiredScope;
    if (required && !hasScope(token, required)) return insufficientScope(context, required);
    if (request.method === 'DELETE') return new Response(null, { status: 200 });
    if (request.method !== 'POST') {
      return new Response(null, { status: 405, headers: { allow: 'POST, DELETE' } });
    }
    const message = body as Rpc | undefined;
    if (!message || typeof message !== 'object' || Array.isArray(message)) {
      return json(
        { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request' } },
        400,
      );
    }
    if (message.id === undefined) return new Response(null, { status: 202 });
    return answer(context, token, message);
  });
  return [http.all(context.urls.mcp, handler)];
}
