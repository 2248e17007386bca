import { describe, expect, it } from 'vitest';
import { type LiveFacts, observe, suggest } from '../src/live/observations.js';
import type { SeenRequest } from '../src/live/recorder.js';

/** A recorded POST answer, as the recorder keeps it (field names only, besides the error fields). */
const answer = (
  url: string,
  status: number,
  json: Record<string, unknown>,
  extra: Partial<SeenRequest> = {},
): SeenRequest => ({
  server: new URL(url).origin,
  endpoint: 'token',
  method: 'POST',
  url,
  status,
  contentType: 'application/json',
  json,
  ...extra,
});

const metadataAt = (issuer: string) => ({
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  revocation_endpoint: `${issuer}/revoke`,
  registration_endpoint: `${issuer}/register`,
  code_challenge_methods_supported: ['S256'],
  authorization_response_iss_parameter_supported: true,
});
const neutral = metadataAt('https://as.example.com');

/** Observation ids and suggestions for facts live mode gathered. */
const run = (facts: LiveFacts, failed = false) => {
  const found = observe(facts);
  return {
    ids: found.map((o) => o.id),
    messages: found.map((o) => o.message),
    suggestions: suggest(found, facts.seen, { refusals: [], failed }),
  };
};

describe('observe and suggest: Microsoft Entra ID', () => {
  // The body learn.microsoft.com documents (reference-error-codes), on a host that says nothing.
  const entraBody = {
    error: 'invalid_grant',
    error_description:
      'AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.\r\nTrace ID: t\r\nCorrelation ID: c',
    error_codes: '[present]',
    timestamp: '[present]',
    trace_id: '[present]',
    correlation_id: '[present]',
  };

  it('[Q2] names Entra from an AADSTS error body alone and suggests the entraQuirks table and its mock profile', () => {
    const { ids, messages, suggestions } = run({
      metadata: neutral,
      seen: [answer('https://as.example.com/token', 400, entraBody)],
    });
    expect(ids).toContain('provider-entra');
    expect(
      messages.find((m) => m.startsWith('The authorization server is Microsoft Entra ID')),
    ).toBe(
      'The authorization server is Microsoft Entra ID (AADSTS70008 in error descriptions; error_codes with trace_id or correlation_id in error bodies): it answers with codes of its own (authorization_declined, bad_verification_code, interaction_required, consent_required, invalid_resource) that the entraQuirks table maps to standard ones.',
    );
    expect(suggestions[0]).toBe(
      'normalize-errors: the entraQuirks table (Microsoft Entra ID) — authorizationCode({ fetch: normalizeErrors(fetch, { quirks: [entraQuirks] }) })',
    );
    expect(suggestions.at(-1)).toContain("'entra'");
  });

  it('[Q1] AADSTS9010010 in the authorization response: omitResource and the api:// scope, not a table of our own', () => {
    const { ids, suggestions } = run(
      {
        metadata: metadataAt('https://login.microsoftonline.com/tenant/v2.0'),
        oauthErrors: [
          {
            step: 'login',
            error: 'invalid_target',
            description:
              "AADSTS9010010: The resource parameter provided in the request doesn't match with the requested scopes.",
          },
        ],
        seen: [],
      },
      true,
    );
    expect(ids).toEqual(expect.arrayContaining(['provider-entra', 'entra-resource-refused']));
    expect(suggestions).toContain(
      "authorizationCode({ omitResource: true, scope: 'api://<app id>/.default' }): leave resource out and name the API in the scope instead (live: --scope)",
    );
    expect(suggestions.some((s) => s.includes('QuirkTable of your own'))).toBe(false);
  });

  it('[Q1] AADSTS650053 asks for a scope named with its API; AADSTS50011 for the redirect host and a stable port', () => {
    const { ids, suggestions } = run(
      {
        metadata: neutral,
        seen: [
          answer('https://as.example.com/token', 400, {
            ...entraBody,
            error: 'invalid_scope',
            error_description:
              "AADSTS650053: The application 'x' asked for scope 'mcp.read' that doesn't exist on the resource '00000003-0000-0000-c000-000000000000'.",
          }),
          answer('https://as.example.com/token', 400, {
            ...entraBody,
            error: 'invalid_request',
            error_description:
              "AADSTS50011: The redirect URI 'http://127.0.0.1:1234/callback' specified in the request does not match the redirect URIs configured for the application.",
          }),
        ],
      },
      true,
    );
    expect(ids).toEqual(
      expect.arrayContaining(['provider-entra', 'entra-scope-resource', 'entra-redirect-uri']),
    );
    expect(ids).not.toContain('entra-resource-refused');
    expect(suggestions).toContain(
      "authorizationCode({ scope: 'api://<app id>/<scope>' }): name the API in every scope (live: --scope)",
    );
    const redirect = suggestions.find((s) => s.includes('redirectHost'));
    expect(redirect).toContain("callbackPort: 'stable'");
  });

  it('[Q1] no refresh token from Entra: offline_access in the scope', () => {
    const { ids, suggestions } = run({
      metadata: metadataAt('https://login.microsoftonline.com/tenant/v2.0'),
      refreshToken: false,
      seen: [],
    });
    expect(ids).toEqual(expect.arrayContaining(['provider-entra', 'entra-offline-access']));
    expect(suggestions).toContain(
      "authorizationCode({ scope: '<API scope> offline_access' }) for a refresh token (live: --scope)",
    );
  });

  it("[Q2] Entra's device-flow bad_verification_code is Entra, not GitHub", () => {
    const { suggestions } = run({
      metadata: neutral,
      seen: [
        answer('https://as.example.com/token', 400, {
          ...entraBody,
          error: 'bad_verification_code',
          error_description: 'AADSTS70019: Verification code expired.',
        }),
      ],
    });
    expect(suggestions[0]).toContain('entraQuirks');
    expect(suggestions.some((s) => s.includes('githubQuirks'))).toBe(false);
  });
});

