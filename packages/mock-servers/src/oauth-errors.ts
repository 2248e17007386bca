import type { MockContext } from './context.js';
import { json } from './http.js';

/** @internal Why a token request failed, precise enough to pick a provider's own code. */
export interface TokenFailure {
  readonly error: string;
  readonly description: string;
  /** Status in RFC 6749 style; 401 for client authentication failures. */
  readonly status?: number;
  readonly grantType?: string | undefined;
  /** Finer reason, used by the Slack and GitHub styles. */
  readonly reason?: 'expired' | 'redirect_uri' | 'secret';
  /** The client tried HTTP Basic, so a 401 carries `WWW-Authenticate: Basic` (RFC 6749 §5.2). */
  readonly basic?: boolean;
}

// Codes these providers really send, from their documentation and from bug
// reports of MCP clients that broke on them.
function slackCode(failure: TokenFailure): string {
  if (failure.error === 'invalid_grant' && failure.grantType === 'refresh_token') {
    return failure.reason === 'expired' ? 'expired_refresh_token' : 'invalid_refresh_token';
  }
  if (failure.error === 'invalid_grant') {
    return failure.reason === 'redirect_uri' ? 'bad_redirect_uri' : 'invalid_code';
  }
  if (failure.error === 'invalid_client') {
    return failure.reason === 'secret' ? 'bad_client_secret' : 'invalid_client_id';
  }
  return failure.error;
}

function githubCode(failure: TokenFailure): string {
  if (failure.error === 'invalid_grant' && failure.reason === 'redirect_uri') {
    return 'redirect_uri_mismatch';
  }
  if (failure.error === 'invalid_grant') {
    return failure.grantType === 'refresh_token' ? 'bad_refresh_token' : 'bad_verification_code';
  }
  if (failure.error === 'invalid_client') return 'incorrect_client_credentials';
  return failure.error;
}

const wantsJson = (request: Request) =>
  (request.headers.get('accept') ?? '').includes('application/json');

const form = (body: Record<string, unknown>) =>
  new Response(
    new URLSearchParams(
      Object.entries(body).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
    ).toString(),
    {
      status: 200,
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'cache-control': 'no-store',
      },
    },
  );

/** @internal A token endpoint body in the profile's shape (JSON, or GitHub's form encoding). */
export function tokenBody(context: MockContext, request: Request, body: Record<string, unknown>) {
  const { errorStyle, formEncodedTokenResponses } = context.quirks;
  const shaped = errorStyle === 'slack' ? { ok: true, ...body } : body;
  if (formEncodedTokenResponses && !wantsJson(request)) return form(shaped);
  return json(shaped);
}

/** @internal A token endpoint error in the profile's style. */
export function tokenError(context: MockContext, request: Request, failure: TokenFailure) {
  switch (context.quirks.errorStyle) {
    case 'slack':
      return tokenBody(context, request, { ok: false, error: slackCode(failure) });
    case 'github':
      return tokenBody(context, request, {
        error: githubCode(failure),
        error_description: failure.description,
        error_uri:
          'https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors',
      });
    default:
      return oauthError(failure);
  }
}

/** @internal An RFC 6749 §5.2 error response. */
export function oauthError(failure: TokenFailure) {
  const status = failure.status ?? (failure.error === 'invalid_client' ? 401 : 400);
  const headers: Record<string, string> =
    status === 401 && failure.basic ? { 'www-authenticate': 'Basic realm="mock"' } : {};
  return json({ error: failure.error, error_description: failure.description }, status, headers);
}
