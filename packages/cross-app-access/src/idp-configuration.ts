import { ExchangeError } from '@mcp-oauth/core';
import type { Configuration } from 'openid-client';
import type { Context } from './context.js';
import { sharedState } from './idp-connection.js';

/**
 * The IdP's OpenID Connect configuration (SPEC X6): discovered once per
 * connection with openid-client (issuer checked), through the OAuth fetch
 * (timeouts, size caps). A failed discovery is retried next time; the
 * caller wraps its error into the stage it was needed for.
 * @internal
 */
export function idpMetadata(ctx: Context): Promise<Configuration> {
  const state = sharedState(ctx.idp);
  state.configuration ??= (async () => {
    // openid-client and discovery load with the IdP's first use, not with the strategy (cold import).
    const [oidc, { assertSecureUrl }] = await Promise.all([
      import('openid-client'),
      import('@mcp-oauth/discovery'),
    ]);
    const { issuer, clientId } = ctx.idp.options;
    const url = assertSecureUrl(issuer, {
      allowInsecure: ctx.options.allowInsecureUrls ?? false,
      purpose: 'IdP issuer',
    });
    return oidc.discovery(url, clientId, undefined, oidc.None(), {
      [oidc.customFetch]: (input, init) => ctx.fetch(input, init as RequestInit),
      // Our own https-or-loopback rule (SPEC D9) already passed.
      ...(url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
  })().catch((error: unknown) => {
    state.configuration = undefined;
    throw error;
  });
  return state.configuration;
}

/** The IdP's token endpoint and the client authentication methods it lists (SPEC X6). @internal */
export async function idpTokenEndpoint(ctx: Context) {
  const configuration = await idpMetadata(ctx).catch((error: unknown) => {
    // The IdP's discovery document, not the id_token, is at fault: keep it (SPEC X8).
    throw new ExchangeError(
      'token_exchange',
      `OIDC discovery of the IdP ${ctx.idp.options.issuer} failed: ${(error as Error).message}`,
      false,
      { cause: error },
    );
  });
  const metadata = configuration.serverMetadata();
  return {
    endpoint: metadata.token_endpoint as string,
    issuer: metadata.issuer,
    authMethods: metadata.token_endpoint_auth_methods_supported,
  };
}

/**
 * A configuration for one login: the client's authentication (basic, or
 * post when only that is listed; none without a secret) and the injected
 * clock, so id_token time checks agree with it.
 * @internal
 */
export async function loginConfiguration(
  ctx: Context,
  base: Configuration,
  secret: string | undefined,
): Promise<Configuration> {
  const oidc = await import('openid-client');
  const metadata = base.serverMetadata();
  const methods = metadata.token_endpoint_auth_methods_supported;
  const auth = !secret
    ? oidc.None()
    : methods?.includes('client_secret_post') && !methods.includes('client_secret_basic')
      ? oidc.ClientSecretPost(secret)
      : oidc.ClientSecretBasic(secret);
  const config = new oidc.Configuration(
    metadata,
    ctx.idp.options.clientId,
    { [oidc.clockSkew]: Math.round((ctx.clock.now() - Date.now()) / 1000) },
    auth,
  );
  config[oidc.customFetch] = (input, init) => ctx.fetch(input, init as RequestInit);
  if (new URL(metadata.issuer).protocol === 'http:') oidc.allowInsecureRequests(config);
  return config;
}
