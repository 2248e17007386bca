import type { FetchLike } from '@mcp-oauth/core';

/**
 * A minimal client for the stateless MCP wire (protocol 2026-07-28): no
 * initialize handshake; every request names the protocol version in the
 * `MCP-Protocol-Version` header and in `params._meta`. Only what the
 * authorization scenarios need: `tools/list` and `tools/call`.
 */
export interface StatelessClient {
  request(method: string, params?: Record<string, unknown>): Promise<unknown>;
}

/**
 * How the client authenticates, shaped like an SDK binding: a token before
 * every request; `onUnauthorized` before one retry of a 401 (the 2.x
 * `AuthProvider` contract); what to throw on 403 `insufficient_scope`.
 */
export interface StatelessAuth {
  readonly fetch: FetchLike;
  token(): Promise<string | undefined>;
  onUnauthorized?(context: {
    response: Response;
    serverUrl: URL;
    fetchFn: FetchLike;
  }): Promise<void>;
  insufficientScope?(requiredScope: string | undefined): Error;
}

async function readResult(
  response: Response,
): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
  const text = await response.text();
  if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    const data = text
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trim())
      .find(Boolean);
    return JSON.parse(data ?? '{}');
  }
  return JSON.parse(text || '{}');
}

const scopeOf = (header: string | null) =>
  /(?:^|[\s,])scope\s*=\s*(?:"([^"]*)"|([^\s,]+))/i
    .exec(header ?? '')
    ?.slice(1)
    .find(Boolean);

export function statelessClient(options: {
  url: string;
  protocolVersion: string;
  auth: StatelessAuth;
  /** Client capabilities sent with every request (extensions such as client credentials). */
  capabilities?: Record<string, unknown>;
}): StatelessClient {
  const { auth } = options;
  let id = 0;
  const send = async (body: unknown) => {
    const token = await auth.token();
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'MCP-Protocol-Version': options.protocolVersion,
    };
    if (token) headers.Authorization = `Bearer ${token}`;
    return auth.fetch(options.url, { method: 'POST', headers, body: JSON.stringify(body) });
  };
  return {
    async request(method, params = {}) {
      const body = {
        jsonrpc: '2.0',
        id: ++id,
        method,
        params: {
          ...params,
          _meta: {
            'io.modelcontextprotocol/protocolVersion': options.protocolVersion,
            'io.modelcontextprotocol/clientCapabilities': options.capabilities ?? {},
            'io.modelcontextprotocol/clientInfo': {
              name: 'mcp-oauth-conformance',
              version: '0.0.0',
            },
          },
        },
      };
      let response = await send(body);
      if (response.status === 401 && auth.onUnauthorized) {
        await auth.onUnauthorized({
          response,
          serverUrl: new URL(options.url),
          fetchFn: auth.fetch,
        });
        await response.body?.cancel().catch(() => {});
        response = await send(body);
      }
      const challenge = response.headers.get('www-authenticate');
      if (
        response.status === 403 &&
        auth.insufficientScope &&
        /insufficient_scope/.test(challenge ?? '')
      ) {
        await response.body?.cancel().catch(() => {});
        throw auth.insufficientScope(scopeOf(challenge));
      }
      const message = await readResult(response).catch(
        () => ({}) as { error?: { message: string } },
      );
      if (!response.ok || message.error) {
        throw new Error(
          `${method} failed: HTTP ${response.status} ${message.error?.message ?? ''}`.trim(),
        );
      }
      return (message as { result?: unknown }).result;
    },
  };
}
