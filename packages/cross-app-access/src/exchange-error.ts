import { type CrossAppAccessStage, ErrorCode, ExchangeError, McpOAuthError } from '@mcp-oauth/core';

const CLIENT_PROBLEMS = new Set(['invalid_client', 'unauthorized_client']);

/**
 * Whether a failure at `stage` means the cached id_token must be dropped
 * (SPEC X8): at the IdP's token exchange or the AS's jwt-bearer grant, a 4xx answer or an invalid body does (the IdP or AS refused
 * what the id_token led to), a 5xx outage or a network failure does not.
 * At the AS, a refused client (`invalid_client`) is a configuration problem
 * that a new IdP login would not fix, so the id_token is kept.
 */
export function shouldClearIdToken(stage: CrossAppAccessStage, error: unknown): boolean {
  if (stage === 'discovery' || stage === 'idp_login') return false;
  if (!(error instanceof McpOAuthError)) return false;
  if (error.code === ErrorCode.InvalidResponse) return true;
  const status = error.status;
  if (status === undefined || status < 400 || status >= 500) return false;
  return !(stage === 'jwt_bearer' && CLIENT_PROBLEMS.has(error.oauthError ?? ''));
}

/** Wraps a failure at `stage` into an {@link ExchangeError} (SPEC X8, X9). @internal */
export function exchangeError(stage: CrossAppAccessStage, error: unknown): ExchangeError {
  if (error instanceof ExchangeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const what = {
    idp_login: 'Login at the IdP',
    discovery: 'Discovery of the MCP server',
    token_exchange: 'Token exchange at the IdP (RFC 8693)',
    jwt_bearer: 'JWT bearer grant at the authorization server (RFC 7523)',
  }[stage];
  const fields = error instanceof McpOAuthError ? error : undefined;
  return new ExchangeError(stage, `${what} failed: ${message}`, shouldClearIdToken(stage, error), {
    cause: error,
    ...(fields?.oauthError ? { oauthError: fields.oauthError } : {}),
    ...(fields?.errorDescription ? { errorDescription: fields.errorDescription } : {}),
    ...(fields?.status ? { status: fields.status } : {}),
  });
}

/** A typed `INVALID_RESPONSE` error: the body was not what the grant promises. @internal */
export function invalidBody(message: string): McpOAuthError {
  return new McpOAuthError(ErrorCode.InvalidResponse, message);
}
