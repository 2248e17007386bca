import type { Strategy } from '@mcp-oauth/core';
import { isAuthorizationRequired, sdkAuth } from '@mcp-oauth/mcp-sdk';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** What connecting needs: any strategy, bound to the SDK through @mcp-oauth/mcp-sdk. */
export type Connectable = Strategy;

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
      ...sdkAuth(auth),
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

/** The error's stable `code`, when it has one. */
export function errorCodeOf(error: unknown): string | undefined {
  return error && typeof error === 'object' && 'code' in error ? String(error.code) : undefined;
}

/** What `run` threw, or `undefined` when it succeeded: for steps that must fail. */
export async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error;
  }
}
