import { verifyWorkloadToken } from './assertions.js';
import { authenticateClient } from './client-auth.js';
import type { RegisteredClient } from './clients.js';
import type { MockContext } from './context.js';
import { DEVICE_CODE_GRANT, deviceCodeGrant, requestRefusal } from './device.js';
import { type DPoPProof, tokenNonce, verifyProof } from './dpop.js';
import { endpoint, formRequired, type Incoming, json } from './http.js';
import { decodeJwt, verifyJwt } from './jwt.js';
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
  jkt: string | undefined,
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
  // RFC 9449 §5: a public client's refresh token is bound to its DPoP key.
  if (info.grant.jkt && client.token_endpoint_auth_method === 'none' && jkt !== info.grant.jkt) {
    return invalid('refresh token is bound to another DPoP key');
  }
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

/** RFC 8707 `invalid_target` for a `resource` that is not the MCP server. */
const unknownTarget = (
  context: MockContext,
  resource: string | undefined,
  grantType: string,
): TokenFailure | undefined =>
  knownResource(context, resource)
    ? undefined
    : { error: 'invalid_target', description: `resource not allowed: ${resource}`, grantType };

/** RFC 6749 §4.4: a confidential client's own access, no refresh token (§4.4.3). */
function clientCredentials(
  context: MockContext,
  client: RegisteredClient,
  params: Readonly<Record<string, string>>,
): Outcome {
  const grantType = 'client_credentials';
  if (client.token_endpoint_auth_method === 'none') {
    return {
      error: 'unauthorized_client',
      description: 'the client credentials grant is for confidential clients',
      grantType,
    };
  }
  const asked = params.scope === undefined ? undefined : scopes(params.scope);
  if (asked && [...asked].some((s) => !context.settings.scopesSupported.includes(s))) {
    return { error: 'invalid_scope', description: `scope not allowed: ${params.scope}`, grantType };
  }
  const target = unknownTarget(context, params.resource, grantType);
  if (target) return target;
  const grant = context.grants.createGrant({
    clientId: client.client_id,
    subject: client.client_id,
    scope: asked ? [...asked].join(' ') : context.settings.defaultScope,
    resource: params.resource,
  });
  return { ...context.grants.issue(grant, false) };
}

/** RFC 7523 §2.1 with a token the workload platform issued (SPEC M4); client authentication optional. */
async function workloadGrant(
  context: MockContext,
  client: RegisteredClient | undefined,
  params: Readonly<Record<string, string>>,
): Promise<Outcome> {
  const verified = await verifyWorkloadToken(context, params.assertion ?? '');
  if ('problem' in verified) {
    return { error: 'invalid_grant', description: verified.problem, grantType: JWT_BEARER };
  }
  const target = unknownTarget(context, params.resource, JWT_BEARER);
  if (target) return target;
  const grant = context.grants.createGrant({
    clientId: client?.client_id ?? `workload:${verified.subject}`,
    subject: verified.subject,
    scope: params.scope ?? context.settings.defaultScope,
    resource: params.resource,
  });
  return { ...context.grants.issue(grant, false) };
}

async function jwtBearer(
  context: MockContext,
  client: RegisteredClient | undefined,
  params: Readonly<Record<string, string>>,
): Promise<Outcome> {
  const invalid = (description: string): TokenFailure => ({
    error: 'invalid_grant',
    description,
    grantType: JWT_BEARER,
  });
  if (decodeJwt(params.assertion ?? '')?.claims.iss === context.urls.workloadIssuer) {
    return workloadGrant(context, client, params);
  }
  if (!client) {
    return {
      error: 'invalid_client',
      description: 'client authentication required',
      grantType: JWT_BEARER,
    };
  }
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

/** A jwt-bearer request that identifies no client: only a workload token may come so (RFC 7523 §3.1). */
const anonymous = ({ request, params }: Incoming) =>
  params.grant_type === JWT_BEARER &&
  params.client_id === undefined &&
  params.client_assertion === undefined &&
  !request.headers.has('authorization');

/**
 * The request's DPoP proof when the AS supports DPoP and one was sent
 * (RFC 9449 §5), or the error answer for a bad one or a missing nonce.
 */
async function dpopOf(
  context: MockContext,
  request: Request,
): Promise<{ proof?: DPoPProof; refusal?: Response }> {
  if (context.quirks.dpop !== true || !request.headers.has('dpop')) return {};
  const result = await verifyProof(context, request, tokenNonce(context));
  if ('jkt' in result) return { proof: result };
  const headers: Record<string, string> =
    result.error === 'use_dpop_nonce' ? { 'dpop-nonce': context.dpop.nonce } : {};
  return {
    refusal: json({ error: result.error, error_description: result.description }, 400, headers),
  };
}

/** Binds a successful answer's access token (and the grant) to the DPoP key (RFC 9449 §5, §6). */
function bind(context: MockContext, outcome: Outcome, proof: DPoPProof | undefined): void {
  const accessToken = (outcome as Record<string, unknown>).access_token;
  if (!proof || typeof accessToken !== 'string') return;
  const token = context.grants.find(accessToken);
  if (!token) return;
  token.jkt = proof.jkt;
  token.grant.jkt ??= proof.jkt;
  (outcome as Record<string, unknown>).token_type = 'DPoP';
}

/**
 * @internal The token endpoint: code + PKCE, refresh (rotating or not),
 * client credentials, RFC 7523 jwt-bearer (ID-JAGs and workload tokens),
 * the device code grant; DPoP-bound tokens when the profile supports it.
 */
export function tokenEndpoint(context: MockContext) {
  return endpoint(context, context.authorizationServerKind, 'token', async (incoming: Incoming) => {
    const { request, params } = incoming;
    const notForm = formRequired(incoming);
    if (notForm) return notForm;
    const grantType = params.grant_type;
    const auth = anonymous(incoming)
      ? { client: undefined, failure: undefined }
      : await authenticateClient(context, incoming);
    if (auth.failure) return tokenError(context, request, auth.failure);
    const refused = requestRefusal(context, params);
    if (refused) return tokenError(context, request, { ...refused, grantType });
    const dpop = await dpopOf(context, request);
    if (dpop.refusal) return dpop.refusal;
    const { client } = auth;
    let outcome: Outcome;
    if (grantType === JWT_BEARER) {
      outcome = await jwtBearer(context, client, params);
    } else if (!client) {
      outcome = {
        error: 'invalid_client',
        description: 'client authentication required',
        grantType,
      };
    } else if (grantType === 'authorization_code' && !context.quirks.machineOnly) {
      outcome = await authorizationCode(context, client, params);
    } else if (grantType === 'refresh_token') {
      outcome = refreshToken(context, client, params, dpop.proof?.jkt);
    } else if (grantType === 'client_credentials' && context.quirks.clientCredentials) {
      outcome = clientCredentials(context, client, params);
    } else if (grantType === DEVICE_CODE_GRANT && context.quirks.deviceAuthorization) {
      outcome = deviceCodeGrant(context, client, params) as Outcome;
    } else {
      outcome = {
        error: 'unsupported_grant_type',
        description: `grant_type not supported: ${grantType}`,
        grantType,
      };
    }
    if (outcome.error !== undefined) return tokenError(context, request, outcome as TokenFailure);
    bind(context, outcome, dpop.proof);
    const response = tokenBody(context, request, outcome);
    // RFC 9449 §8.2: the next nonce rides on the answer.
    if (dpop.proof && tokenNonce(context).nonce)
      response.headers.set('dpop-nonce', context.dpop.nonce);
    return response;
  });
}
