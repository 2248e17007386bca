import type { FetchLike, Tokens } from '@mcp-oauth/core';

/**
 * A minimal client for the stateless MCP wire (protocol 2026-07-28): no
 * initialize handshake; every request names the protocol version in the
 * `MCP-Protocol-Version` header and in `params._meta`. Only what the
 * authorization scenarios need: `tools/list` and `tools/call`.
 */
export interface StatelessClient {
  request(method: string, params?: Record<string, unknown>): Promise<unknown>;
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

export function statelessClient(options: {
  url: string;
  protocolVersion: string;
  fetch: FetchLike;
  tokens: () => Promise<Tokens | undefined>;
}): StatelessClient {
  let id = 0;
  return {
    async request(method, params = {}) {
      const tokens = await options.tokens();
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'MCP-Protocol-Version': options.protocolVersion,
      };
      if (tokens) headers.Authorization = `Bearer ${tokens.access_token}`;
      const body = {
        jsonrpc: '2.0',
        id: ++id,
        method,
        params: {
          ...params,
          _meta: {
            'io.modelcontextprotocol/protocolVersion': options.protocolVersion,
            'io.modelcontextprotocol/clientCapabilities': {},
            'io.modelcontextprotocol/clientInfo': {
              name: 'mcp-oauth-conformance',
              version: '0.0.0',
            },
          },
        },
      };
      const response = await options.fetch(options.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      const message = await readResult(response);
      if (!response.ok || message.error) {
        throw new Error(
          `${method} failed: HTTP ${response.status} ${message.error?.message ?? ''}`.trim(),
        );
      }
      return message.result;
    },
  };
}
