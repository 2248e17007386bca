import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';
import type { Observation } from '../catalogue/types.js';
import type { Refusal } from './errors.js';
import { providerSuggestions, recogniseProviders, type StepOAuthError } from './providers.js';
import type { SeenRequest } from './recorder.js';

/** Error codes of RFC 6749 §4.1.2.1 and §5.2, RFC 7009 §2.2.1, RFC 7591 §3.2.2, RFC 8707 and RFC 6750. */
const STANDARD_ERRORS = new Set([
  'access_denied',
  'unsupported_response_type',
  'server_error',
  'temporarily_unavailable',
  'invalid_redirect_uri',
  'invalid_client_metadata',
  'invalid_software_statement',
  'unapproved_software_statement',
  'insufficient_scope',
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_target',
  'unsupported_token_type',
  'invalid_token',
]);

/** What live mode learnt about the provider, for {@link observe}. */
export interface LiveFacts {
  /** Cross-app access never uses the AS's browser flow: its PKCE, `iss` and registration say nothing about it. */
  readonly crossAppAccess?: boolean;
  /** Status of an MCP request without a token. */
  readonly unauthenticatedStatus?: number;
  /** Whether that answer's challenge named `resource_metadata`. */
  readonly challengeHasResourceMetadata?: boolean;
  /** Discovery found no protected-resource metadata (2025-03-26 path). */
  readonly legacy?: boolean;
  /** No authorization-server metadata at all: `metadata` holds the 2025-03-26 defaults, not the server's word. */
  readonly assumedDefaults?: boolean;
  /** Grants (logins) this run obtained, for what sign-out without revocation leaves behind. */
  readonly grants?: number;
  readonly metadata?: AuthorizationServerMetadata;
  /** A refresh token came with the login. */
  readonly refreshToken?: boolean;
  /** The refresh returned a new refresh token. */
  readonly rotated?: boolean;
  /** Tokens held at sign-out, and those the server accepted revoking. */
  readonly revocation?: { held: number; revoked: number; skipped: boolean; status?: number };
  /** The MCP server still accepted the access token after revocation. */
  readonly acceptedAfterRevocation?: boolean;
  /** The step-up scope the server asked for, if it did. */
  readonly stepUpScope?: string;
  /** OAuth errors that ended steps (an authorization response's error never reaches the recorder). */
  readonly oauthErrors?: readonly StepOAuthError[];
  /** Every round trip. */
  readonly seen: readonly SeenRequest[];
}

/**
 * What a provider showed besides failed checks: `warning` where it departs
 * from the specification, `info` where it does something allowed that is
 * worth knowing (rotation, no `iss` advertised, no refresh token).
 * Observations come only from facts a step learnt, so a step that did not
 * run says nothing here.
 */
