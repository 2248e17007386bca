import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';
import {
  auth0Quirks,
  entraQuirks,
  googleQuirks,
  type QuirkTable,
} from '@mcp-oauth/normalize-errors';
import type { Observation } from '../catalogue/types.js';
import type { OAuthErrorFields } from './errors.js';
import type { SeenRequest } from './recorder.js';

/** An OAuth error that ended a live step, read from the error (SPEC Q2). */
export interface StepOAuthError extends OAuthErrorFields {
  /** The step it ended (`login`, `refresh`, …). */
  readonly step: string;
}

/** What live mode saw that can name a provider. */
export interface ProviderEvidence {
  readonly seen: readonly SeenRequest[];
  readonly metadata?: AuthorizationServerMetadata;
  /** OAuth errors that ended steps: an authorization response's error never passes the recorder. */
  readonly oauthErrors?: readonly StepOAuthError[];
  /** Whether the login brought a refresh token. */
  readonly refreshToken?: boolean;
}

/** The evidence, read once: who answered, what they said, what tokens looked like. */
interface Wire {
  /** Host names of the authorization server: its metadata and the endpoints it answered at. */
  readonly hosts: ReadonlySet<string>;
  /** Every OAuth error seen, in bodies and in errors that ended steps. */
  readonly errors: ReadonlyArray<{ readonly error: string; readonly description?: string }>;
  /** JSON bodies of POST answers (field names only, besides the OAuth error fields). */
  readonly bodies: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** Formats of access tokens issued in this run. */
  readonly tokens: ReadonlyArray<NonNullable<SeenRequest['accessTokenFormat']>>;
  readonly refreshToken?: boolean;
}

/** A provider live mode can name, what gives it away on the wire, and what it does that needs configuration. */
interface Provider {
  readonly id: 'entra' | 'google' | 'auth0';
  readonly name: string;
  readonly table: QuirkTable;
  /** The table's export from `@mcp-oauth/normalize-errors`. */
  readonly tableExport: string;
  /** Why this is the provider; empty when nothing says so. */
  evidence(wire: Wire): string[];
  /** What it did that an option fixes, as observations whose ids {@link FIXES} knows. */
  deviations(wire: Wire): Observation[];
}

const hostIn = (table: QuirkTable, host: string) =>
  (table.hosts ?? []).some((h) => host === h || host.endsWith(`.${h}`));

const aadsts = (wire: Wire) =>
  new Set(
    wire.errors.flatMap((e) =>
      [...(e.description ?? '').matchAll(/\bAADSTS(\d+)\b/g)].map((m) => m[1]!),
    ),
  );

const named = (wire: Wire, parameter: string) =>
  wire.errors.find((e) => new RegExp(`\\b${parameter}\\b`).test(e.description ?? ''));

/**
 * Microsoft Entra ID. Its error bodies carry `error_codes`, `trace_id` and
 * `correlation_id` and an `AADSTS<n>` code in `error_description`
 * (learn.microsoft.com/entra/identity-platform/reference-error-codes,
 * "Handling error codes in your application"); the authorization response's
 * description carries the AADSTS code too.
 */
const entra: Provider = {
  id: 'entra',
  name: 'Microsoft Entra ID',
  table: entraQuirks,
  tableExport: 'entraQuirks',
  evidence(wire) {
    const out: string[] = [];
    const codes = [...aadsts(wire)];
    if (codes.length) out.push(`AADSTS${codes.join(', AADSTS')} in error descriptions`);
    if (wire.bodies.some((b) => 'error_codes' in b && ('trace_id' in b || 'correlation_id' in b)))
      out.push('error_codes with trace_id or correlation_id in error bodies');
    const host = [...wire.hosts].find((h) => hostIn(entraQuirks, h));
    if (host) out.push(`the authorization server is at ${host}`);
    return out;
  },
  deviations(wire) {
    const codes = aadsts(wire);
    const out: Observation[] = [];
    // AADSTS9010010 "The resource parameter provided in the request doesn't match with the
    // requested scopes" (anthropics/claude-code#73460); AADSTS901002 "The 'resource' request
    // parameter isn't supported" (reference-error-codes).
    const refused = ['9010010', '901002'].filter((c) => codes.has(c));
    if (refused.length) {
      out.push({
        id: 'entra-resource-refused',
        severity: 'warning',
        message: `Microsoft Entra ID refused the RFC 8707 resource parameter (AADSTS${refused.join(', AADSTS')}), which the MCP specification requires clients to send: its v2 endpoints take the resource from the scope (api://<app id>/<scope>).`,
      });
    }
    // AADSTS650053 "asked for scope '…' that doesn't exist on the resource '…'": a scope without
    // its resource is taken as Microsoft Graph's (learn.microsoft.com scopes-oidc).
    if (codes.has('650053')) {
      out.push({
        id: 'entra-scope-resource',
        severity: 'warning',
        message:
          "Microsoft Entra ID looked a scope up on another resource than this server's API (AADSTS650053): a scope without its api://<app id>/ prefix is taken as Microsoft Graph's.",
      });
    }
    // AADSTS50011 InvalidReplyTo (reference-error-codes). A refused redirect URI is not redirected
    // to (RFC 6749 §4.1.2.1): Entra shows it on its own page, so it is seen only in a body.
    if (codes.has('50011')) {
      out.push({
        id: 'entra-redirect-uri',
        severity: 'warning',
        message:
          "Microsoft Entra ID refused the redirect URI (AADSTS50011): it matches none of the app registration's redirect URIs.",
      });
    }
    // "refresh_token … Only provided if offline_access scope was requested" (v2-oauth2-auth-code-flow).
    if (wire.refreshToken === false) {
      out.push({
        id: 'entra-offline-access',
        severity: 'info',
        message:
          'Microsoft Entra ID issues a refresh token only when the scope includes offline_access.',
      });
    }
    return out;
  },
};

