import { type HttpHandler, http } from 'msw';
import { authorizationServerHandlers } from './authorization-server.js';
import { ClientRegistry, type RegisteredClient } from './clients.js';
import type { MockContext, Settings } from './context.js';
import { type GrantInfo, GrantStore, type TokenInfo, type TokenResponseBody } from './grants.js';
import { endpoint } from './http.js';
import { type IdTokenOptions, idpHandlers, issueIdToken } from './idp.js';
import { mcpServerHandlers, TEST_TOOL } from './mcp-server.js';
import { authorizationServerMetadata } from './metadata.js';
import type { MockEnvironmentOptions } from './options.js';
import { resolveQuirks } from './profiles.js';
import { protectedResourceHandlers } from './protected-resource.js';
import type { Quirks } from './quirks.js';
import { createRequestLog, type RequestLog, type ServerKind } from './request-log.js';
import { buildUrls, type MockUrls } from './urls.js';

/** Options of {@link AuthorizationServerControl.issueTokens}. */
export interface IssueTokensOptions {
  /** Default: the pre-registered client. */
  readonly clientId?: string;
  /** Default: the default scope. */
  readonly scope?: string;
  /** Default: the MCP server URL. */
  readonly resource?: string;
  /** Whether to include a refresh token. Default: as the profile says. */
  readonly refreshToken?: boolean;
}

/** Test-side control of the mock authorization server. */
export interface AuthorizationServerControl {
  /** The issuer (the MCP server's origin for legacy profiles). */
  readonly issuer: string;
  /** The metadata document as served (before any body quirk). */
  metadata(): Record<string, unknown>;
  /** The pre-registered client. */
  readonly client: RegisteredClient;
  /** Every client the AS knows: pre-registered, registered by DCR, or from a CIMD document. */
  clients(): RegisteredClient[];
  /** Issues tokens without the browser flow, to seed a client's store. */
  issueTokens(options?: IssueTokensOptions): TokenResponseBody;
  /** What the AS knows about a token, in any state; `undefined` if it never issued it. */
  inspect(token: string): TokenInfo | undefined;
  /** Whether the token is usable now (not expired, revoked or rotated away). */
  isActive(token: string): boolean;
  /** Every grant, including revoked ones. */
  grants(): GrantInfo[];
  /** Revokes the grant of a token: all its access and refresh tokens stop working. */
  revokeGrant(token: string): void;
}

/** Test-side control of the mock MCP server. */
export interface McpServerControl {
  /** The MCP endpoint. */
  readonly url: string;
  /** Its protected-resource metadata URL (404 for legacy profiles). */
  readonly resourceMetadataUrl: string;
  /** Tool names it lists: `test-tool` plus the `toolScopes` keys. */
  readonly tools: readonly string[];
}

/** Test-side control of the mock enterprise IdP. */
export interface IdpControl {
  /** The IdP issuer. */
  readonly issuer: string;
  /** The IdP client id the mock accepts. */
  readonly clientId: string;
  /** Signs an id_token as the IdP would after a login, to seed an id_token cache. */
  issueIdToken(options?: IdTokenOptions): Promise<string>;
}

/** A mocked MCP server, authorization server and IdP sharing one state and one request log. */
export interface MockEnvironment {
  /** MSW handlers: pass them to `setupServer(...env.handlers)` or `server.use(...)`. */
  readonly handlers: HttpHandler[];
  /** Every URL the mocks answer at. */
  readonly urls: MockUrls;
  /** The quirks in effect after profiles and overrides. */
  readonly quirks: Readonly<Quirks>;
  /** Every request the mocks answered. */
  readonly requests: RequestLog;
  /** The MCP resource server. */
  readonly mcp: McpServerControl;
  /** The authorization server. */
  readonly authorizationServer: AuthorizationServerControl;
  /** The enterprise IdP (cross-app access). */
  readonly idp: IdpControl;
  /** The mock clock in ms (the `now` option plus any `advanceTime`). */
  now(): number;
  /** Moves the mock clock forward, to expire codes and tokens without sleeping. */
  advanceTime(ms: number): void;
  /** Forgets clients (but the pre-registered one), codes, tokens, requests, flaky counters and clock offset. */
  reset(): void;
}

const DEFAULTS = {
  mcpUrl: 'https://mcp.example.com/mcp',
  authorizationServerUrl: 'https://auth.example.com',
  idpUrl: 'https://idp.example.com',
};

function settingsOf(options: MockEnvironmentOptions): Settings {
  return {
    scopesSupported: options.scopesSupported ?? ['mcp:read', 'mcp:write'],
    defaultScope: options.defaultScope ?? 'mcp:read',
    requiredScope: options.requiredScope,
    challengeScope: options.challengeScope,
    toolScopes: options.toolScopes ?? {},
    metadataOverrides: options.authorizationServerMetadata ?? {},
    resourceMetadataOverrides: options.protectedResourceMetadata ?? {},
    accessTokenTtl: options.accessTokenTtl ?? 3600,
    refreshTokenTtl: options.refreshTokenTtl,
    codeTtl: options.codeTtl ?? 60,
    idTokenTtl: options.idTokenTtl ?? 3600,
    idJagTtl: options.idJagTtl ?? 300,
    idpClientId: options.idp?.clientId ?? 'idp-client',
    idpClientSecret: options.idp?.clientSecret,
    subject: options.idp?.subject ?? 'user-1',
  };
}