export function observe(facts: LiveFacts): Observation[] {
  const out: Observation[] = [];
  const add = (id: string, severity: Observation['severity'], message: string) => {
    if (!out.some((o) => o.id === id)) out.push({ id, severity, message });
  };
  const m = facts.metadata;
  if (facts.unauthenticatedStatus !== undefined && facts.unauthenticatedStatus !== 401) {
    add(
      'no-401',
      'warning',
      `The MCP server answered HTTP ${facts.unauthenticatedStatus} to a request without a token, not 401 with a WWW-Authenticate challenge (MCP authorization, RFC 6750 §3).`,
    );
  }
  if (facts.unauthenticatedStatus === 401 && facts.challengeHasResourceMetadata === false) {
    add(
      'no-resource-metadata-in-challenge',
      'info',
      'The 401 challenge has no resource_metadata parameter (RFC 9728 §5.1); the client had to probe the well-known URL.',
    );
  }
  if (facts.legacy) {
    add(
      'no-prm',
      'warning',
      'No protected-resource metadata (RFC 9728): the server follows the 2025-03-26 revision, and the authorization server was found at the MCP server itself.',
    );
  }
  if (facts.assumedDefaults && m) {
    add(
      'no-as-metadata',
      'warning',
      `No authorization-server metadata at all (RFC 8414; required since MCP 2025-06-18, a SHOULD in 2025-03-26): the client assumed the MCP 2025-03-26 default endpoints ${[m.authorization_endpoint, m.token_endpoint, m.registration_endpoint].join(', ')} and PKCE S256; nothing says whether the AS supports S256, RFC 9207 iss or RFC 7009 revocation, so sign-out can only forget tokens locally.`,
    );
  }
  // Metadata-derived observations say nothing when the metadata was assumed, not published.
  const published = m && !facts.assumedDefaults ? m : undefined;
  const browserFlow = !facts.crossAppAccess;
  if (browserFlow && published && published.code_challenge_methods_supported === undefined) {
    add(
      'no-pkce-metadata',
      'warning',
      'The AS metadata has no code_challenge_methods_supported, so S256 support is not advertised (RFC 8414 §2).',
    );
  }
  if (
    browserFlow &&
    published &&
    !published.registration_endpoint &&
    published.client_id_metadata_document_supported !== true
  ) {
    add(
      'no-registration',
      'info',
      'No dynamic client registration (RFC 7591) and no client ID metadata documents: clients must be pre-registered.',
    );
  }
  if (
    browserFlow &&
    published &&
    published.authorization_response_iss_parameter_supported !== true
  ) {
    add(
      'no-iss',
      'info',
      'The AS does not advertise authorization_response_iss_parameter_supported (RFC 9207, optional): no mix-up defence through iss.',
    );
  }
  if (published && !published.revocation_endpoint) {
    add(
      'no-revocation-endpoint',
      'info',
      `No revocation_endpoint (RFC 7009, optional): sign-out can only forget tokens locally${facts.grants ? `; the ${facts.grants === 1 ? 'grant' : `${facts.grants} grants`} this run obtained stay${facts.grants === 1 ? 's' : ''} valid at the server until ${facts.grants === 1 ? 'it expires' : 'they expire'}` : ''}.`,
    );
  }
  for (const r of facts.seen) {
    if (r.method !== 'POST' || !['token', 'revocation', 'registration'].includes(r.endpoint))
      continue;
    const error = typeof r.json?.error === 'string' ? r.json.error : undefined;
    if (error && r.status >= 200 && r.status < 300) {
      add(
        'error-body-200',
        'warning',
        `The ${r.endpoint} endpoint answered an error (${error}) with HTTP ${r.status}, not 400 (RFC 6749 §5.2).`,
      );
    }
    if (error && !STANDARD_ERRORS.has(error)) {
      add(
        `error-code-${error}`,
        'warning',
        `The ${r.endpoint} endpoint uses the non-standard error code ${error}.`,
      );
    }
    if (r.endpoint === 'token' && r.nonJson === 'form') {
      add(
        'form-encoded',
        'warning',
        'The token endpoint answered form-encoded, not JSON (RFC 6749 §5.1).',
      );
    }
    if (r.endpoint === 'token' && r.nonJson === 'other') {
      add(
        'non-json-token',
        'warning',
        `The token endpoint answered HTTP ${r.status} with a body that is neither JSON nor form fields.`,
      );
    }
    if (
      r.endpoint === 'token' &&
      r.status === 200 &&
      !error &&
      r.json &&
      r.json.expires_in === undefined
    ) {
      add('no-expires-in', 'info', 'A token response had no expires_in; clients assume 3600 s.');
    }
  }
  if (facts.refreshToken === false) {
    add(
      'no-refresh-token',
      'info',
      'No refresh token was issued: the user logs in again when the access token expires.',
    );
  }
  if (facts.rotated) {
    add(
      'rotating-refresh',
      'info',
      'Refresh tokens rotate (single use, allowed by RFC 6749 §6 and RFC 9700 §4.14.2): only one process may refresh at a time (SPEC R7).',
    );
  }
  if (
    facts.revocation &&
    !facts.revocation.skipped &&
    facts.revocation.revoked < facts.revocation.held
  ) {
    add(
      'revocation-refused',
      'warning',
      `The revocation endpoint refused ${facts.revocation.held - facts.revocation.revoked} of ${facts.revocation.held} tokens${facts.revocation.status ? ` (HTTP ${facts.revocation.status})` : ''}.`,
    );
  }
  if (facts.acceptedAfterRevocation) {
    add(
      'accepted-after-revocation',
      'info',
      'The MCP server still accepted the access token after revocation (self-contained tokens stay valid until they expire).',
    );
  }
  if (facts.stepUpScope) {
    add(
      'step-up',
      'info',
      `The server asked for step-up authorization (scope ${facts.stepUpScope}).`,
    );
  }
  // Q1, Q2: Entra, Google and Auth0 named from their bodies and hosts, with what an option fixes.
  for (const o of recogniseProviders({
    seen: facts.seen,
    ...(m ? { metadata: m } : {}),
    ...(facts.oauthErrors ? { oauthErrors: facts.oauthErrors } : {}),
    ...(facts.refreshToken === undefined ? {} : { refreshToken: facts.refreshToken }),
  })) {
    add(o.id, o.severity, o.message);
  }
  return out;
}

/** How the run went, for {@link suggest}: a failed run never gets the compliant profile. */
export interface RunOutcome {
  /** Refusals the library made: the provider must change, no option works around them. */
  readonly refusals: readonly Refusal[];
  /** Whether any check failed. */
  readonly failed: boolean;
}