/**
 * Google. Its own codes are those of the googleQuirks table
 * (developers.google.com/identity/protocols/oauth2/limited-input-device,
 * "Other errors"; …/web-server, "Errors").
 */
const google: Provider = {
  id: 'google',
  name: 'Google',
  table: googleQuirks,
  tableExport: 'googleQuirks',
  evidence(wire) {
    const out: string[] = [];
    const own = [
      ...new Set(
        wire.errors.map((e) => e.error).filter((c) => Object.hasOwn(googleQuirks.aliases, c)),
      ),
    ];
    if (own.length) out.push(`Google's own error codes (${own.join(', ')})`);
    const host = [...wire.hosts].find((h) => hostIn(googleQuirks, h));
    if (host) out.push(`the authorization server is at ${host}`);
    return out;
  },
  deviations(wire) {
    // access_type=offline "instructs the Google authorization server to return a refresh token …
    // the first time that your application exchanges an authorization code" (…/web-server).
    const asked = named(wire, 'access_type');
    if (wire.refreshToken !== false && !asked) return [];
    return [
      {
        id: 'google-offline-access',
        severity: 'info',
        message: asked
          ? `Google's answer names access_type ("${asked.description}"): a refresh token needs access_type=offline.`
          : 'Google issued no refresh token: it issues one only for access_type=offline, and again after the first consent only with prompt=consent.',
      },
    ];
  },
};

/**
 * Auth0. `mfa_required` comes with an `mfa_token` (auth0/auth0-java#119);
 * an audience it does not know is `access_denied` "Service not found: …"
 * (aws-samples/ask-around-me#2); without an audience its access token is an
 * encrypted one for /userinfo only (auth0/nextjs-auth0#1809).
 */
const auth0: Provider = {
  id: 'auth0',
  name: 'Auth0',
  table: auth0Quirks,
  tableExport: 'auth0Quirks',
  evidence(wire) {
    const out: string[] = [];
    if (wire.bodies.some((b) => b.error === 'mfa_required' && 'mfa_token' in b))
      out.push('mfa_required with an mfa_token');
    const unknown = wire.errors.find((e) => /^Service not found\b/.test(e.description ?? ''));
    if (unknown) out.push(`"${unknown.description}"`);
    const host = [...wire.hosts].find((h) => hostIn(auth0Quirks, h));
    if (host) out.push(`the authorization server is at ${host}`);
    return out;
  },
  deviations(wire) {
    const unknown = wire.errors.find((e) => /^Service not found\b/.test(e.description ?? ''));
    const asked = named(wire, 'audience');
    const opaque = wire.tokens.find((t) => t !== 'jwt');
    const why = unknown
      ? `Auth0 knows no API by the identifier it was asked for ("${unknown.description}")`
      : asked
        ? `Auth0's answer names audience ("${asked.description}")`
        : opaque
          ? `Auth0 issued an access token that is not a JWT (${opaque === 'jwe' ? 'encrypted, JWE' : 'opaque'}): without an audience it is for Auth0's /userinfo only`
          : undefined;
    return why
      ? [
          {
            id: 'auth0-audience',
            severity: 'warning',
            message: `${why}; an access token for this MCP server needs the audience of an API registered in the tenant.`,
          },
        ]
      : [];
  },
};

const PROVIDERS: readonly Provider[] = [entra, google, auth0];

