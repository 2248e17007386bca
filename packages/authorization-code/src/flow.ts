import {
  AuthenticationCancelledError,
  type AuthorizationReason,
  ErrorCode,
  McpOAuthError,
  OAuthResponseError,
  redactUrl,
  type Tokens,
} from '@mcp-oauth/core';
import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';
import type { CallbackServer, CodeReceipt } from '@mcp-oauth/loopback';
import {
  discoverServer,
  failureFields,
  requestToken,
  saveGrant,
  selectClientAuth,
  unionScopes,
} from '@mcp-oauth/oauth';
import { ensureClient, forgetUnknownClient } from './client.js';
import type { Context } from './context.js';
import { callbackPortOf } from './options.js';
import { createPkce, createState } from './pkce.js';
import { withProviderHint } from './provider-hints.js';
import { countStepUpAttempt } from './step-up.js';

/** Refuses metadata that lists PKCE methods without S256, unless opted out (SPEC C7). */
export function checkPkceSupport(ctx: Context, metadata: AuthorizationServerMetadata): void {
  const methods = metadata.code_challenge_methods_supported;
  if (methods === undefined || methods.includes('S256')) {
    if (methods === undefined && !ctx.options.allowMissingS256) {
      throw new McpOAuthError(
        ErrorCode.PkceUnsupported,
        `The authorization server ${metadata.issuer} does not advertise PKCE S256 (code_challenge_methods_supported is missing). Set allowMissingS256 to proceed anyway.`,
      );
    }
    if (methods === undefined)
      ctx.logger.warn('proceeding without advertised PKCE S256 support (allowMissingS256)');
    return;
  }
  if (ctx.options.allowMissingS256) {
    ctx.logger.warn(
      `authorization server lists PKCE methods ${methods.join(', ')} without S256; proceeding (allowMissingS256)`,
    );
    return;
  }
  throw new McpOAuthError(
    ErrorCode.PkceUnsupported,
    `The authorization server ${metadata.issuer} does not support PKCE S256 (it lists ${methods.join(', ') || 'none'}).`,
  );
}

/** The stable reason an error ends a flow with (SPEC A13). */
export function reasonOf(error: unknown, stage: 'request' | 'exchange'): AuthorizationReason {
  if (error instanceof McpOAuthError) {
    switch (error.code) {
      case ErrorCode.Cancelled:
        return 'cancelled';
      case ErrorCode.Timeout:
        return 'timeout';
      case ErrorCode.StateMismatch:
        return 'state_mismatch';
      case ErrorCode.PortUnavailable:
        return 'port_unavailable';
    }
    if (error instanceof OAuthResponseError && stage === 'request' && error.oauthError) {
      return 'provider_denied';
    }
    return stage === 'exchange' ? 'token_exchange_failed' : 'auth_request_failed';
  }
  return 'unknown';
}

class ExchangeStage extends Error {
  constructor(readonly error: unknown) {
    super('exchange failed');
  }
}

/**
 * The interactive authorization code + PKCE flow (SPEC A1–A13, C1–C8):
 * fresh client, discovery with issuer and resource checks, loopback callback,
 * browser or manual paste, code exchange, tokens saved. Ends in exactly one
 * authorization event.
 */
