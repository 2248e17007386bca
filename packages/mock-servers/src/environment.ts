import { type HttpHandler, http } from 'msw';
import { issueWorkloadToken, type WorkloadTokenOptions } from './assertions.js';
import { authorizationServerHandlers } from './authorization-server.js';
import { ClientRegistry, type RegisteredClient } from './clients.js';
import type { MockContext, Settings } from './context.js';
import { DEVICE_CODE_GRANT, decideDevice } from './device.js';
import { dpopState } from './dpop.js';
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
import { thiefHandlers } from './thief.js';
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
  /**
   * The person approves the device login showing `userCode` (RFC 8628, with
   * the `deviceAuthorization` quirk): the next poll gets tokens. False when
   * no such code was issued.
   */
  approveDevice(userCode: string): boolean;
  /** The person denies the device login showing `userCode`: the next poll gets `access_denied`. */
  denyDevice(userCode: string): boolean;
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

/** Test-side control of the workload platform (a Kubernetes cluster, GitHub Actions). */
export interface WorkloadPlatformControl {
  /** The issuer of its tokens, trusted by the mock AS in the RFC 7523 jwt-bearer grant. */
  readonly issuer: string;
  /** Signs a workload token, as the platform writes it into a pod or a job (SPEC M4). */
  issueToken(options?: WorkloadTokenOptions): Promise<string>;
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
  /**
   * Another authorization server (own issuer, endpoints, clients and codes;
   * tokens the MCP server accepts too), named by the resource after
   * {@link MockEnvironment.switchAuthorizationServer}. Requests to it are
   * logged as server `second-authorization-server`.
   */
  readonly secondAuthorizationServer: AuthorizationServerControl;
  /** The enterprise IdP (cross-app access). */
  readonly idp: IdpControl;
  /** The platform that issues workload identity tokens. */
  readonly workload: WorkloadPlatformControl;
  /** The mock clock in ms (the `now` option plus any `advanceTime`). */
  now(): number;
  /** Moves the mock clock forward, to expire codes and tokens without sleeping. */
  advanceTime(ms: number): void;
  /**
   * The resource moves to the second authorization server: its
   * protected-resource metadata names that one from now on, and the first
   * one answers 503 at every endpoint (it cannot be reached). Tests that
   * credentials stay with the server that issued them (SPEC H2).
   *
   * @throws TypeError for a legacy profile (no protected-resource metadata to name it).
   */
  switchAuthorizationServer(): void;
  /**
   * Forgets clients (but the pre-registered one), codes, tokens, requests,
   * flaky counters, the clock offset and an authorization server switch.
   */
  reset(): void;
}

