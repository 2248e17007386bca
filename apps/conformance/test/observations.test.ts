import { describe, expect, it } from 'vitest';
import { observe, suggest } from '../src/live/observations.js';
import type { SeenRequest } from '../src/live/recorder.js';

const token = (
  status: number,
  json?: Record<string, unknown>,
  nonJson?: 'form' | 'other',
): SeenRequest => ({
  server: 'https://as.example.com',
  endpoint: 'token',
  method: 'POST',
  url: 'https://as.example.com/token',
  status,
  contentType: 'application/json',
  ...(json ? { json } : {}),
  ...(nonJson ? { nonJson } : {}),
});
const metadata = {
  issuer: 'https://as.example.com',
  authorization_endpoint: 'https://as.example.com/authorize',
  token_endpoint: 'https://as.example.com/token',
  registration_endpoint: 'https://as.example.com/register',
  revocation_endpoint: 'https://as.example.com/revoke',
  code_challenge_methods_supported: ['S256'],
  authorization_response_iss_parameter_supported: true,
};

describe('observe', () => {
  it('finds nothing to say about a compliant provider', () => {
    const seen = [
      token(200, { access_token: '[present]', expires_in: 3600 }),
      token(400, { error: 'invalid_grant' }),
    ];
    expect(
      observe({
        unauthenticatedStatus: 401,
        challengeHasResourceMetadata: true,
        metadata,
        refreshToken: true,
        seen,
      }),
    ).toEqual([]);
    expect(suggest([], seen)).toEqual([
      'no quirk table needed: the standard error mapping fits this provider',
      "reproduce it in tests: createMockEnvironment({ profile: 'compliant' }) from @mcp-oauth/mock-servers",
    ]);
  });

  it('names a Slack-style provider and suggests the slack table', () => {
    const seen = [token(200, { ok: false, error: 'invalid_refresh_token' })];
    const found = observe({ metadata, seen });
    expect(found.map((o) => o.id)).toEqual(['error-body-200', 'error-code-invalid_refresh_token']);
    expect(suggest(found, seen)[0]).toContain('slackQuirks');
  });

  it('names a GitHub-style provider (form-encoded, bad_* codes) and suggests the github table', () => {
    const seen = [token(200, { error: 'bad_refresh_token' }, 'form')];
    const found = observe({ metadata, seen });
    expect(found.map((o) => o.id)).toEqual([
      'error-body-200',
      'error-code-bad_refresh_token',
      'form-encoded',
    ]);
    const s = suggest(found, seen);
    expect(s[0]).toContain('githubQuirks');
    expect(s.at(-1)).toContain("'github'");
  });

  it('reports missing PRM, PKCE metadata, registration, refresh tokens and revocation', () => {
    const bare = {
      issuer: 'https://as.example.com',
      authorization_endpoint: 'https://as.example.com/authorize',
      token_endpoint: 'https://as.example.com/token',
    };
    const found = observe({
      unauthenticatedStatus: 401,
      challengeHasResourceMetadata: false,
      legacy: true,
      metadata: bare,
      refreshToken: false,
      seen: [],
    });
    expect(found.map((o) => o.id)).toEqual([
      'no-resource-metadata-in-challenge',
      'no-prm',
      'no-pkce-metadata',
      'no-registration',
      'no-iss',
      'no-revocation-endpoint',
      'no-refresh-token',
    ]);
    const s = suggest(found, []);
    expect(s).toContain(
      'authorizationCode({ allowMissingS256: true }) once you have confirmed the provider supports S256',
    );
    expect(s.at(-1)).toBe(
      "reproduce it in tests: createMockEnvironment({ profile: ['no-pkce-metadata', 'pre-registered', 'legacy-2025-03-26', 'no-resource-metadata-in-challenge', 'no-iss', 'no-refresh-token', 'no-revocation-endpoint'] }) from @mcp-oauth/mock-servers",
    );
  });

  it('says nothing about the AS browser flow for cross-app access', () => {
    const bare = {
      issuer: 'https://as.example.com',
      authorization_endpoint: 'https://as.example.com/a',
      token_endpoint: 'https://as.example.com/t',
      revocation_endpoint: 'https://as.example.com/r',
    };
    expect(observe({ crossAppAccess: true, metadata: bare, seen: [] })).toEqual([]);
  });

  it('reports a server that does not answer 401 and a refused revocation', () => {
    const found = observe({
      unauthenticatedStatus: 200,
      metadata,
      revocation: { held: 2, revoked: 0, skipped: false, status: 401 },
      seen: [],
    });
    expect(found.map((o) => o.id)).toEqual(['no-401', 'revocation-refused']);
    expect(found[1]!.message).toContain('refused 2 of 2 tokens (HTTP 401)');
  });
});
