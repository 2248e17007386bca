import {
  ErrorCode,
  IssuerMismatchError,
  McpOAuthError,
  OAuthResponseError,
  StateMismatchError,
} from '@mcp-oauth/core';

/** What the flow expects of a callback. */
export interface CallbackExpectations {
  /** The flow's `state`. */
  readonly state: string;
  /** The authorization server's issuer, for the RFC 9207 `iss` check. */
  readonly issuer?: string | undefined;
  /** The AS advertises `authorization_response_iss_parameter_supported`: `iss` is then required. */
  readonly issRequired?: boolean | undefined;
}

/** How one callback is judged. */
export type CallbackVerdict =
  | { kind: 'code'; code: string; iss?: string }
  | { kind: 'fail'; error: McpOAuthError; status: number; page: string }
  | { kind: 'ignore'; status: number; page: string };

/** The message of a provider error response (SPEC A4). */
export function providerErrorMessage(
  error: string,
  description?: string | null,
  uri?: string | null,
) {
  return `OAuth error: ${error}${description ? ` - ${description}` : ''}${uri ? ` (See: ${uri})` : ''}`;
}

/**
 * Judges the query of an HTTP request to the callback path (SPEC A4, A15,
 * A18). Only a request with the flow's `state` can end the flow with a
 * provider error: a stray local page must not be able to cancel a login.
 */
export function judgeCallback(
  params: URLSearchParams,
  expected: CallbackExpectations,
): CallbackVerdict {
  const state = params.get('state');
  const error = params.get('error');
  const code = params.get('code');
  const stateMatches = state !== null && state === expected.state;
  if (params.has('access_token') || params.has('id_token')) {
    // Implicit-flow parameters have no place in a code flow (SPEC A18).
    const refused = 'The callback carried implicit-flow parameters and was refused.';
    if (!stateMatches) return { kind: 'ignore', status: 400, page: refused };
    return {
      kind: 'fail',
      status: 400,
      page: refused,
      error: new McpOAuthError(
        ErrorCode.InvalidResponse,
        'Refused a callback carrying implicit-flow parameters (access_token or id_token)',
      ),
    };
  }
  if (!stateMatches) {
    // SPEC H4: anything on this port without the flow's state (another local
    // process, a web page that found the port) neither ends nor fails the login.
    return {
      kind: 'ignore',
      status: 400,
      page: 'This request does not belong to the login in progress.',
    };
  }
  const iss = params.get('iss');
  if (expected.issuer !== undefined && (iss !== null || expected.issRequired)) {
    if (iss !== expected.issuer) {
      return {
        kind: 'fail',
        status: 400,
        page: 'The login response came from an unexpected authorization server.',
        error: new IssuerMismatchError(expected.issuer, iss ?? undefined),
      };
    }
  }
  if (error !== null) {
    const description = params.get('error_description');
    const message = providerErrorMessage(error, description, params.get('error_uri'));
    return {
      kind: 'fail',
      status: 400,
      page: message,
      error: new OAuthResponseError(ErrorCode.OAuth, message, {
        oauthError: error,
        errorDescription: description ?? undefined,
        errorUri: params.get('error_uri') ?? undefined,
      }),
    };
  }
  if (!code) {
    return {
      kind: 'fail',
      status: 400,
      page: 'The login response carried no authorization code.',
      error: new McpOAuthError(
        ErrorCode.InvalidResponse,
        'The callback carried no authorization code',
      ),
    };
  }
  return iss === null ? { kind: 'code', code } : { kind: 'code', code, iss };
}

/**
 * Judges a callback URL the user pasted (SPEC A5): an unparsable URL or one
 * without `code` is ignored so the user can try again; an `error` parameter
 * or a wrong state fails the flow.
 */
export function judgePastedUrl(input: string, expected: CallbackExpectations): CallbackVerdict {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return {
      kind: 'ignore',
      status: 0,
      page: 'That is not a URL. Paste the full address from the browser.',
    };
  }
  const params = url.searchParams;
  const state = params.get('state');
  const error = params.get('error');
  if (error !== null) {
    const message = providerErrorMessage(
      error,
      params.get('error_description'),
      params.get('error_uri'),
    );
    if (state !== expected.state) {
      return { kind: 'fail', status: 0, page: message, error: new StateMismatchError() };
    }
    return judgeCallback(params, expected);
  }
  if (!params.get('code')) {
    return {
      kind: 'ignore',
      status: 0,
      page: 'That URL has no authorization code. Paste the full address.',
    };
  }
  if (state !== expected.state) {
    return { kind: 'fail', status: 0, page: 'State mismatch', error: new StateMismatchError() };
  }
  return judgeCallback(params, expected);
}