describe('observe and suggest: Google', () => {
  it('[Q1] a login without a refresh token at accounts.google.com: access_type=offline and prompt=consent, and the googleQuirks table', () => {
    const { ids, suggestions } = run({
      metadata: metadataAt('https://accounts.google.com'),
      refreshToken: false,
      seen: [
        answer(
          'https://oauth2.googleapis.com/token',
          200,
          { access_token: '[present]', expires_in: 3599, token_type: 'Bearer' },
          { accessTokenFormat: 'opaque' },
        ),
      ],
    });
    expect(ids).toEqual(
      expect.arrayContaining(['no-refresh-token', 'provider-google', 'google-offline-access']),
    );
    expect(suggestions).toContain(
      'normalize-errors: the googleQuirks table (Google) — authorizationCode({ fetch: normalizeErrors(fetch, { quirks: [googleQuirks] }) })',
    );
    expect(suggestions).toContain(
      "authorizationCode({ authorizationParams: { access_type: 'offline', prompt: 'consent' } }) for a refresh token",
    );
    expect(suggestions.at(-1)).toContain("'google'");
  });

  it("[Q2] names Google from its own codes on another host, and maps them with googleQuirks instead of a table of one's own", () => {
    const { ids, suggestions } = run({
      metadata: neutral,
      seen: [
        answer('https://as.example.com/token', 403, {
          error: 'org_internal',
          error_description: 'Forbidden',
        }),
      ],
    });
    expect(ids).toEqual(expect.arrayContaining(['error-code-org_internal', 'provider-google']));
    expect(suggestions[0]).toContain('googleQuirks');
    expect(suggestions.some((s) => s.includes('QuirkTable of your own'))).toBe(false);
  });

  it('[Q1] a refresh token from Google needs nothing more than the table', () => {
    const { ids, suggestions } = run({
      metadata: metadataAt('https://accounts.google.com'),
      refreshToken: true,
      seen: [],
    });
    expect(ids).toContain('provider-google');
    expect(ids).not.toContain('google-offline-access');
    expect(suggestions.some((s) => s.includes('access_type'))).toBe(false);
  });
});

describe('observe and suggest: Auth0', () => {
  it('[Q1] an encrypted (JWE) access token from *.auth0.com: the audience of an API, and the auth0Quirks table', () => {
    const { ids, messages, suggestions } = run({
      metadata: metadataAt('https://tenant.eu.auth0.com'),
      refreshToken: true,
      seen: [
        answer(
          'https://tenant.eu.auth0.com/oauth/token',
          200,
          { access_token: '[present]', expires_in: 86400, token_type: 'Bearer' },
          { accessTokenFormat: 'jwe' },
        ),
      ],
    });
    expect(ids).toEqual(expect.arrayContaining(['provider-auth0', 'auth0-audience']));
    expect(messages).toContain(
      "Auth0 issued an access token that is not a JWT (encrypted, JWE): without an audience it is for Auth0's /userinfo only; an access token for this MCP server needs the audience of an API registered in the tenant.",
    );
    expect(suggestions).toContain(
      'normalize-errors: the auth0Quirks table (Auth0) — authorizationCode({ fetch: normalizeErrors(fetch, { quirks: [auth0Quirks] }) })',
    );
    expect(suggestions).toContain(
      "authorizationCode({ authorizationParams: { audience: '<API identifier>' } }): the identifier of the Auth0 API that stands for this MCP server",
    );
  });

  it("[Q1] Auth0 on a custom domain, named by access_denied 'Service not found'", () => {
    const { ids, suggestions } = run(
      {
        metadata: metadataAt('https://login.example.com'),
        oauthErrors: [
          {
            step: 'login',
            error: 'access_denied',
            description: 'Service not found: https://mcp.example.com/mcp',
          },
        ],
        seen: [],
      },
      true,
    );
    expect(ids).toEqual(expect.arrayContaining(['provider-auth0', 'auth0-audience']));
    expect(suggestions.some((s) => s.includes("audience: '<API identifier>'"))).toBe(true);
  });

  it('[Q2] mfa_required with an mfa_token is Auth0 wherever it is hosted (without it, nobody); a JWT access token needs no audience advice', () => {
    const { ids, suggestions } = run({
      metadata: neutral,
      refreshToken: true,
      seen: [
        answer(
          'https://as.example.com/token',
          200,
          { access_token: '[present]', token_type: 'Bearer', expires_in: 60 },
          { accessTokenFormat: 'jwt' },
        ),
        answer('https://as.example.com/token', 403, {
          error: 'mfa_required',
          error_description: 'Multifactor authentication required',
          mfa_token: '[present]',
        }),
      ],
    });
    expect(ids).toContain('provider-auth0');
    expect(ids).not.toContain('auth0-audience');
    expect(suggestions[0]).toContain('auth0Quirks');
    // Without Auth0's mfa_token the code alone names nobody.
    const bare = run({
      metadata: neutral,
      seen: [answer('https://as.example.com/token', 403, { error: 'mfa_required' })],
    });
    expect(bare.ids.some((id) => id.startsWith('provider-'))).toBe(false);
  });
});
