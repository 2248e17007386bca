import { type HttpHandler, http } from 'msw';
import { authenticateClient } from './client-auth.js';
import { RegistrationError, redirectUriAllowed } from './clients.js';
import type { MockContext } from './context.js';
import { deviceAuthorization, requestRefusal } from './device.js';
import { bearerToken, endpoint, formRequired, json } from './http.js';
import { authorizationServerMetadata, metadataResponse, OTHER_ISSUER } from './metadata.js';
import { oauthError } from './oauth-errors.js';
import type { ClientMetadata } from './options.js';
import { randomToken } from './pkce.js';
import { knownResource } from './resource.js';
import { tokenEndpoint } from './token-endpoint.js';
import { wellKnownUrl } from './urls.js';

const page = (status: number, text: string) =>
  new Response(`<!doctype html><title>Mock AS</title><p>${text.replace(/[<>&"]/g, '')}</p>`, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });

/** @internal The redirect back to the client, with `iss` as the profile says (RFC 9207). */
export function redirectBack(
  redirectUri: string,
  params: Record<string, string | undefined>,
  iss: string | undefined,
): Response {
  const location = new URL(redirectUri);
  for (const [name, value] of Object.entries({ ...params, iss })) {
    if (value !== undefined) location.searchParams.set(name, value);
  }
  return new Response(null, { status: 302, headers: { location: location.href } });
}

/**
 * @internal A code challenge method the profile accepts: S256 always, `plain`
 * only when advertised. An absent method means `plain` (RFC 7636 §4.3).
 */
const methodAccepted = (context: MockContext, method: string) =>
  method === 'S256' || (context.quirks.codeChallengeMethods?.includes(method) ?? false);

function authorize(context: MockContext) {
  return endpoint(context, context.authorizationServerKind, 'authorize', async ({ params }) => {
    const { quirks, urls, settings } = context;
    const client = await context.clients.resolve(
      params.client_id,
      quirks.clientIdMetadataDocuments,
    );
    // RFC 6749 §4.1.2.1: with a bad client or redirect URI, never redirect.
    if (!client) return page(400, 'Unknown client_id');
    const single = client.redirect_uris.length === 1 ? client.redirect_uris[0] : undefined;
    const redirectUri = params.redirect_uri ?? single;
    if (!redirectUri || !redirectUriAllowed(client.redirect_uris, redirectUri)) {
      return page(400, 'redirect_uri is not registered for this client');
    }
    const iss =
      quirks.issParameter === 'omit'
        ? undefined
        : quirks.issParameter === 'wrong'
          ? OTHER_ISSUER
          : urls.issuer;
    const fail = (error: string, description: string) =>
      redirectBack(
        redirectUri,
        { error, error_description: description, state: params.state },
        iss,
      );
    if (params.response_type !== 'code') {
      return fail('unsupported_response_type', 'response_type must be code');
    }
    if (quirks.authorizeError) return fail(quirks.authorizeError, 'The user denied the request');
    const refused = requestRefusal(context, params);
    if (refused) return fail(refused.error, refused.description);
    if (!params.code_challenge) return fail('invalid_request', 'code_challenge is required');
    const method = params.code_challenge_method ?? 'plain';
    if (!methodAccepted(context, method)) {
      return fail('invalid_request', `code_challenge_method ${method} is not supported`);
    }
    if (!knownResource(context, params.resource)) {
      return fail('invalid_target', `unknown resource ${params.resource}`);
    }
    const code = randomToken('code');
    context.codes.set(code, {
      clientId: client.client_id,
      redirectUri,
      redirectUriSent: params.redirect_uri !== undefined,
      challenge: params.code_challenge,
      method,
      scope: params.scope ?? settings.defaultScope,
      resource: params.resource,
      nonce: params.nonce,
      expiresAt: context.now() + settings.codeTtl * 1000,
      used: false,
    });
    return redirectBack(redirectUri, { code, state: params.state }, iss);
  });
}

function register(context: MockContext) {
  return endpoint(context, context.authorizationServerKind, 'registration', ({ body }) => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return json(
        { error: 'invalid_client_metadata', error_description: 'JSON body required' },
        400,
      );
    }
    try {
      const client = context.clients.register(
        body as ClientMetadata,
        context.quirks.requiredLoopbackHost,
      );
      const { source: _source, ...registered } = client;
      return json(
        {
          ...registered,
          client_id_issued_at: Math.floor(context.now() / 1000),
          ...(client.client_secret ? { client_secret_expires_at: 0 } : {}),
        },
        201,
      );
    } catch (error) {
      if (!(error instanceof RegistrationError)) throw error;
      return json({ error: error.error, error_description: error.message }, 400);
    }
  });
}

function revoke(context: MockContext) {
  return endpoint(context, context.authorizationServerKind, 'revocation', async (incoming) => {
    const { grants } = context;
    const notForm = formRequired(incoming);
    if (notForm) return notForm;
    let clientId: string;
    if (context.quirks.revocationRequiresBearer) {
      const caller = grants.active(bearerToken(incoming.request));
      if (caller?.kind !== 'access') {
        return json({ error: 'invalid_client', error_description: 'Bearer token required' }, 401, {
          'www-authenticate': 'Bearer realm="mock"',
        });
      }
      clientId = caller.grant.clientId;
    } else {
      const auth = await authenticateClient(context, incoming);
      if (auth.failure) return oauthError(auth.failure);
      clientId = auth.client.client_id;
    }
    const { token } = incoming.params;
    if (!token) return oauthError({ error: 'invalid_request', description: 'token is required' });
    const info = grants.find(token);
    // RFC 7009 §2.2: unknown or already invalid tokens still get 200.
    if (info && info.grant.clientId !== clientId) {
      return oauthError({
        error: 'invalid_request',
        description: 'token belongs to another client',
      });
    }
    // RFC 7009 §2.1: revoking a refresh token ends the grant's access tokens too.
    if (info?.kind === 'refresh') grants.revokeGrant(info.grant);
    else if (info) info.revoked = true;
    return new Response(null, { status: 200 });
  });
}

/** @internal The AS metadata URLs the profile serves. */
function metadataUrls(context: MockContext): string[] {
  const { quirks, urls } = context;
  if (quirks.legacy === 'default-endpoints') return [];
  if (quirks.metadataWellKnown === 'openid-configuration') {
    // OpenID Connect Discovery §4 appends; RFC 8414 §5 style inserts. Serve both.
    return [
      ...new Set([
        urls.authorizationServerMetadata,
        wellKnownUrl('openid-configuration', urls.issuer),
      ]),
    ];
  }
  return [urls.authorizationServerMetadata];
}

/** @internal Handlers of the mock authorization server. */
export function authorizationServerHandlers(context: MockContext): HttpHandler[] {
  const { quirks, urls } = context;
  const handlers = metadataUrls(context).map((url) =>
    http.get(
      url,
      endpoint(context, context.authorizationServerKind, 'authorization-server-metadata', () =>
        metadataResponse(authorizationServerMetadata(context), quirks.metadataBody),
      ),
    ),
  );
  handlers.push(http.get(urls.authorization, authorize(context)));
  handlers.push(http.post(urls.token, tokenEndpoint(context)));
  if (quirks.dynamicRegistration) handlers.push(http.post(urls.registration, register(context)));
  if (quirks.revocationEndpoint) handlers.push(http.post(urls.revocation, revoke(context)));
  if (quirks.deviceAuthorization) {
    handlers.push(http.post(urls.deviceAuthorization, deviceAuthorization(context)));
  }
  return handlers;
}