const DEFAULTS = {
  mcpUrl: 'https://mcp.example.com/mcp',
  authorizationServerUrl: 'https://auth.example.com',
  secondAuthorizationServerUrl: 'https://auth-2.example.com',
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

/** Test-side control of one mock AS (its grants are the environment's). */
function authorizationServerControl(context: MockContext): AuthorizationServerControl {
  const { urls, settings, quirks, grants } = context;
  return {
    issuer: urls.issuer,
    metadata: () => authorizationServerMetadata(context),
    client: context.clients.staticClient,
    clients: () => [...context.clients.clients.values()],
    issueTokens: (issue = {}) => {
      const grant = grants.createGrant({
        clientId: issue.clientId ?? context.clients.staticClient.client_id,
        subject: settings.subject,
        scope: issue.scope ?? settings.defaultScope,
        resource: issue.resource ?? urls.mcp,
      });
      return grants.issue(grant, issue.refreshToken ?? quirks.refreshTokens);
    },
    inspect: (token) => grants.find(token),
    isActive: (token) => grants.active(token) !== undefined,
    grants: () => [...grants.grants.values()],
    revokeGrant: (token) => {
      const info = grants.find(token);
      if (info) grants.revokeGrant(info.grant);
    },
    approveDevice: (userCode) => decideDevice(context, userCode, 'approved'),
    denyDevice: (userCode) => decideDevice(context, userCode, 'denied'),
  };
}

function staticClient(options: MockEnvironmentOptions, quirks: Quirks): RegisteredClient {
  const method = options.client?.authMethod ?? quirks.clientAuthMethod;
  return {
    client_id: options.client?.clientId ?? 'mock-client',
    ...(method === 'none' || method === 'private_key_jwt'
      ? {}
      : { client_secret: options.client?.clientSecret ?? 'mock-secret' }),
    ...(options.client?.jwks ? { jwks: options.client.jwks } : {}),
    token_endpoint_auth_method: method,
    redirect_uris: options.client?.redirectUris ?? [],
    grant_types: [
      'authorization_code',
      'refresh_token',
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
      DEVICE_CODE_GRANT,
      'client_credentials',
    ],
    client_name: 'Pre-registered mock client',
    source: 'static',
  };
}

function catchAllHandlers(context: MockContext, second: MockContext): HttpHandler[] {
  const { urls } = context;
  const origins = new Map<string, ServerKind>([
    [new URL(second.urls.issuer).origin, 'second-authorization-server'],
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
  const mcpUrl = options.mcpUrl ?? DEFAULTS.mcpUrl;
  const idpUrl = options.idp?.url ?? DEFAULTS.idpUrl;
  const urls = buildUrls(
    quirks,
    mcpUrl,
    options.authorizationServerUrl ?? DEFAULTS.authorizationServerUrl,
    idpUrl,
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
    authorizationServerKind: 'authorization-server',
    asSwitch: { to: undefined },
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
    deviceCodes: new Map(),
    idpCodes: new Map(),
    flakyCounts: new Map(),
    usedAssertions: new Set(),
    dpop: dpopState(),
  };
  // The AS the resource may move to: a current server (it is named by PRM), same behaviour otherwise.
  const secondQuirks: Quirks = { ...quirks, legacy: false };
  const second: MockContext = {
    ...context,
    authorizationServerKind: 'second-authorization-server',
    urls: buildUrls(
      secondQuirks,
      mcpUrl,
      options.secondAuthorizationServerUrl ?? DEFAULTS.secondAuthorizationServerUrl,
      idpUrl,
    ),
    quirks: secondQuirks,
    clients: new ClientRegistry(
      staticClient(options, quirks),
      options.clientMetadataDocuments ?? {},
    ),
    codes: new Map(),
    deviceCodes: new Map(),
    flakyCounts: new Map(),
    usedAssertions: new Set(),
  };
  const handlers = [
    ...protectedResourceHandlers(context),
    ...mcpServerHandlers(context),
    ...authorizationServerHandlers(context),
    ...authorizationServerHandlers(second),
    ...idpHandlers(context),
    ...thiefHandlers(context),
    ...(options.catchAll === false ? [] : catchAllHandlers(context, second)),
  ];
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
    authorizationServer: authorizationServerControl(context),
    secondAuthorizationServer: authorizationServerControl(second),
    idp: {
      issuer: urls.idpIssuer,
      clientId: settings.idpClientId,
      issueIdToken: (idTokenOptions) => issueIdToken(context, idTokenOptions),
    },
    workload: {
      issuer: urls.workloadIssuer,
      issueToken: (tokenOptions) => issueWorkloadToken(context, tokenOptions),
    },
    now,
    advanceTime: (ms) => {
      offset += ms;
    },
    switchAuthorizationServer: () => {
      if (quirks.legacy) {
        throw new TypeError(
          `switchAuthorizationServer() needs protected-resource metadata to name the new server; the '${quirks.legacy}' legacy quirk has none.`,
        );
      }
      context.asSwitch.to = second.urls.issuer;
    },
    reset: () => {
      offset = 0;
      context.asSwitch.to = undefined;
      context.log.clear();
      for (const as of [context, second]) {
        as.clients.clear();
        as.codes.clear();
        as.deviceCodes.clear();
        as.flakyCounts.clear();
        as.usedAssertions.clear();
      }
      grants.clear();
      context.idpCodes.clear();
      context.dpop.jtis.clear();
    },
  };
}