/** What configures each deviation away, by observation id. */
const FIXES: Readonly<Record<string, string>> = {
  'entra-resource-refused':
    "authorizationCode({ omitResource: true, scope: 'api://<app id>/.default' }): leave resource out and name the API in the scope instead (live: --scope)",
  'entra-scope-resource':
    "authorizationCode({ scope: 'api://<app id>/<scope>' }): name the API in every scope (live: --scope)",
  'entra-redirect-uri':
    "authorizationCode({ redirectHost: 'localhost', callbackPort: 'stable' }) and register http://localhost/callback in the app registration: Entra matches host and path and ignores a localhost redirect URI's port (an http://127.0.0.1 one needs the manifest) (live: --callback-port)",
  'entra-offline-access':
    "authorizationCode({ scope: '<API scope> offline_access' }) for a refresh token (live: --scope)",
  'google-offline-access':
    "authorizationCode({ authorizationParams: { access_type: 'offline', prompt: 'consent' } }) for a refresh token",
  'auth0-audience':
    "authorizationCode({ authorizationParams: { audience: '<API identifier>' } }): the identifier of the Auth0 API that stands for this MCP server",
};

function wireOf(evidence: ProviderEvidence): Wire {
  const hosts = new Set<string>();
  const m = evidence.metadata;
  for (const url of [m?.issuer, m?.authorization_endpoint, m?.token_endpoint]) {
    try {
      if (url) hosts.add(new URL(url).hostname);
    } catch {
      // Not a URL: discovery refuses such metadata.
    }
  }
  for (const r of evidence.seen) {
    if (['token', 'registration', 'revocation'].includes(r.endpoint)) {
      hosts.add(new URL(r.url).hostname);
    }
  }
  const bodies = evidence.seen.flatMap((r) => (r.json ? [r.json] : []));
  const errors = [
    ...bodies.flatMap((b) =>
      typeof b.error === 'string'
        ? [
            {
              error: b.error,
              ...(typeof b.error_description === 'string'
                ? { description: b.error_description }
                : {}),
            },
          ]
        : [],
    ),
    ...(evidence.oauthErrors ?? []),
  ];
  const tokens = evidence.seen.flatMap((r) =>
    r.accessTokenFormat && r.status >= 200 && r.status < 300 ? [r.accessTokenFormat] : [],
  );
  return {
    hosts,
    errors,
    bodies,
    tokens,
    ...(evidence.refreshToken === undefined ? {} : { refreshToken: evidence.refreshToken }),
  };
}

/**
 * Names Microsoft Entra ID, Google or Auth0 from what live mode saw (error
 * bodies first, the authorization server's host as well) and what each did
 * that an option fixes (SPEC Q1, Q2). The ids are `provider-<id>` and the
 * deviations' own, for {@link providerSuggestions}.
 */
export function recogniseProviders(evidence: ProviderEvidence): Observation[] {
  const wire = wireOf(evidence);
  const out: Observation[] = [];
  for (const provider of PROVIDERS) {
    const why = provider.evidence(wire);
    if (!why.length) continue;
    const codes = Object.keys(provider.table.aliases).join(', ');
    out.push({
      id: `provider-${provider.id}`,
      severity: 'info',
      message: `The authorization server is ${provider.name} (${why.join('; ')}): it answers with codes of its own (${codes}) that the ${provider.tableExport} table maps to standard ones.`,
    });
    out.push(...provider.deviations(wire));
  }
  return out;
}

/** Configuration for the providers {@link recogniseProviders} named. */
export interface ProviderSuggestions {
  /** The quirk table and the options, one line each. */
  readonly lines: string[];
  /** Mock profiles that reproduce the providers. */
  readonly profiles: string[];
  /** The tables suggested, so codes they map need no table of your own. */
  readonly tables: QuirkTable[];
}

/** The quirk table of each provider named in `ids`, the options its deviations need, and its mock profile. */
export function providerSuggestions(ids: ReadonlySet<string>): ProviderSuggestions {
  const out: ProviderSuggestions = { lines: [], profiles: [], tables: [] };
  for (const provider of PROVIDERS) {
    if (!ids.has(`provider-${provider.id}`)) continue;
    out.lines.push(
      `normalize-errors: the ${provider.tableExport} table (${provider.name}) — authorizationCode({ fetch: normalizeErrors(fetch, { quirks: [${provider.tableExport}] }) })`,
    );
    for (const [id, fix] of Object.entries(FIXES)) {
      if (id.startsWith(`${provider.id}-`) && ids.has(id)) out.lines.push(fix);
    }
    out.profiles.push(provider.id);
    out.tables.push(provider.table);
  }
  return out;
}
