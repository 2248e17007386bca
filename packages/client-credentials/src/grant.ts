import {
  ErrorCode,
  McpOAuthError,
  OAuthResponseError,
  type RefreshReason,
  type ServerRecord,
  type Tokens,
} from '@mcp-oauth/core';
import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';
import {
  applyTokenResponse,
  bindingOf,
  failureFields,
  isTransient,
  metadataForRenewal,
  requestToken,
  tokensOf,
} from '@mcp-oauth/oauth';
import { AssertionUnavailableError } from './assertion.js';
import { clientAuthFor } from './client-auth.js';
import type { Context } from './context.js';

/** Token request attempts and the waits between them (as a refresh, SPEC R4). */
const ATTEMPTS = 3;
const BACKOFF_MS = [1000, 2000];

/** A failure of one grant, with the stable reason its event reports (SPEC R6). */
class GrantFailure extends Error {
  constructor(
    readonly reason: Exclude<RefreshReason, 'success'>,
    readonly error: unknown,
  ) {
    super(reason);
  }
}

/** The stable reason for a failed token request. */
function reasonOf(error: unknown): Exclude<RefreshReason, 'success'> {
  if (error instanceof AssertionUnavailableError) return 'no_client_info';
  if (error instanceof McpOAuthError && error.code === ErrorCode.Configuration) {
    return 'no_client_info';
  }
  if (error instanceof OAuthResponseError && error.oauthError === 'invalid_grant') {
    return 'invalid_grant';
  }
  if (error instanceof McpOAuthError && error.code === ErrorCode.InvalidResponse) {
    return 'no_tokens_returned';
  }
  return 'request_failed';
}

/**
 * The token endpoint's metadata for the server (SPEC D5, H2): persisted
 * discovery state, only the authorization server that issued the stored
 * token or the one pinned by `issuer`, which must not refuse the grant.
 */
async function target(ctx: Context, record: ServerRecord | undefined, signal?: AbortSignal) {
  let found: { metadata: AuthorizationServerMetadata; resource: string };
  try {
    found = await metadataForRenewal(ctx, record, signal);
  } catch (error) {
    throw new GrantFailure('metadata_discovery_failed', error);
  }
  const { metadata } = found;
  const pinned = ctx.options.issuer;
  if (pinned && metadata.issuer !== pinned) {
    throw new GrantFailure(
      'metadata_discovery_failed',
      new McpOAuthError(
        ErrorCode.IssuerMismatch,
        `${ctx.server.name} is protected by ${metadata.issuer}, but the machine client is registered at ${pinned}; its credentials are sent nowhere else`,
      ),
    );
  }
  // RFC 8414 §2: a listed grant_types_supported without ours means the server refuses it.
  const grants = metadata.grant_types_supported;
  if (grants && !grants.includes(ctx.grant.type)) {
    throw new GrantFailure(
      'request_failed',
      new McpOAuthError(
        ErrorCode.Configuration,
        `The authorization server ${metadata.issuer} does not support the ${ctx.grant.type} grant (grant_types_supported: ${grants.join(', ')})`,
      ),
    );
  }
  if (!metadata.token_endpoint) {
    throw new GrantFailure(
      'request_failed',
      new McpOAuthError(
        ErrorCode.InvalidResponse,
        `The authorization server ${metadata.issuer} names no token_endpoint`,
      ),
    );
  }
  return found;
}

/** One grant with retries on transient failures (SPEC M2, R4), saved before it is used. */
async function grantWithRetries(
  ctx: Context,
  key: string,
  record: ServerRecord | undefined,
  signal?: AbortSignal,
): Promise<Tokens> {
  const { metadata, resource } = await target(ctx, record, signal);
  const endpoint = metadata.token_endpoint as string;
  for (let attempt = 1; ; attempt++) {
    try {
      const clientAuth = await clientAuthFor(
        ctx,
        metadata,
        ctx.grant.type === 'client_credentials',
      );
      const response = await requestToken({
        fetch: ctx.fetch,
        endpoint,
        issuer: metadata.issuer,
        clientAuth,
        params: {
          grant_type: ctx.grant.type,
          ...(await ctx.grant.params(ctx, signal)),
          resource,
          scope: ctx.options.scope,
        },
        allowInsecure: ctx.allowInsecure,
        dpop: ctx.dpop,
        signal,
      });
      const saved = await ctx.records.update(key, (current) => {
        const next: ServerRecord = {
          ...applyTokenResponse(current, response, ctx.clock.now()),
          ...bindingOf(metadata),
        };
        // M2: no refresh token is expected or used; a new grant replaces the token.
        delete next.refreshToken;
        return next;
      });
      return tokensOf(saved, ctx.clock.now()) as Tokens;
    } catch (error) {
      if (!isTransient(error)) throw new GrantFailure(reasonOf(error), error);
      if (attempt >= ATTEMPTS) throw new GrantFailure('transient_retries_exhausted', error);
      await ctx.clock.sleep(BACKOFF_MS[attempt - 1]!, signal);
    }
  }
}

/**
 * Requests a new token with the strategy's grant and stores it (SPEC M1,
 * M2, M4), reporting the outcome as a `refresh` event with a stable reason
 * (SPEC R6). Throws the underlying error. Call it under the renewal lock.
 * @internal
 */
export async function obtainToken(
  ctx: Context,
  key: string,
  record: ServerRecord | undefined,
  signal?: AbortSignal,
): Promise<Tokens> {
  try {
    const tokens = await grantWithRetries(ctx, key, record, signal);
    ctx.onEvent({ type: 'refresh', serverKey: key, reason: 'success' });
    return tokens;
  } catch (caught) {
    const failure =
      caught instanceof GrantFailure ? caught : new GrantFailure(reasonOf(caught), caught);
    const { error } = failure;
    ctx.onEvent({
      type: 'refresh',
      serverKey: key,
      reason: failure.reason,
      ...failureFields(error),
    });
    ctx.logger.debug(`${ctx.grant.type} grant failed: ${failure.reason}`, error);
    throw error;
  }
}
