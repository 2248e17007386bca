import { McpOAuthError, OAuthResponseError } from '@mcp-oauth/core';

/**
 * Provider error codes that an option fixes, and what to say (SPEC Q1).
 * Microsoft Entra ID's v2 endpoints refuse RFC 8707 `resource`:
 * AADSTS9010010 "The resource parameter provided in the request doesn't
 * match with the requested scopes" at /authorize, or AADSTS901002 "The
 * 'resource' request parameter is not supported"
 * (https://github.com/microsoft/vscode/issues/254009). AADSTS650053 "asked
 * for scope '…' that doesn't exist on the resource" is a scope looked up on
 * another resource than meant: a scope without its `api://<app id>/` prefix,
 * or one that is not on the resource the `resource` parameter names
 * (https://github.com/anthropics/claude-code/issues/73460,
 * https://github.com/microsoft/powerbi-modeling-mcp/issues/68).
 */
const HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /\bAADSTS(9010010|901002)\b/,
    'Microsoft Entra ID refuses the RFC 8707 resource parameter ($1): set omitResource: true for this server.',
  ],
  [
    /\bAADSTS(650053)\b/,
    'Microsoft Entra ID looked a scope up on another resource ($1): name each scope with its API (api://<app id>/<scope>), and set omitResource: true if the resource parameter names another resource than that API.',
  ],
];

/**
 * The error with a hint appended when the server's answer carries a code
 * that an option fixes (SPEC Q1); the original is its `cause`. Other errors
 * are returned as they are.
 */
export function withProviderHint(error: unknown): unknown {
  if (!(error instanceof McpOAuthError)) return error;
  const text = `${error.message} ${error.errorDescription ?? ''}`;
  for (const [pattern, hint] of HINTS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const message = `${error.message} ${hint.replace('$1', `AADSTS${match[1]}`)}`;
    const Class = error instanceof OAuthResponseError ? OAuthResponseError : McpOAuthError;
    return new Class(error.code, message, {
      oauthError: error.oauthError,
      errorDescription: error.errorDescription,
      errorUri: error.errorUri,
      status: error.status,
      cause: error,
    });
  }
  return error;
}
