import { ErrorCode, McpOAuthError } from '@mcp-oauth/core';
import { type StrategyOptions, validateStrategyOptions } from '@mcp-oauth/oauth';
import type { IdpConnection } from './idp-connection.js';

/** Options of {@link crossAppAccess}: one MCP server that authenticates by cross-app access. */
export interface CrossAppAccessOptions extends StrategyOptions {
  /**
   * The IdP connection from {@link idpConnection}, shared by every cross-app
   * server. Leaving it out while a server is set up for cross-app access is
   * an error, never a silent fallback to the consent flow (SPEC X1).
   */
  readonly idp: IdpConnection | undefined;
  /** The client id of this app at the MCP server's authorization server (SPEC X3). */
  readonly clientId: string;
  /** The AS client secret; saved to the store on first use. Else it must already be stored (SPEC X3). */
  readonly clientSecret?: string | undefined;
  /** Scope to ask the IdP to put in the ID-JAG. Default none (the AS decides). */
  readonly scope?: string;
}

const configuration = (message: string) => new McpOAuthError(ErrorCode.Configuration, message);

/**
 * Validates options up front: `TypeError` for malformed values, a
 * `CONFIGURATION` error naming what to set for missing configuration
 * (SPEC X1–X3).
 */
export function validateOptions(options: CrossAppAccessOptions): void {
  validateStrategyOptions('crossAppAccess()', options);
  const { server } = options;
  if (!options.idp?.options) {
    throw configuration(
      `Server "${server.name}" is set up for cross-app access, but cross-app access is off: no IdP connection is configured. Configure it once with idpConnection({ issuer, clientId }) and pass it as \`idp\`, or use @mcp-oauth/authorization-code for this server. The browser consent flow is never used as a silent fallback.`,
    );
  }
  if (!options.clientId) {
    throw configuration(
      `Server "${server.name}" uses cross-app access but names no client id at its authorization server. Set clientId (and store the client secret) in its configuration.`,
    );
  }
}