export async function authorize(ctx: Context, signal?: AbortSignal): Promise<Tokens> {
  const key = await ctx.serverKey;
  let server: CallbackServer | undefined;
  let receipt: CodeReceipt | undefined;
  try {
    if (signal?.aborted)
      throw new AuthenticationCancelledError(undefined, { cause: signal.reason });
    // A1: keep the step-up scope and PRM URL; the flow uses a fresh client. H5:
    // the stored tokens and client stay until the new ones replace them, so a
    // failed or abandoned flow leaves a working session intact.
    const before = await ctx.records.get(key, { fresh: true });
    const stepUpScope = unionScopes(before?.stepUpScope, ctx.stepUpScope) || undefined;
    const resourceMetadataUrl = before?.resourceMetadataUrl;
    ctx.verifier = undefined;

    // The loopback and discovery pieces load with the first login, not with the strategy (cold import).
    const [
      { assertAuthorizationUrl, presentUrl, startCallbackServer, waitForCode },
      { scopeFromMetadata },
    ] = await Promise.all([import('@mcp-oauth/loopback'), import('@mcp-oauth/discovery')]);
    const discovery = await discoverServer(ctx, resourceMetadataUrl, signal);
    const { metadata } = discovery;
    checkPkceSupport(ctx, metadata);
    const authorizationEndpoint = metadata.authorization_endpoint;
    if (!authorizationEndpoint) {
      throw new McpOAuthError(
        ErrorCode.InvalidResponse,
        'The authorization server metadata has no authorization_endpoint',
      );
    }
    assertAuthorizationUrl(authorizationEndpoint);

    const state = createState();
    const port = callbackPortOf(ctx.options.callbackPort, ctx.server.url);
    server = await startCallbackServer({
      state,
      port,
      host: ctx.options.redirectHost,
      issuer: metadata.issuer,
      issRequired: metadata.authorization_response_iss_parameter_supported === true,
    });
    // A10, A11, D6: step-up scope first, then what the server's challenge
    // asked for, then configuration, then metadata.
    const scope =
      stepUpScope ??
      ctx.challengeScope ??
      ctx.options.scope ??
      scopeFromMetadata(discovery.resourceMetadata, metadata);
    const client = await ensureClient(ctx, key, metadata, server.redirectUri, scope, signal);
    const pkce = createPkce();
    ctx.verifier = pkce.verifier;
    const url = new URL(authorizationEndpoint);
    const params: Record<string, string> = {
      // Provider extras first (Google's access_type, Auth0's audience, SPEC Q1); ours win.
      ...ctx.options.authorizationParams,
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: server.redirectUri,
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: pkce.method,
    };
    // Q1: Entra refuses RFC 8707 resource (AADSTS9010010); C8 otherwise.
    if (!ctx.omitResource) params.resource = discovery.resource;
    if (scope) params.scope = scope;
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const href = assertAuthorizationUrl(url).href;
    countStepUpAttempt(ctx, stepUpScope);
    ctx.logger.debug(`authorization URL: ${redactUrl(href)}`);
    // A11: the UI gets the URL before we try a browser, so it can be shown if that fails.
    await presentUrl(href, {
      openBrowser: ctx.options.openBrowser,
      onAuthorizationUrl: ctx.options.onAuthorizationUrl,
      logger: ctx.logger,
      pasteAccepted: ctx.options.manualInput !== undefined,
    });

    receipt = await waitForCode(server, {
      clock: ctx.clock,
      logger: ctx.logger,
      timeoutMs: ctx.options.timeoutMs,
      manualInput: ctx.options.manualInput,
      signal,
    });
    let tokens: Tokens | undefined;
    try {
      const tokenEndpoint = metadata.token_endpoint;
      if (!tokenEndpoint) {
        throw new McpOAuthError(
          ErrorCode.InvalidResponse,
          'The authorization server metadata has no token_endpoint',
        );
      }
      const response = await requestToken({
        fetch: ctx.fetch,
        endpoint: tokenEndpoint,
        issuer: metadata.issuer,
        clientAuth: selectClientAuth(client, metadata.token_endpoint_auth_methods_supported),
        params: {
          grant_type: 'authorization_code',
          code: receipt.code,
          redirect_uri: server.redirectUri,
          code_verifier: pkce.verifier,
          resource: ctx.omitResource ? undefined : discovery.resource,
        },
        allowInsecure: ctx.allowInsecure,
        dpop: ctx.dpop,
        signal,
      });
      // Tokens, the client that obtained them and the server that issued them, in one write (SPEC H2, H5).
      tokens = await saveGrant(ctx, { response, scope, client, metadata });
    } catch (error) {
      await forgetUnknownClient(ctx, key, error, client);
      throw new ExchangeStage(error);
    }
    // A12: the flow must end authorized.
    if (!tokens) {
      throw new ExchangeStage(
        new McpOAuthError(
          ErrorCode.InvalidResponse,
          'The code exchange did not leave the client authorized',
        ),
      );
    }
    receipt.finish(true);
    ctx.stepUpScope = undefined;
    ctx.challengeScope = undefined;
    ctx.onEvent({ type: 'authorization', serverKey: key, reason: 'success' });
    return tokens;
  } catch (caught) {
    const stage = caught instanceof ExchangeStage ? 'exchange' : 'request';
    let error = withProviderHint(caught instanceof ExchangeStage ? caught.error : caught);
    if (signal?.aborted && !(error instanceof AuthenticationCancelledError)) {
      error = new AuthenticationCancelledError(undefined, { cause: signal.reason });
    }
    receipt?.finish(false);
    ctx.onEvent({
      type: 'authorization',
      serverKey: key,
      reason: reasonOf(error, stage),
      ...failureFields(error),
    });
    throw error;
  } finally {
    ctx.verifier = undefined;
    await server?.close();
  }
}
