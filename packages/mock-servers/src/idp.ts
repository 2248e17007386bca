import { type HttpHandler, http } from 'msw';
import { redirectBack } from './authorization-server.js';
import { redirectUriAllowed } from './clients.js';
import type { MockContext } from './context.js';
import { basicCredentials, endpoint, type Incoming, json } from './http.js';
import { signingKey, signJwt, verifyJwt } from './jwt.js';
import { oauthError } from './oauth-errors.js';
import { randomToken, verifyPkce } from './pkce.js';
import { ID_JAG_TYP } from './token-endpoint.js';

/** RFC 8693 grant type. */
export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
/** Token type of an identity assertion JWT authorization grant. */
export const ID_JAG_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id-jag';
/** Token type of an OpenID Connect id_token (RFC 8693 §3). */
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';

/** OpenID Connect discovery document of the mock IdP. */
export function idpMetadata(context: MockContext): Record<string, unknown> {
  const { urls } = context;
  return {
    issuer: urls.idpIssuer,
    authorization_endpoint: urls.idpAuthorization,
    token_endpoint: urls.idpToken,
    jwks_uri: urls.idpJwks,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'profile', 'email'],
    grant_types_supported: ['authorization_code', TOKEN_EXCHANGE],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: context.settings.idpClientSecret
      ? ['client_secret_basic', 'client_secret_post']
      : ['none'],
    authorization_response_iss_parameter_supported: true,
  };
}

/** Options of {@link IdpControl.issueIdToken}. */
export interface IdTokenOptions {
  /** `sub`; default the configured subject. */
  readonly subject?: string;
  /** `aud`; default the IdP client id. */
  readonly audience?: string;
  /** Lifetime in seconds (negative for an expired token); default `idTokenTtl`. */
  readonly expiresIn?: number;
  /** `nonce` claim, echoing the authorization request's. */
  readonly nonce?: string;
}

/** @internal Signs an id_token as the IdP. */
export function issueIdToken(context: MockContext, options: IdTokenOptions = {}): Promise<string> {
  const now = Math.floor(context.now() / 1000);
  return signJwt({
    iss: context.urls.idpIssuer,
    sub: options.subject ?? context.settings.subject,
    aud: options.audience ?? context.settings.idpClientId,
    iat: now,
    exp: now + (options.expiresIn ?? context.settings.idTokenTtl),
    email: `${options.subject ?? context.settings.subject}@example.com`,
    ...(options.nonce ? { nonce: options.nonce } : {}),
  });
}

function authenticate({ request, params }: Incoming, context: MockContext): string | undefined {
  const { idpClientId, idpClientSecret } = context.settings;
  const basic = basicCredentials(request);
  const id = basic?.clientId ?? params.client_id;
  const secret = basic?.clientSecret ?? params.client_secret;
  if (id !== idpClientId) return 'unknown client';
  if (idpClientSecret !== undefined && secret !== idpClientSecret) return 'bad client secret';
  return undefined;
}

async function exchange(context: MockContext, params: Readonly<Record<string, string>>) {
  const { urls, settings } = context;
  if (params.requested_token_type !== ID_JAG_TOKEN_TYPE) {
    return oauthError({
      error: 'invalid_request',
      description: `requested_token_type must be ${ID_JAG_TOKEN_TYPE}`,
    });
  }
  if (params.subject_token_type !== ID_TOKEN_TYPE) {
    return oauthError({
      error: 'invalid_request',
      description: `subject_token_type must be ${ID_TOKEN_TYPE}`,
    });
  }
  const subject = params.subject_token ? await verifyJwt(params.subject_token) : undefined;
  const claims = subject?.claims;
  if (
    !claims ||
    claims.iss !== urls.idpIssuer ||
    claims.aud !== settings.idpClientId ||
    typeof claims.exp !== 'number' ||
    claims.exp * 1000 <= context.now()
  ) {
    return oauthError({
      error: 'invalid_grant',
      description: 'subject_token is invalid or expired',
    });
  }
  // The IdP's policy: only the environment's AS may receive assertions.
  if (params.audience !== urls.issuer) {
    return oauthError({
      error: 'invalid_target',
      description: `audience not allowed: ${params.audience}`,
    });
  }
  const now = Math.floor(context.now() / 1000);
  const jag = await signJwt(
    {
      iss: urls.idpIssuer,
      sub: claims.sub,
      aud: params.audience,
      client_id: context.clients.staticClient.client_id,
      jti: randomToken('jti', 12),
      iat: now,
      exp: now + settings.idJagTtl,
      ...(params.resource ? { resource: params.resource } : {}),
      ...(params.scope ? { scope: params.scope } : {}),
    },
    ID_JAG_TYP,
  );
  return json({
    access_token: jag,
    issued_token_type: ID_JAG_TOKEN_TYPE,
    token_type: 'N_A',
    expires_in: settings.idJagTtl,
    ...(params.scope ? { scope: params.scope } : {}),
  });
}

