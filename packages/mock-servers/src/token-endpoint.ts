import { authenticateClient } from './client-auth.js';
import type { RegisteredClient } from './clients.js';
import type { MockContext } from './context.js';
import { DEVICE_CODE_GRANT, deviceCodeGrant, requestRefusal } from './device.js';
import { endpoint, formRequired, type Incoming } from './http.js';
import { verifyJwt } from './jwt.js';
import { JWT_BEARER } from './metadata.js';
import { type TokenFailure, tokenBody, tokenError } from './oauth-errors.js';
import { verifyPkce } from './pkce.js';
import { knownResource } from './resource.js';

/** The `typ` of an identity assertion JWT authorization grant. */
export const ID_JAG_TYP = 'oauth-id-jag+jwt';

type Outcome = { readonly error?: undefined; readonly [field: string]: unknown } | TokenFailure;

const scopes = (scope: string) => new Set(scope.split(' ').filter(Boolean));

async function authorizationCode(
  context: MockContext,
  client: RegisteredClient,
  params: Readonly<Record<string, string>>,
): Promise<Outcome> {
  const grantType = 'authorization_code';
  const invalid = (description: string, reason?: TokenFailure['reason']): TokenFailure => ({
    error: 'invalid_grant',
    description,
    grantType,
    ...(reason ? { reason } : {}),
  });
  const code = params.code === undefined ? undefined : context.codes.get(params.code);
  if (!code) return invalid('unknown authorization code');
  if (code.used) {
    // RFC 6749 §4.1.2: a replayed code should revoke what it produced.
    const grant = code.grantId ? context.grants.grants.get(code.grantId) : undefined;
    if (grant) context.grants.revokeGrant(grant);
    return invalid('authorization code already used');
  }
  code.used = true;
  if (code.expiresAt <= context.now()) return invalid('authorization code expired', 'expired');
  if (code.clientId !== client.client_id) return invalid('code was issued to another client');
  // RFC 6749 §4.1.3: required and identical when the authorize request sent one.
  const sent = params.redirect_uri;
  if ((code.redirectUriSent || sent !== undefined) && sent !== code.redirectUri) {
    return invalid('redirect_uri does not match the authorization request', 'redirect_uri');
  }
  if (!(await verifyPkce(params.code_verifier, code.challenge, code.method))) {
    return invalid('PKCE verification failed');
  }
  const resource = params.resource ?? code.resource;
  if (!knownResource(context, resource) || (code.resource && resource !== code.resource)) {
    return { error: 'invalid_target', description: `resource not allowed: ${resource}`, grantType };
  }
  const grant = context.grants.createGrant({
    clientId: client.client_id,
    subject: context.settings.subject,
    scope: code.scope,
    resource,
  });
  code.grantId = grant.id;
  return { ...context.grants.issue(grant, context.quirks.refreshTokens) };
}

function refreshToken(
  context: MockContext,
  client: RegisteredClient,
  params: Readonly<Record<string, string>>,
): Outcome {
  const { grants, quirks } = context;
  const grantType = 'refresh_token';
  const invalid = (description: string, reason?: 'expired'): TokenFailure => ({
    error: 'invalid_grant',
    description,
    grantType,
    ...(reason ? { reason } : {}),
  });
  const info = grants.find(params.refresh_token);
  if (info?.kind !== 'refresh') return invalid('unknown refresh token');
  if (info.grant.clientId !== client.client_id)
    return invalid('token was issued to another client');
  if (info.used) {
    // OAuth 2.1 §4.3.1: a rotated token presented again means it leaked.
    if (quirks.reuseDetection) grants.revokeGrant(info.grant);
    return invalid('refresh token already used');
  }
  if (info.grant.revoked || info.revoked) return invalid('refresh token revoked');
  if (info.expiresAt !== undefined && info.expiresAt <= context.now()) {
    return invalid('refresh token expired', 'expired');
  }
  const granted = scopes(info.grant.scope);
  const asked = params.scope === undefined ? undefined : scopes(params.scope);
  if (asked && [...asked].some((s) => !granted.has(s))) {
    // RFC 6749 §6: refresh can narrow scope, never widen it.
    return { error: 'invalid_scope', description: 'scope exceeds the original grant', grantType };
  }
  const resource = params.resource;
  if (
    !knownResource(context, resource) ||
    (resource && info.grant.resource && resource !== info.grant.resource)
  ) {
    return { error: 'invalid_target', description: `resource not allowed: ${resource}`, grantType };
  }
  const scope = asked ? [...asked].join(' ') : info.grant.scope;
  if (!quirks.rotateRefreshTokens) return { ...grants.issue(info.grant, false, scope) };
  info.used = true;
  return { ...grants.issue(info.grant, true, scope) };
}

