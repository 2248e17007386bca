import { ASSERTION_ALGORITHMS } from './assertions.js';
import type { MockContext } from './context.js';
import { DEVICE_CODE_GRANT } from './device.js';
import { DPOP_ALGORITHMS } from './dpop.js';
import { json } from './http.js';
import type { MetadataBody } from './quirks.js';

/** The `issuer` the `issuer-mismatch` profile advertises, and the `iss` of `iss-wrong`. */
export const OTHER_ISSUER = 'https://other-issuer.example.com';

/** The RFC 7523 JWT bearer grant type. */
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** The AS metadata document (RFC 8414 §2) the profile describes. */
export function authorizationServerMetadata(context: MockContext): Record<string, unknown> {
  const { urls, quirks, settings } = context;
  const authMethods = ['none', 'client_secret_basic', 'client_secret_post'];
  const redirectGrants = quirks.machineOnly ? [] : ['authorization_code', 'refresh_token'];
  return withOverrides(settings.metadataOverrides, {
    issuer: quirks.issuerMismatch ? OTHER_ISSUER : urls.issuer,
    // RFC 8414 §2: absent when no grant uses it.
    ...(quirks.machineOnly
      ? {}
      : {
          authorization_endpoint: quirks.javascriptAuthorize
            ? 'javascript:alert(document.domain)//'
            : urls.authorization,
        }),
    token_endpoint: urls.token,
    ...(quirks.dynamicRegistration ? { registration_endpoint: urls.registration } : {}),
    ...(quirks.revocationEndpoint
      ? {
          revocation_endpoint: urls.revocation,
          revocation_endpoint_auth_methods_supported: authMethods,
        }
      : {}),
    ...(quirks.machineOnly
      ? {}
      : { response_types_supported: ['code'], response_modes_supported: ['query'] }),
    grant_types_supported: [
      ...redirectGrants,
      JWT_BEARER,
      ...(quirks.clientCredentials ? ['client_credentials'] : []),
      ...(quirks.deviceAuthorization ? [DEVICE_CODE_GRANT] : []),
    ],
    ...(quirks.deviceAuthorization
      ? { device_authorization_endpoint: urls.deviceAuthorization }
      : {}),
    token_endpoint_auth_methods_supported: [...authMethods, 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
    ...(quirks.dpop ? { dpop_signing_alg_values_supported: DPOP_ALGORITHMS } : {}),
    ...(quirks.codeChallengeMethods
      ? { code_challenge_methods_supported: quirks.codeChallengeMethods }
      : {}),
    scopes_supported: settings.scopesSupported,
    ...(quirks.advertiseIss ? { authorization_response_iss_parameter_supported: true } : {}),
    ...(quirks.clientIdMetadataDocuments ? { client_id_metadata_document_supported: true } : {}),
  });
}

/** @internal The document with `overrides` merged in; `undefined` values remove fields. */
export function withOverrides(
  overrides: Readonly<Record<string, unknown>>,
  document: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...document, ...overrides };
  for (const [field, value] of Object.entries(merged)) {
    if (value === undefined) delete merged[field];
  }
  return merged;
}

/** @internal A metadata response with the body the quirk asks for. */
export function metadataResponse(document: Record<string, unknown>, body: MetadataBody) {
  if (body === 'non-json') {
    return new Response('<!doctype html><html><body><h1>Sign in</h1></body></html>', {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
  }
  // Just over the 1 MiB cap clients apply (SPEC F3).
  if (body === 'oversized') return json({ ...document, x_padding: 'x'.repeat(1024 * 1024 + 1) });
  return json(document);
}