async function codeGrant(context: MockContext, params: Readonly<Record<string, string>>) {
  const code = params.code ? context.idpCodes.get(params.code) : undefined;
  const invalid = (description: string) => oauthError({ error: 'invalid_grant', description });
  if (!code || code.used) return invalid('unknown or used authorization code');
  code.used = true;
  if (code.expiresAt <= context.now()) return invalid('authorization code expired');
  if (params.redirect_uri !== code.redirectUri) return invalid('redirect_uri mismatch');
  if (!(await verifyPkce(params.code_verifier, code.challenge, code.method))) {
    return invalid('PKCE verification failed');
  }
  return json({
    access_token: randomToken('idp_at'),
    token_type: 'Bearer',
    expires_in: context.settings.idTokenTtl,
    scope: code.scope,
    id_token: await issueIdToken(context, code.nonce ? { nonce: code.nonce } : {}),
  });
}

/** @internal Handlers of the mock enterprise IdP (OIDC + RFC 8693 for ID-JAGs). */
export function idpHandlers(context: MockContext): HttpHandler[] {
  const { urls, settings } = context;
  return [
    http.get(
      urls.idpMetadata,
      endpoint(context, 'idp', 'idp-metadata', () => json(idpMetadata(context))),
    ),
    http.get(
      urls.idpJwks,
      endpoint(context, 'idp', 'idp-jwks', async () => json({ keys: [(await signingKey()).jwk] })),
    ),
    http.get(
      urls.idpAuthorization,
      endpoint(context, 'idp', 'idp-authorize', ({ params }) => {
        if (params.client_id !== settings.idpClientId || !params.redirect_uri) {
          return new Response('Unknown client', { status: 400 });
        }
        if (!redirectUriAllowed([], params.redirect_uri)) {
          return new Response('redirect_uri must be a loopback URI', { status: 400 });
        }
        const back = (values: Record<string, string | undefined>) =>
          redirectBack(
            params.redirect_uri as string,
            { ...values, state: params.state },
            urls.idpIssuer,
          );
        if (params.response_type !== 'code') return back({ error: 'unsupported_response_type' });
        if (!params.code_challenge || params.code_challenge_method !== 'S256') {
          return back({ error: 'invalid_request', error_description: 'PKCE S256 required' });
        }
        const code = randomToken('idp_code');
        context.idpCodes.set(code, {
          clientId: settings.idpClientId,
          redirectUri: params.redirect_uri,
          redirectUriSent: true,
          challenge: params.code_challenge,
          method: 'S256',
          scope: params.scope ?? 'openid',
          resource: undefined,
          nonce: params.nonce,
          expiresAt: context.now() + settings.codeTtl * 1000,
          used: false,
        });
        return back({ code });
      }),
    ),
    http.post(
      urls.idpToken,
      endpoint(context, 'idp', 'idp-token', async (incoming) => {
        const problem = authenticate(incoming, context);
        if (problem) return oauthError({ error: 'invalid_client', description: problem });
        const { params } = incoming;
        if (params.grant_type === TOKEN_EXCHANGE) return exchange(context, params);
        if (params.grant_type === 'authorization_code') return codeGrant(context, params);
        return oauthError({ error: 'unsupported_grant_type', description: `${params.grant_type}` });
      }),
    ),
  ];
}