async function jwtBearer(
  context: MockContext,
  client: RegisteredClient,
  params: Readonly<Record<string, string>>,
): Promise<Outcome> {
  const invalid = (description: string): TokenFailure => ({
    error: 'invalid_grant',
    description,
    grantType: JWT_BEARER,
  });
  const jwt = params.assertion ? await verifyJwt(params.assertion) : undefined;
  if (!jwt) return invalid('assertion missing or its signature is invalid');
  const { header, claims } = jwt;
  if (header.typ !== ID_JAG_TYP) return invalid(`assertion typ must be ${ID_JAG_TYP}`);
  if (claims.iss !== context.urls.idpIssuer) return invalid('assertion issuer is not trusted');
  if (claims.aud !== context.urls.issuer) return invalid('assertion audience is not this AS');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= context.now()) {
    return invalid('assertion expired');
  }
  if (claims.client_id !== client.client_id)
    return invalid('assertion was issued to another client');
  const resource = typeof claims.resource === 'string' ? claims.resource : undefined;
  if (!knownResource(context, resource))
    return invalid(`assertion resource not allowed: ${resource}`);
  // RFC 7523 §3: the AS may refuse a replayed assertion; real ones do.
  if (typeof claims.jti !== 'string' || context.usedAssertions.has(claims.jti)) {
    return invalid('assertion already used');
  }
  context.usedAssertions.add(claims.jti);
  const grant = context.grants.createGrant({
    clientId: client.client_id,
    subject: String(claims.sub),
    scope: typeof claims.scope === 'string' ? claims.scope : context.settings.defaultScope,
    resource,
  });
  // The ID-JAG is re-obtained silently, so no refresh token (draft-ietf-oauth-identity-assertion-authz-grant §5).
  return { ...context.grants.issue(grant, false) };
}

/** @internal The token endpoint: code + PKCE, refresh (rotating or not) and RFC 7523 jwt-bearer. */
export function tokenEndpoint(context: MockContext) {
  return endpoint(context, context.authorizationServerKind, 'token', async (incoming: Incoming) => {
    const { request, params } = incoming;
    const notForm = formRequired(incoming);
    if (notForm) return notForm;
    const grantType = params.grant_type;
    const auth = await authenticateClient(context, incoming);
    if (auth.failure) return tokenError(context, request, auth.failure);
    const refused = requestRefusal(context, params);
    if (refused) return tokenError(context, request, { ...refused, grantType });
    let outcome: Outcome;
    if (grantType === 'authorization_code') {
      outcome = await authorizationCode(context, auth.client, params);
    } else if (grantType === 'refresh_token') {
      outcome = refreshToken(context, auth.client, params);
    } else if (grantType === JWT_BEARER) {
      outcome = await jwtBearer(context, auth.client, params);
    } else if (grantType === DEVICE_CODE_GRANT && context.quirks.deviceAuthorization) {
      outcome = deviceCodeGrant(context, auth.client, params) as Outcome;
    } else {
      outcome = {
        error: 'unsupported_grant_type',
        description: `grant_type not supported: ${grantType}`,
        grantType,
      };
    }
    if (outcome.error !== undefined) return tokenError(context, request, outcome as TokenFailure);
    return tokenBody(context, request, outcome);
  });
}
