import type { ClientRegistry } from './clients.js';
import type { DeviceCodeRecord } from './device.js';
import type { DPoPState } from './dpop.js';
import type { GrantStore } from './grants.js';
import type { Quirks } from './quirks.js';
import type { EndpointName, ServerKind, WritableRequestLog } from './request-log.js';
import type { MockUrls } from './urls.js';

/** @internal An authorization code and what it was issued for. */
export interface CodeRecord {
  readonly clientId: string;
  readonly redirectUri: string;
  /** Whether the authorize request named the redirect URI (RFC 6749 §4.1.3). */
  readonly redirectUriSent: boolean;
  readonly challenge: string;
  readonly method: string;
  readonly scope: string;
  readonly resource: string | undefined;
  readonly nonce: string | undefined;
  readonly expiresAt: number;
  used: boolean;
  /** Grant issued from it, revoked if the code is replayed (RFC 6749 §4.1.2). */
  grantId?: string;
}

/** @internal Settings after defaults. */
export interface Settings {
  readonly scopesSupported: readonly string[];
  readonly defaultScope: string;
  readonly requiredScope: string | undefined;
  readonly challengeScope: string | undefined;
  readonly toolScopes: Readonly<Record<string, string>>;
  readonly metadataOverrides: Readonly<Record<string, unknown>>;
  readonly resourceMetadataOverrides: Readonly<Record<string, unknown>>;
  readonly accessTokenTtl: number;
  readonly refreshTokenTtl: number | undefined;
  readonly codeTtl: number;
  readonly idTokenTtl: number;
  readonly idJagTtl: number;
  readonly idpClientId: string;
  readonly idpClientSecret: string | undefined;
  readonly subject: string;
}

/**
 * @internal Which authorization server the resource names, shared by both
 * ASes of an environment: `switchAuthorizationServer()` sets `to`, and the
 * first AS then answers 503 everywhere (SPEC H2).
 */
export interface AuthorizationServerSwitch {
  /** The issuer the protected-resource metadata names after the switch. */
  to: string | undefined;
}

/**
 * @internal Everything the handlers of one authorization server (and the
 * MCP server and IdP beside the first) share. The second AS has its own
 * URLs, clients, codes and counters, and shares the rest.
 */
export interface MockContext {
  /** How the AS handlers record themselves in the request log. */
  readonly authorizationServerKind: Extract<
    ServerKind,
    'authorization-server' | 'second-authorization-server'
  >;
  readonly asSwitch: AuthorizationServerSwitch;
  readonly urls: MockUrls;
  readonly quirks: Quirks;
  readonly settings: Settings;
  readonly log: WritableRequestLog;
  readonly now: () => number;
  readonly clients: ClientRegistry;
  readonly grants: GrantStore;
  readonly codes: Map<string, CodeRecord>;
  /** Device codes of the RFC 8628 grant, by device code. */
  readonly deviceCodes: Map<string, DeviceCodeRecord>;
  readonly idpCodes: Map<string, CodeRecord>;
  readonly flakyCounts: Map<EndpointName, number>;
  /** `jti`s of ID-JAGs and client assertions the AS accepted: each is single-use. */
  readonly usedAssertions: Set<string>;
  /** DPoP nonce and proof `jti`s, shared by the ASes and the MCP server. */
  readonly dpop: DPoPState;
}
