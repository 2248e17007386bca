import {
  type ClientInformation,
  ErrorCode,
  type IdTokenRecord,
  McpOAuthError,
  type ServerRecord,
  type TokenResponse,
  type Tokens,
} from '@mcp-oauth/core';
import type { DiscoveryResult } from '@mcp-oauth/discovery';
import {
  applyTokenResponse,
  assertIssuingServer,
  bindingOf,
  parseTokenResponse,
  tokensOf,
} from '@mcp-oauth/oauth';
import type { Context } from './context.js';
import { exchangeError, invalidBody } from './exchange-error.js';
import { idpTokenEndpoint } from './idp-configuration.js';
import { idpClientSecret } from './secrets.js';
import { postTokenRequest } from './token-request.js';
import {
  ID_JAG_TOKEN_TYPE,
  ID_TOKEN_TYPE,
  JWT_BEARER_GRANT,
  TOKEN_EXCHANGE_GRANT,
} from './token-types.js';

/** Runs `fn` as `stage`: any failure becomes an exchange error of that stage (SPEC X9). */
async function stage<T>(
  name: 'discovery' | 'token_exchange' | 'jwt_bearer',
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw exchangeError(name, error);
  }
}

/**
 * Protected-resource and AS discovery (SPEC X7): full discovery for an
 * interactive attempt; a silent one reuses metadata cached in memory, else
 * the persisted AS URL (one request), as a refresh does (SPEC D5). The AS
 * must support the jwt-bearer grant.
 */
async function discoverServer(
  ctx: Context,
  record: ServerRecord | undefined,
  full: boolean,
  signal?: AbortSignal,
): Promise<Target> {
  const options = {
    serverUrl: ctx.server.url,
    fetch: ctx.fetch,
    ...(record?.resourceMetadataUrl ? { resourceMetadataUrl: record.resourceMetadataUrl } : {}),
    ...(ctx.allowInsecure ? { allowInsecure: true } : {}),
    ...(signal ? { signal } : {}),
  };
  // Discovery loads with the first exchange, not with the strategy (cold import).
  const { canonicalResource, discover, resolveMetadata } = await import('@mcp-oauth/discovery');
  let target: Omit<Target, 'parentResource'>;
  if (full || !record?.authorizationServerUrl) {
    target = await discover(options);
    ctx.metadata.set(target.authorizationServerUrl, target.metadata);
  } else {
    const resolved = await resolveMetadata({
      ...options,
      state: { authorizationServerUrl: record.authorizationServerUrl },
      cache: ctx.metadata,
    });
    // A silent exchange sends the client secret: only to the server that issued the record (SPEC H2).
    assertIssuingServer(record, resolved.metadata);
    target = resolved.discovery ?? {
      authorizationServerUrl: resolved.authorizationServerUrl,
      metadata: resolved.metadata,
      resource:
        typeof record.resource === 'string' ? record.resource : canonicalResource(ctx.server.url),
      ...(record.resourceMetadataUrl ? { resourceMetadataUrl: record.resourceMetadataUrl } : {}),
    };
  }
  // RFC 8414 §2: without grant_types_supported the AS supports code and implicit only.
  if (!target.metadata.grant_types_supported?.includes(JWT_BEARER_GRANT)) {
    throw invalidBody(
      `The authorization server ${target.metadata.issuer} does not support the jwt-bearer grant (RFC 7523), so it cannot accept cross-app access. Use @mcp-oauth/authorization-code for this server.`,
    );
  }
  const parentResource = target.resource !== canonicalResource(ctx.server.url);
  return { ...target, parentResource };
}

/**
 * Where the tokens come from: the AS, its metadata and the RFC 8707
 * resource, and whether that resource is not the server URL itself (a
 * parent resource named by the PRM, RFC 9728 §3.3).
 */
type Target = Pick<
  DiscoveryResult,
  'authorizationServerUrl' | 'metadata' | 'resource' | 'resourceMetadataUrl'
> & { readonly parentResource: boolean };

/**
 * RFC 8693 token exchange at the IdP: the id_token for an ID-JAG aimed at
 * the AS and the resource (SPEC X7). The answer must say it issued an ID-JAG;
 * `token_type` is `N_A` (draft-ietf-oauth-identity-assertion-authz-grant §4.3).
 */