function staticClient(options: MockEnvironmentOptions, quirks: Quirks): RegisteredClient {
  const method = options.client?.authMethod ?? quirks.clientAuthMethod;
  return {
    client_id: options.client?.clientId ?? 'mock-client',
    ...(method === 'none' ? {} : { client_secret: options.client?.clientSecret ?? 'mock-secret' }),
    token_endpoint_auth_method: method,
    redirect_uris: options.client?.redirectUris ?? [],
    grant_types: [
      'authorization_code',
      'refresh_token',
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
    ],
    client_name: 'Pre-registered mock client',
    source: 'static',
  };
}

function catchAllHandlers(context: MockContext): HttpHandler[] {
  const { urls } = context;
  const origins = new Map<string, ServerKind>([
    [new URL(urls.idpIssuer).origin, 'idp'],
    [new URL(urls.issuer).origin, 'authorization-server'],
    [new URL(urls.mcp).origin, 'mcp'],
  ]);
  return [...origins].flatMap(([origin, server]) => {
    const notFound = endpoint(context, server, 'not-found', () =>
      Response.json({ error: 'not_found' }, { status: 404 }),
    );
    return [http.all(`${origin}/`, notFound), http.all(`${origin}/*`, notFound)];
  });
}

/**
 * Creates a mocked MCP resource server, authorization server and IdP with
 * shared state, in the behaviour of the chosen profiles. Register
 * `handlers` with MSW; inspect `requests`; steer time with `advanceTime`.
 *
 * @throws TypeError for an unknown profile name or an invalid URL.
 */
export function createMockEnvironment(options: MockEnvironmentOptions = {}): MockEnvironment {
  const quirks = resolveQuirks(options.profile, options.quirks);
  const urls = buildUrls(
    quirks,
    options.mcpUrl ?? DEFAULTS.mcpUrl,
    options.authorizationServerUrl ?? DEFAULTS.authorizationServerUrl,
    options.idp?.url ?? DEFAULTS.idpUrl,
  );
  const settings = settingsOf(options);
  let offset = 0;
  const clock = options.now ?? Date.now;
  const now = () => clock() + offset;
  const grants = new GrantStore(now, {
    access: settings.accessTokenTtl,
    refresh: settings.refreshTokenTtl,
  });
  const context: MockContext = {
    urls,
    quirks,
    settings,
    log: createRequestLog(),
    now,
    clients: new ClientRegistry(
      staticClient(options, quirks),
      options.clientMetadataDocuments ?? {},
    ),
    grants,
    codes: new Map(),
    idpCodes: new Map(),
    flakyCounts: new Map(),
    usedAssertions: new Set(),
  };
  const handlers = [
    ...protectedResourceHandlers(context),
    ...mcpServerHandlers(context),
    ...authorizationServerHandlers(context),
    ...idpHandlers(context),
    ...(options.catchAll === false ? [] : catchAllHandlers(context)),
  ];
  const issueTokens = (issue: IssueTokensOptions = {}) => {
    const grant = grants.createGrant({
      clientId: issue.clientId ?? context.clients.staticClient.client_id,
      subject: settings.subject,
      scope: issue.scope ?? settings.defaultScope,
      resource: issue.resource ?? urls.mcp,
    });
    return grants.issue(grant, issue.refreshToken ?? quirks.refreshTokens);
  };
  return {
    handlers,
    urls,
    quirks,
    requests: context.log,
    mcp: {
      url: urls.mcp,
      resourceMetadataUrl: urls.resourceMetadata,
      tools: [TEST_TOOL, ...Object.keys(settings.toolScopes)],
    },
    authorizationServer: {
      issuer: urls.issuer,
      metadata: () => authorizationServerMetadata(context),
      client: context.clients.staticClient,
      clients: () => [...context.clients.clients.values()],
      issueTokens,
      inspect: (token) => grants.find(token),
      isActive: (token) => grants.active(token) !== undefined,
      grants: () => [...grants.grants.values()],
      revokeGrant: (token) => {
        const info = grants.find(token);
        if (info) grants.revokeGrant(info.grant);
      },
    },
    idp: {
      issuer: urls.idpIssuer,
      clientId: settings.idpClientId,
      issueIdToken: (idTokenOptions) => issueIdToken(context, idTokenOptions),
    },
    now,
    advanceTime: (ms) => {
      offset += ms;
    },
    reset: () => {
      offset = 0;
      context.log.clear();
      context.clients.clear();
      grants.clear();
      context.codes.clear();
      context.idpCodes.clear();
      context.flakyCounts.clear();
      context.usedAssertions.clear();
    },
  };
}
