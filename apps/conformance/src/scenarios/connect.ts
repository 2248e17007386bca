import { isAuthorizationRequired } from '@mcp-oauth/authorization-code';
import type { FetchLike } from '@mcp-oauth/core';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** What connecting needs of a strategy: its SDK provider, its transport fetch and its interactive path. */
export interface Connectable {
  readonly provider: OAuthClientProvider;
  transportFetch(): FetchLike;
  authorize(): Promise<unknown>;
}

/** Something that settles the browser's page deliveries (the automated user). */
export interface Settles {
  settled(): Promise<void>;
}

/**
 * Connects an MCP SDK client the way an application does: try, and when
 * the server wants authorization, run the interactive flow and try again.
 * `authorize` errors (a refused server) propagate.
 */
export async function connectWithLogin(
  auth: Connectable,
  url: string,
  browser: Settles,
  maxLogins = 2,
): Promise<Client> {
  for (let logins = 0; ; logins++) {
    const client = new Client({ name: 'mcp-oauth-conformance', version: '0.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(url), {
      authProvider: auth.provider,
      fetch: auth.transportFetch(),
    });
    try {
      await client.connect(transport);
      return client;
    } catch (error) {
      await client.close().catch(() => {});
      if (!isAuthorizationRequired(error) || logins >= maxLogins) throw error;
      try {
        await auth.authorize();
      } finally {
        await browser.settled();
      }
    }
  }
}

/** The error's stable code when it has one, else its message. */
export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return `${error.code}: ${(error as unknown as Error).message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