/**
 * Configuration that fits the observations: quirk tables, options, and the
 * mock profiles that reproduce them. A refusal is the provider's to fix, so
 * it gets the profile that reproduces the refusal instead; a failed run is
 * never called compliant.
 */
export function suggest(
  observations: readonly Observation[],
  seen: readonly SeenRequest[],
  run: RunOutcome = { refusals: [], failed: false },
): string[] {
  if (run.refusals.length) {
    const codes = [...new Set(run.refusals.map((r) => r.code))];
    const reproduce = [...new Set(run.refusals.flatMap((r) => r.mockProfile ?? []))];
    return [
      `none: @mcp-oauth refuses this provider (${codes.join(', ')}), and no option works around a refusal; the provider has to fix what is listed above`,
      ...(reproduce.length
        ? [
            `reproduce the refusal in tests: createMockEnvironment({ profile: ${reproduce.length === 1 ? `'${reproduce[0]}'` : `[${reproduce.map((p) => `'${p}'`).join(', ')}]`} }) from @mcp-oauth/mock-servers`,
          ]
        : []),
    ];
  }
  const ids = new Set(observations.map((o) => o.id));
  const codes = [...ids]
    .filter((id) => id.startsWith('error-code-'))
    .map((id) => id.slice('error-code-'.length));
  const slackish = seen.some((r) => r.json?.ok === false);
  const named = providerSuggestions(ids);
  // Entra's device flow says bad_verification_code too: a named provider is not GitHub.
  const githubish =
    !named.lines.length &&
    (ids.has('form-encoded') ||
      codes.some((c) => c.startsWith('bad_') || c === 'incorrect_client_credentials'));
  // Codes a suggested table maps need no table of your own.
  const mapped = new Set(named.tables.flatMap((t) => Object.keys(t.aliases)));
  const unmapped = codes.filter((c) => !mapped.has(c));
  // "The standard mapping fits" is only known once the token endpoint has answered an error.
  const sawTokenError = seen.some(
    (r) => r.endpoint === 'token' && (r.status >= 400 || typeof r.json?.error === 'string'),
  );
  const out: string[] = [];
  const profiles: string[] = [];
  if (slackish) {
    out.push(
      'normalize-errors: the slackQuirks table — authorizationCode({ fetch: normalizeErrors(fetch, { quirks: [slackQuirks] }) })',
    );
    profiles.push('slack');
  } else if (githubish) {
    out.push(
      'normalize-errors: the githubQuirks table (it also asks for JSON) — authorizationCode({ fetch: normalizeErrors(fetch, { quirks: [githubQuirks] }) })',
    );
    profiles.push('github');
  } else {
    out.push(...named.lines);
    profiles.push(...named.profiles);
    if (unmapped.length || (ids.has('error-body-200') && !named.lines.length)) {
      out.push(
        `normalize-errors: a QuirkTable of your own, aliases { ${unmapped.map((c) => `${c}: { error: 'invalid_grant', source: '<provider docs URL>' }`).join(', ') || "<code>: { error: 'invalid_grant' }"} }`,
      );
    }
  }
  if (ids.has('no-pkce-metadata')) {
    out.push(
      'authorizationCode({ allowMissingS256: true }) once you have confirmed the provider supports S256',
    );
    profiles.push('no-pkce-metadata');
  }
  if (ids.has('no-registration')) {
    out.push(
      'a pre-registered client: authorizationCode({ clientId, clientSecretEnv }) (live: --client-id, --client-secret-env)',
    );
    profiles.push('pre-registered');
  }
  if (ids.has('no-as-metadata')) profiles.push('legacy-2025-03-26-default-endpoints');
  else if (ids.has('no-prm')) profiles.push('legacy-2025-03-26');
  if (ids.has('no-resource-metadata-in-challenge'))
    profiles.push('no-resource-metadata-in-challenge');
  if (ids.has('no-iss')) profiles.push('no-iss');
  if (ids.has('no-refresh-token')) profiles.push('no-refresh-token');
  if (ids.has('rotating-refresh')) profiles.push('rotating-refresh');
  if (ids.has('no-revocation-endpoint')) profiles.push('no-revocation-endpoint');
  if (out.length === 0 && sawTokenError)
    out.push('no quirk table needed: the standard error mapping fits this provider');
  if (profiles.length) {
    out.push(
      `reproduce it in tests: createMockEnvironment({ profile: [${profiles.map((p) => `'${p}'`).join(', ')}] }) from @mcp-oauth/mock-servers`,
    );
  } else if (!run.failed) {
    out.push(
      "reproduce it in tests: createMockEnvironment({ profile: 'compliant' }) from @mcp-oauth/mock-servers",
    );
  }
  if (out.length === 0) out.push('none: the run failed before the provider could be described');
  return out;
}
