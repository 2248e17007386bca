import {
  AuthenticationCancelledError,
  AuthenticationTimeoutError,
  type AuthorizationReason,
  applyTokens,
  ErrorCode,
  McpOAuthError,
  OAuthResponseError,
  redactUrl,
  type Tokens,
  toTokens,
} from '@mcp-oauth/core';
import { type AuthorizationServerMetadata, scopeFromMetadata } from '@mcp-oauth/discovery';
import { assertAuthorizationUrl, openBrowser } from './browser.js';
import { type CallbackServer, type CodeReceipt, startCallbackServer } from './callback-server.js';
import { ensureClient, forgetUnknownClient } from './client.js';
import type { Context } from './context.js';
import { discoverServer } from './metadata.js';
import { createPkce, createState } from './pkce.js';
import { countStepUpAttempt, unionScopes } from './step-up.js';
import { requestToken } from './token-request.js';

const FIVE_MINUTES = 5 * 60 * 1000;

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

/** Waits for the callback, a pasted URL, the timeout or the abort signal; settles once (SPEC A5–A7, A9). */
async function waitForCode(
  ctx: Context,
  server: CallbackServer,
  signal: AbortSignal | undefined,
): Promise<CodeReceipt> {
  const stop = new AbortController();
  const cleanup: Array<() => void> = [() => stop.abort()];
  try {
    const racers: Array<Promise<CodeReceipt>> = [server.result];
    racers.push(
      ctx.clock
        .sleep(ctx.options.timeoutMs ?? FIVE_MINUTES, stop.signal, { unref: true })
        .then(() => {
          throw new AuthenticationTimeoutError(
            `Authorization timed out after ${Math.round((ctx.options.timeoutMs ?? FIVE_MINUTES) / 1000)} s`,
          );
        }),
    );
    if (signal) {
      racers.push(
        new Promise<never>((_, reject) => {
          const onAbort = () =>
            reject(new AuthenticationCancelledError(undefined, { cause: signal.reason }));
          if (signal.aborted) return onAbort();
          signal.addEventListener('abort', onAbort, { once: true });
          cleanup.push(() => signal.removeEventListener('abort', onAbort));
        }),
      );
    }
    const input = ctx.options.manualInput;
    if (input) {
      void (async () => {
        for await (const line of input()) {
          if (stop.signal.aborted) break;
          const hint = server.paste(line);
          if (hint) ctx.logger.warn(hint);
          else break;
        }
      })().catch(() => {});
    }
    for (const racer of racers) racer.catch(() => {});
    return await Promise.race(racers);
  } finally {
    for (const fn of cleanup) fn();
  }
}

/**
 * The interactive authorization code + PKCE flow (SPEC A1–A13, C1–C8):
 * fresh client, discovery with issuer and resource checks, loopback callback,
 * browser or manual paste, code exchange, tokens saved. Ends in exactly one
 * authorization event.
 */
export async function authorize(ctx: Context, signal?: AbortSignal): Promise<Tokens> {
  const key = await ctx.key;
  let server: CallbackServer | undefined;
  let receipt: CodeReceipt | undefined;
  try {
    if (signal?.aborted)
      throw new AuthenticationCancelledError(undefined, { cause: signal.reason });
    // A1: keep the step-up scope and PRM URL, then start from a clean slate.
    const before = await ctx.records.get(key, { fresh: true });
    const stepUpScope = unionScopes(before?.stepUpScope, ctx.stepUpScope) || undefined;
    const resourceMetadataUrl = before?.resourceMetadataUrl;
    await ctx.records.update(key, (record) => {
      if (!record) return record;
      const { accessToken, refreshToken, expiresAt, client, ...rest } = record;
      return rest;
    });
    ctx.verifier = undefined;

    const discovery = await discoverServer(ctx, key, resourceMetadataUrl, signal);
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
    const port = ctx.options.callbackPort === 'auto' ? 0 : ctx.options.callbackPort;
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
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: server.redirectUri,
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: pkce.method,
      resource: discovery.resource,
    };
    if (scope) params.scope = scope;
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const href = assertAuthorizationUrl(url).href;
    countStepUpAttempt(ctx, stepUpScope);
    ctx.logger.debug(`authorization URL: ${redactUrl(href)}`);
    // A11: the UI gets the URL before we try a browser, so it can be shown if that fails.
    ctx.options.onAuthorizationUrl?.(href);
    const open = ctx.options.openBrowser ?? true;
    if (open !== false) {
      const opened = await (open === true ? openBrowser(href) : open(href)).catch(() => false);
      if (!opened) ctx.logger.warn('could not open a browser; open the authorization URL yourself');
    }

    receipt = await waitForCode(ctx, server, signal);
    let tokens: Tokens | undefined;
    try {
      const response = await requestToken(
        ctx,
        metadata,
        client,
        new URLSearchParams({
          grant_type: 'authorization_code',
          code: receipt.code,
          redirect_uri: server.redirectUri,
          code_verifier: pkce.verifier,
          resource: discovery.resource,
        }),
        signal,
      );
      const saved = await ctx.records.update(key, (record) =>
        applyTokens(record, { ...response, scope: response.scope ?? scope }, ctx.clock.now()),
      );
      tokens = toTokens(saved, ctx.clock.now());
    } catch (error) {
      await forgetUnknownClient(ctx, key, error);
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
    ctx.emit({ type: 'authorization', serverKey: key, reason: 'success' });
    return tokens;
  } catch (caught) {
    const stage = caught instanceof ExchangeStage ? 'exchange' : 'request';
    let error = caught instanceof ExchangeStage ? caught.error : caught;
    if (signal?.aborted && !(error instanceof AuthenticationCancelledError)) {
      error = new AuthenticationCancelledError(undefined, { cause: signal.reason });
    }
    receipt?.finish(false);
    ctx.emit({
      type: 'authorization',
      serverKey: key,
      reason: reasonOf(error, stage),
      ...(error instanceof McpOAuthError && error.oauthError
        ? { oauthError: error.oauthError }
        : {}),
      ...(error instanceof McpOAuthError && error.status ? { status: error.status } : {}),
    });
    throw error;
  } finally {
    ctx.verifier = undefined;
    await server?.close();
  }
}
