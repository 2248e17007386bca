import {
  AuthenticationCancelledError,
  ErrorCode,
  ExchangeError,
  type IdTokenRecord,
  McpOAuthError,
  redactUrl,
  StoreError,
} from '@mcp-oauth/core';
import type { CodeReceipt } from '@mcp-oauth/loopback';
import type { Context } from './context.js';
import { readIdToken, saveIdToken } from './id-token-cache.js';
import { idpMetadata, loginConfiguration } from './idp-configuration.js';
import { sharedState } from './idp-connection.js';
import { idpClientSecret } from './secrets.js';

/**
 * One OIDC authorization code + PKCE login at the IdP (SPEC X5): openid-client
 * builds the request and validates the id_token; the loopback callback
 * server checks `state` and `iss`. The id_token is cached by issuer.
 */
async function browserLogin(ctx: Context, signal?: AbortSignal): Promise<IdTokenRecord> {
  // openid-client and the loopback pieces load with the first login, not with the strategy.
  const [oidc, { assertAuthorizationUrl, presentUrl, startCallbackServer, waitForCode }] =
    await Promise.all([import('openid-client'), import('@mcp-oauth/loopback')]);
  const base = await idpMetadata(ctx);
  const config = await loginConfiguration(ctx, base, await idpClientSecret(ctx));
  const metadata = config.serverMetadata();
  const { callbackPort, scope, onAuthorizationUrl } = ctx.idp.options;
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const verifier = oidc.randomPKCECodeVerifier();
  const server = await startCallbackServer({
    state,
    port: callbackPort === 'auto' ? 0 : callbackPort,
    issuer: metadata.issuer,
    issRequired: metadata.authorization_response_iss_parameter_supported === true,
  });
  let receipt: CodeReceipt | undefined;
  try {
    const scopes = new Set(['openid', ...(scope ?? '').split(' ').filter(Boolean)]);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: server.redirectUri,
      scope: [...scopes].join(' '),
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const href = assertAuthorizationUrl(url).href;
    ctx.logger.debug(`IdP authorization URL: ${redactUrl(href)}`);
    await presentUrl(href, {
      openBrowser: ctx.idp.options.openBrowser,
      onAuthorizationUrl,
      logger: ctx.logger,
    });
    receipt = await waitForCode(server, {
      clock: ctx.clock,
      logger: ctx.logger,
      timeoutMs: ctx.idp.options.timeoutMs,
      what: 'The IdP login',
      signal,
    });
    const callback = new URL(server.redirectUri);
    callback.searchParams.set('code', receipt.code);
    callback.searchParams.set('state', state);
    if (receipt.iss) callback.searchParams.set('iss', receipt.iss);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const exp = tokens.claims()?.exp;
    if (!tokens.id_token || typeof exp !== 'number') {
      throw new Error('the IdP returned no id_token');
    }
    receipt.finish(true);
    const record = { idToken: tokens.id_token, expiresAt: exp * 1000 };
    await saveIdToken(ctx, record);
    return record;
  } catch (error) {
    receipt?.finish(false);
    throw error;
  } finally {
    await server.close();
  }
}

/**
 * One browser login between processes too: the login runs under a lock per
 * issuer, so a second process waits for the first one's login (up to the
 * login timeout) and uses its id_token instead of opening another browser.
 * If the lock cannot be had, the login runs anyway.
 */
async function loginOnce(ctx: Context, signal?: AbortSignal): Promise<IdTokenRecord> {
  const name = `idp-login:${ctx.idp.options.issuer}`;
  const login = async () => (await readIdToken(ctx, true)) ?? browserLogin(ctx, signal);
  const { DEFAULT_LOGIN_TIMEOUT_MS } = await import('@mcp-oauth/loopback');
  try {
    return await ctx.lock.withLock(name, login, {
      timeoutMs: ctx.idp.options.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS,
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (!(error instanceof StoreError) || error.code !== ErrorCode.LockUnavailable) throw error;
    ctx.logger.debug(`lock ${name} unavailable; logging in without it`);
    return login();
  }
}

/**
 * The id_token after a login at the IdP, shared by every server of the
 * connection (one browser pop, SPEC X5). A login another process finished
 * meanwhile is used instead. Failures other than a cancel are `idp_login`
 * exchange errors (SPEC X9).
 * @internal
 */
export function loginAtIdp(ctx: Context, signal?: AbortSignal): Promise<IdTokenRecord> {
  const state = sharedState(ctx.idp);
  state.login ??= (async () => {
    try {
      return (await readIdToken(ctx, true)) ?? (await loginOnce(ctx, signal));
    } catch (error) {
      if (signal?.aborted)
        throw new AuthenticationCancelledError(undefined, { cause: signal.reason });
      if (error instanceof ExchangeError || error instanceof AuthenticationCancelledError)
        throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new ExchangeError('idp_login', `Login at the IdP failed: ${message}`, false, {
        cause: error,
        ...(error instanceof McpOAuthError && error.status ? { status: error.status } : {}),
        ...(error instanceof McpOAuthError && error.oauthError
          ? { oauthError: error.oauthError }
          : {}),
      });
    } finally {
      state.login = undefined;
    }
  })();
  return state.login;
}
