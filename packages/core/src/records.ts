import type { Awaitable, JsonObject, JsonValue, ReadOptions, Store } from './store.js';

/** Client information from registration or configuration (RFC 7591 field names). */
export type ClientInformation = {
  client_id: string;
  client_secret?: string;
  client_id_issued_at?: number;
  client_secret_expires_at?: number;
  [field: string]: JsonValue | undefined;
};

/**
 * Everything kept for one MCP server (SPEC K1: one record per server key).
 * Discovery state is URLs only, never whole metadata documents (SPEC D4),
 * so a record stays well under 2 KB (SPEC ST2).
 */
export type ServerRecord = {
  /** Registered or configured client. */
  client?: ClientInformation;
  accessToken?: string;
  refreshToken?: string;
  /** Expiry of the access token, epoch milliseconds; absent when the server gave none (SPEC H6). */
  expiresAt?: number;
  /** When the access token was issued, epoch milliseconds (its lifetime bounds the renewal window, SPEC H6). */
  issuedAt?: number;
  /** The authorization server that issued the tokens and the client: they go to no other (SPEC H2). */
  issuer?: string;
  /** Its token endpoint, the only place the refresh token and client secret are sent (SPEC H2). */
  tokenEndpoint?: string;
  /** The client authentication methods it advertises there, so a refresh needs no metadata request. */
  tokenEndpointAuthMethods?: string[];
  /** Scope granted with the access token. */
  scope?: string;
  /** Authorization server URL found by discovery (SPEC D4). */
  authorizationServerUrl?: string;
  /** Protected-resource metadata URL found by discovery (SPEC D4). */
  resourceMetadataUrl?: string;
  /** Scope a step-up challenge asked for, pending the next authorization (SPEC S2). */
  stepUpScope?: string;
  /** `DPoP` when the access token is bound to the record's key (SPEC P4); absent for Bearer. */
  tokenType?: 'DPoP';
  /** The record's DPoP private key as a JWK (SPEC P1); never logged. */
  dpopKey?: JsonObject;
  [field: string]: JsonValue | undefined;
};

/** Token set as the MCP SDK and RFC 6749 §5.1 name it (SPEC T6). */
export type Tokens = {
  access_token: string;
  /** `DPoP` for a token bound to the record's DPoP key (RFC 9449 §5, SPEC P4). */
  token_type: 'Bearer' | 'DPoP';
  refresh_token?: string;
  /** Remaining lifetime in seconds. */
  expires_in?: number;
  scope?: string;
};

/** A token endpoint response, as far as a record needs it. */
export type TokenResponse = {
  access_token: string;
  refresh_token?: string | undefined;
  expires_in?: number | undefined;
  scope?: string | undefined;
};

/** What {@link ServerRecords.invalidate} clears (SPEC I1; `verifier` lives in memory only). */
export type InvalidationScope = 'all' | 'client' | 'tokens' | 'discovery';

/** Cached IdP id_token for cross-app access (SPEC X5). */
export type IdTokenRecord = {
  idToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
};

/**
 * Record fields after a token response (SPEC T5): tokens and expiry replaced,
 * the old refresh token kept when none came back (SPEC R8), pending step-up
 * cleared, every other field kept.
 */
export function applyTokens(
  record: ServerRecord | undefined,
  response: TokenResponse,
  now: number,
): ServerRecord {
  const { stepUpScope: _cleared, expiresAt: _old, ...rest } = record ?? {};
  const next: ServerRecord = { ...rest, accessToken: response.access_token, issuedAt: now };
  // No usable lifetime: the token is used until the server rejects it (SPEC H6).
  if (response.expires_in) next.expiresAt = now + response.expires_in * 1000;
  const refreshToken = response.refresh_token ?? record?.refreshToken;
  if (refreshToken) next.refreshToken = refreshToken;
  if (response.scope !== undefined) next.scope = response.scope;
  return next;
}

/** The record's tokens in MCP SDK shape (SPEC T6), or `undefined` without an access token. */
export function toTokens(record: ServerRecord | undefined, now: number): Tokens | undefined {
  if (!record?.accessToken) return undefined;
  const tokens: Tokens = { access_token: record.accessToken, token_type: 'Bearer' };
  if (record.refreshToken) tokens.refresh_token = record.refreshToken;
  if (record.expiresAt !== undefined) {
    tokens.expires_in = Math.max(0, Math.floor((record.expiresAt - now) / 1000));
  }
  if (record.scope) tokens.scope = record.scope;
  return tokens;
}

