import { type HttpHandler, HttpResponse, http } from 'msw';
import type { MockContext } from './context.js';
import { DPOP_ALGORITHMS, resourceNonce, verifyProof } from './dpop.js';
import type { TokenInfo } from './grants.js';
import { endpoint, json } from './http.js';
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

/** A 401 with `WWW-Authenticate: DPoP` (RFC 9449 §7.1), and the nonce when that is what is missing. */
function dpopUnauthorized(context: MockContext, error: string, description: string) {
  const nonce = error === 'use_dpop_nonce' ? { 'dpop-nonce': context.dpop.nonce } : {};
  return json({ error, error_description: description }, 401, {
    'www-authenticate': `DPoP error=${quote(error)}, error_description=${quote(description)}, algs="${DPOP_ALGORITHMS.join(' ')}"`,
    ...nonce,
  });
}

/** The access token and its scheme: `Bearer`, or `DPoP` (RFC 9449 §7.1). */
const credentialsOf = (request: Request) => {
  const match = /^(bearer|dpop)\s+(.+)$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[2] ? { scheme: match[1]?.toLowerCase(), token: match[2] } : undefined;
};

/**
 * Checks a DPoP-bound token's proof (RFC 9449 §7): the `DPoP` scheme, a
 * valid proof for this request with `ath`, by the key the token is bound
 * to, and the current nonce when the profile asks for one. A token that is
 * not bound must come as Bearer. The refusal, if any.
 */
async function dpopRefusal(
  context: MockContext,
  request: Request,
  token: TokenInfo,
  credentials: { scheme: string | undefined; token: string },
): Promise<Response | undefined> {
  const bound = token.jkt !== undefined;
  if (!bound && credentials.scheme === 'bearer') return undefined;
  if (!bound || credentials.scheme !== 'dpop') {
    return dpopUnauthorized(
      context,
      'invalid_token',
      bound ? 'DPoP-bound token sent as Bearer' : 'Bearer token sent with the DPoP scheme',
    );
  }
  const proof = await verifyProof(context, request, {
    accessToken: credentials.token,
    nonce: resourceNonce(context),
  });
  if ('error' in proof) return dpopUnauthorized(context, proof.error, proof.description);
  if (proof.jkt !== token.jkt) {
    return dpopUnauthorized(context, 'invalid_dpop_proof', 'proof key is not the token key');
  }
  return undefined;
}

/** @internal The MCP endpoint: token (and DPoP proof) check first, then minimal Streamable HTTP JSON-RPC. */
export function mcpServerHandlers(context: MockContext): HttpHandler[] {
  const handler = endpoint(context, 'mcp', 'mcp', async ({ request, body }) => {
    const credentials = credentialsOf(request);
    if (!credentials) return unauthorized(context);
    const raw = credentials.token;
    const token = context.grants.active(raw);
    if (token?.kind !== 'access') {
      return unauthorized(context, 'invalid_token', 'The access token is invalid or expired');
    }
    const refusal = await dpopRefusal(context, request, token, credentials);
    if (refusal) return refusal;
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
