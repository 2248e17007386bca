import type { Quirks } from './quirks.js';

/** Every URL the mocks answer at. */
export interface MockUrls {
  /** The MCP endpoint. */
  readonly mcp: string;
  /** The `resource` in protected-resource metadata (differs from `mcp` with `resource-mismatch`). */
  readonly resource: string;
  /** RFC 9728 metadata URL (path-aware); 404 for legacy servers. */
  readonly resourceMetadata: string;
  /** The AS issuer: the MCP server's origin (or URL, `path-aware-metadata`) for legacy servers. */
  readonly issuer: string;
  /** Where the AS metadata is served (404 for `legacy: 'default-endpoints'`). */
  readonly authorizationServerMetadata: string;
  /** AS authorization endpoint (auto-approves with a 302). */
  readonly authorization: string;
  /** AS token endpoint. */
  readonly token: string;
  /** AS dynamic client registration endpoint (404 without DCR). */
  readonly registration: string;
  /** AS revocation endpoint (404 with `no-revocation-endpoint`). */
  readonly revocation: string;
  /** AS device authorization endpoint (RFC 8628; 404 unless `deviceAuthorization`). */
  readonly deviceAuthorization: string;
  /** The page the person enters a device login's user code at (shown, never fetched by the mocks). */
  readonly deviceVerification: string;
  /** The IdP issuer. */
  readonly idpIssuer: string;
  /** IdP OpenID Connect discovery document. */
  readonly idpMetadata: string;
  /** IdP authorization endpoint (auto-approves with a 302). */
  readonly idpAuthorization: string;
  /** IdP token endpoint: code exchange and RFC 8693 token exchange. */
  readonly idpToken: string;
  /** IdP JSON Web Key Set. */
  readonly idpJwks: string;
  /**
   * Issuer of the workload platform (a Kubernetes cluster, GitHub Actions)
   * whose tokens the AS accepts in the RFC 7523 jwt-bearer grant.
   */
  readonly workloadIssuer: string;
  /** Origin the `redirect` quirk points at: any URL there is recorded (server `thief`). */
  readonly thief: string;
}

/** @internal Where hostile redirects point: another host than any mocked server. */
export const THIEF_ORIGIN = 'https://thief.example.com';

/** @internal The issuer of workload tokens the mock AS trusts. */
export const WORKLOAD_ISSUER = 'https://platform.example.com';

const trim = (url: string) => url.replace(/\/+$/, '');

/** The RFC 8414 / RFC 9728 well-known URL of `url`: `/.well-known/<name>` inserted before the path. */
export function wellKnownUrl(name: string, url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname === '/' ? '' : trim(parsed.pathname);
  return `${parsed.origin}/.well-known/${name}${path}`;
}

/** @internal */
export function buildUrls(
  quirks: Quirks,
  mcpUrl: string,
  authorizationServerUrl: string,
  idpUrl: string,
): MockUrls {
  const mcp = new URL(mcpUrl).href;
  const mcpOrigin = new URL(mcp).origin;
  const issuer =
    quirks.legacy === 'path-aware-metadata'
      ? trim(mcp)
      : quirks.legacy
        ? mcpOrigin
        : `${trim(authorizationServerUrl)}${quirks.issuerPath}`;
  const metadata =
    quirks.metadataWellKnown === 'openid-configuration'
      ? `${issuer}/.well-known/openid-configuration`
      : wellKnownUrl('oauth-authorization-server', issuer);
  const idp = trim(idpUrl);
  return {
    mcp,
    resource: quirks.resourceMismatch ? `${mcpOrigin}/other-resource` : mcp,
    resourceMetadata: wellKnownUrl(
      'oauth-protected-resource',
      quirks.resourceMetadataLocation === 'root' ? mcpOrigin : mcp,
    ),
    issuer,
    authorizationServerMetadata: metadata,
    authorization: `${issuer}/authorize`,
    token: `${issuer}/token`,
    registration: `${issuer}/register`,
    revocation: `${issuer}/revoke`,
    deviceAuthorization: `${issuer}/device_authorization`,
    deviceVerification: `${issuer}/device`,
    idpIssuer: idp,
    idpMetadata: `${idp}/.well-known/openid-configuration`,
    idpAuthorization: `${idp}/authorize`,
    idpToken: `${idp}/token`,
    idpJwks: `${idp}/jwks`,
    workloadIssuer: WORKLOAD_ISSUER,
    thief: THIEF_ORIGIN,
  };
}