/** The record with `scope` cleared (SPEC I1); `undefined` means delete it. */
export function invalidateRecord(
  record: ServerRecord | undefined,
  scope: InvalidationScope,
): ServerRecord | undefined {
  if (!record || scope === 'all') return undefined;
  const next = { ...record };
  const fields = {
    client: ['client'],
    tokens: ['accessToken', 'refreshToken', 'expiresAt'],
    discovery: ['authorizationServerUrl', 'resourceMetadataUrl', 'stepUpScope'],
  }[scope];
  for (const field of fields) delete next[field];
  return next;
}

/**
 * True when discovery has run for the server but no token is held, so a
 * connection is certain to get 401 (SPEC K2). Servers that use cross-app
 * access can re-authenticate silently and are never in that state.
 */
export function needsLogin(
  record: ServerRecord | undefined,
  options: { crossAppAccess?: boolean } = {},
): boolean {
  return !!record && !options.crossAppAccess && !record.accessToken && !record.refreshToken;
}

/** Typed view over a store: one {@link ServerRecord} per server key. */
export interface ServerRecords {
  /** The server's record; synchronous when the store answers synchronously (a cached read). */
  get(serverKey: string, options?: ReadOptions): Awaitable<ServerRecord | undefined>;
  /** Atomic read-modify-write of the server's record; `undefined` deletes it. */
  update(
    serverKey: string,
    fn: (record: ServerRecord | undefined) => ServerRecord | undefined,
  ): Promise<ServerRecord | undefined>;
  /** Merges `fields` into the record, keeping the others (SPEC C4, T5). */
  patch(serverKey: string, fields: ServerRecord): Promise<ServerRecord | undefined>;
  /** Clears part of the record (SPEC I1). */
  invalidate(serverKey: string, scope: InvalidationScope): Promise<void>;
}

/** Store key prefixes of the typed views. */
export const StoreKeys = {
  server: (serverKey: string) => `server:${serverKey}`,
  clientSecret: (serverKey: string) => `client-secret:${serverKey}`,
  idToken: (issuer: string) => `id-token:${issuer}`,
} as const;

/** Server credentials over any {@link Store}. */
export function serverRecords(store: Store): ServerRecords {
  const update: ServerRecords['update'] = (serverKey, fn) =>
    store.update<ServerRecord>(StoreKeys.server(serverKey), (current) => fn(current));
  return {
    get: (serverKey, options) => store.get<ServerRecord>(StoreKeys.server(serverKey), options),
    update,
    patch: (serverKey, fields) => update(serverKey, (record) => ({ ...record, ...fields })),
    invalidate: async (serverKey, scope) => {
      await update(serverKey, (record) => invalidateRecord(record, scope));
    },
  };
}

/** A string value per key, for client secrets (by server key) and similar. */
export interface SecretView {
  get(key: string): Promise<string | undefined>;
  set(key: string, secret: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Client secrets kept apart from server records, per server key (SPEC C6, X3). */
export function clientSecrets(store: Store): SecretView {
  return {
    get: async (serverKey) => {
      const value = await store.get<JsonValue>(StoreKeys.clientSecret(serverKey));
      return typeof value === 'string' ? value : undefined;
    },
    set: async (serverKey, secret) => {
      await store.set(StoreKeys.clientSecret(serverKey), secret);
    },
    delete: async (serverKey) => {
      await store.delete(StoreKeys.clientSecret(serverKey));
    },
  };
}

/** Cached IdP id_tokens by issuer (SPEC X5). */
export interface IdTokenView {
  /** The cached id_token, or `undefined` when missing or expired at `now`. */
  get(issuer: string, now: number): Promise<IdTokenRecord | undefined>;
  set(issuer: string, record: IdTokenRecord): Promise<void>;
  delete(issuer: string): Promise<void>;
}

/** IdP id_tokens over any {@link Store}, keyed by issuer. */
export function idTokens(store: Store): IdTokenView {
  return {
    get: async (issuer, now) => {
      const record = await store.get<IdTokenRecord>(StoreKeys.idToken(issuer));
      return record && record.expiresAt > now ? record : undefined;
    },
    set: async (issuer, record) => {
      await store.set(StoreKeys.idToken(issuer), record);
    },
    delete: async (issuer) => {
      await store.delete(StoreKeys.idToken(issuer));
    },
  };
}