async function requestIdJag(
  ctx: Context,
  idToken: string,
  discovery: Target,
  signal?: AbortSignal,
): Promise<string> {
  const idp = await idpTokenEndpoint(ctx);
  const { clientId } = ctx.idp.options;
  const secret = await idpClientSecret(ctx);
  const body = await postTokenRequest(
    ctx,
    idp,
    { client_id: clientId, ...(secret ? { client_secret: secret } : {}) },
    {
      grant_type: TOKEN_EXCHANGE_GRANT,
      requested_token_type: ID_JAG_TOKEN_TYPE,
      audience: discovery.metadata.issuer,
      resource: discovery.resource,
      scope: ctx.options.scope,
      subject_token: idToken,
      subject_token_type: ID_TOKEN_TYPE,
    },
    signal,
  );
  const tokenType = String(body.token_type ?? '').toLowerCase();
  if (body.issued_token_type !== ID_JAG_TOKEN_TYPE) {
    throw invalidBody(
      `The IdP issued ${String(body.issued_token_type ?? 'no issued_token_type')} instead of an ID-JAG (${ID_JAG_TOKEN_TYPE})`,
    );
  }
  if (typeof body.access_token !== 'string' || !body.access_token) {
    throw invalidBody('The IdP token exchange response has no ID-JAG in access_token');
  }
  if (tokenType !== 'n_a' && tokenType !== 'bearer') {
    throw invalidBody(`The IdP token exchange response has token_type ${String(body.token_type)}`);
  }
  return body.access_token;
}

/** RFC 7523 jwt-bearer grant at the AS with client authentication (SPEC X7). */
async function redeemIdJag(
  ctx: Context,
  idJag: string,
  client: ClientInformation,
  discovery: Target,
  signal?: AbortSignal,
): Promise<TokenResponse & { token_type: string }> {
  const { metadata } = discovery;
  const endpoint = metadata.token_endpoint;
  const body = await postTokenRequest(
    ctx,
    {
      endpoint,
      issuer: metadata.issuer,
      authMethods: metadata.token_endpoint_auth_methods_supported,
      dpop: ctx.dpop,
    },
    client,
    { grant_type: JWT_BEARER_GRANT, assertion: idJag, resource: discovery.resource },
    signal,
  );
  // An AS that hands the ID-JAG back has not redeemed it.
  if (body.issued_token_type === ID_JAG_TOKEN_TYPE) {
    throw invalidBody(
      `The authorization server's token endpoint ${endpoint} returned no usable Bearer access token`,
    );
  }
  try {
    return parseTokenResponse(body, { endpoint, status: 200, dpop: ctx.dpop });
  } catch (error) {
    // A Bearer token where DPoP is required keeps its own code (SPEC P4).
    if (error instanceof McpOAuthError && error.code !== ErrorCode.InvalidResponse) throw error;
    throw invalidBody(
      `The authorization server's token endpoint ${endpoint} returned no usable Bearer access token`,
    );
  }
}

/**
 * The exchange chain after the IdP login (SPEC X7, X10): discovery, RFC 8693
 * at the IdP, RFC 7523 at the AS; the tokens land in the server's record with
 * the client and the AS URL as discovery state. Throws an `ExchangeError`
 * carrying the stage and whether the id_token must be dropped (SPEC X8, X9).
 * @internal
 */
export async function exchangeIdToken(
  ctx: Context,
  key: string,
  idToken: IdTokenRecord,
  client: ClientInformation,
  options: { interactive: boolean; signal?: AbortSignal | undefined },
): Promise<Tokens> {
  const { signal } = options;
  const before = await ctx.records.get(key, { fresh: true });
  const discovery = await stage('discovery', () =>
    discoverServer(ctx, before, options.interactive, signal),
  );
  const idJag = await stage('token_exchange', () =>
    requestIdJag(ctx, idToken.idToken, discovery, signal),
  );
  const response = await stage('jwt_bearer', () =>
    redeemIdJag(ctx, idJag, client, discovery, signal),
  );
  const saved = await ctx.records.update(key, (record) => {
    const next: ServerRecord = {
      ...applyTokenResponse(record, response, ctx.clock.now()),
      client: { ...client },
      authorizationServerUrl: discovery.authorizationServerUrl,
      // The refresh token and client secret go to this server only (SPEC H2).
      ...bindingOf(discovery.metadata),
    };
    if (discovery.resourceMetadataUrl) next.resourceMetadataUrl = discovery.resourceMetadataUrl;
    else delete next.resourceMetadataUrl;
    // Refreshes must send the same resource as the grant (SPEC C8).
    if (discovery.parentResource) next.resource = discovery.resource;
    else delete next.resource;
    return next;
  });
  return tokensOf(saved, ctx.clock.now()) as Tokens;
}
