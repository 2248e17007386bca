import {
  AuthenticationCancelledError,
  type AuthorizationReason,
  ErrorCode,
  McpOAuthError,
  OAuthResponseError,
  type Tokens,
} from '@mcp-oauth/core';
import { discoverServer, failureFields, saveGrant } from '@mcp-oauth/oauth';
import { ensureClient } from './client.js';
import type { Context } from './context.js';
import { requestDeviceAuthorization } from './device-authorization.js';
import { pollForTokens } from './poll.js';
import { showUserCode } from './prompt.js';

/** The stable reason an error ends a login with (SPEC A13). */
export function reasonOf(error: unknown, stage: 'request' | 'poll'): AuthorizationReason {
  if (!(error instanceof McpOAuthError)) return 'unknown';
  if (error.code === ErrorCode.Cancelled) return 'cancelled';
  if (error.code === ErrorCode.Timeout) return 'timeout';
  if (error instanceof OAuthResponseError && error.oauthError === 'access_denied') {
    return 'provider_denied';
  }
  return stage === 'poll' ? 'token_exchange_failed' : 'auth_request_failed';
}

/**
 * The device login (RFC 8628, SPEC G1–G3): discovery with issuer and
 * resource checks, a client (configured, or registered for the device
 * grant), the device authorization request, the code shown to the person,
 * polling, then the tokens stored in one write with the client and the
 * server that issued them (SPEC H2), so they refresh like any other
 * (SPEC G3). A failed or abandoned login leaves the stored session as it
 * was (SPEC H5). Ends in exactly one authorization event.
 */
export async function authorize(ctx: Context, signal?: AbortSignal): Promise<Tokens> {
  const key = await ctx.serverKey;
  let stage: 'request' | 'poll' = 'request';
  try {
    if (signal?.aborted) {
      throw new AuthenticationCancelledError(undefined, { cause: signal.reason });
    }
    const before = await ctx.records.get(key, { fresh: true });
    const discovery = await discoverServer(ctx, before?.resourceMetadataUrl, signal);
    // Discovery's helpers load with the first login, not with the strategy (cold import).
    const { scopeFromMetadata } = await import('@mcp-oauth/discovery');
    const { metadata } = discovery;
    if (!metadata.token_endpoint) {
      throw new McpOAuthError(
        ErrorCode.InvalidResponse,
        'The authorization server metadata has no token_endpoint',
      );
    }
    const scope =
      ctx.challengeScope ??
      ctx.options.scope ??
      scopeFromMetadata(discovery.resourceMetadata, metadata);
    const client = await ensureClient(ctx, metadata, signal);
    const resource = ctx.omitResource ? undefined : discovery.resource;
    const authorization = await requestDeviceAuthorization(ctx, {
      metadata,
      client,
      scope,
      resource: discovery.resource,
      signal,
    });
    // The person's part only: the device code is a credential and never leaves the flow.
    const { userCode, verificationUri, verificationUriComplete, expiresAt } = authorization;
    const shown = {
      userCode,
      verificationUri,
      ...(verificationUriComplete ? { verificationUriComplete } : {}),
      expiresAt,
    };
    await showUserCode(ctx.server.name, shown, {
      onUserCode: ctx.options.onUserCode,
      output: ctx.options.output,
      qr: ctx.options.qr,
      now: ctx.clock.now(),
    });
    stage = 'poll';
    const response = await pollForTokens(
      ctx,
      { metadata, client, authorization, resource },
      signal,
    );
    // Tokens, the client that obtained them and the server that issued them, in one write (SPEC H2, H5).
    const tokens = await saveGrant(ctx, { response, scope, client, metadata });
    if (!tokens) {
      throw new McpOAuthError(
        ErrorCode.InvalidResponse,
        'The device login did not leave the client authorized',
      );
    }
    ctx.challengeScope = undefined;
    ctx.onEvent({ type: 'authorization', serverKey: key, reason: 'success' });
    return tokens;
  } catch (caught) {
    let error = caught;
    if (signal?.aborted && !(error instanceof AuthenticationCancelledError)) {
      error = new AuthenticationCancelledError(undefined, { cause: signal.reason });
    }
    ctx.onEvent({
      type: 'authorization',
      serverKey: key,
      reason: reasonOf(error, stage),
      ...failureFields(error),
    });
    throw error;
  }
}
