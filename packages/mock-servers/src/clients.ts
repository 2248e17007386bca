import type { ClientMetadata } from './options.js';
import { randomToken } from './pkce.js';
import type { ClientAuthMethod } from './quirks.js';

/** A client the mock AS knows. */
export interface RegisteredClient {
  /** The client identifier (a URL for client ID metadata documents). */
  readonly client_id: string;
  /** The secret, for the `client_secret_*` methods only. */
  readonly client_secret?: string;
  /** How the token and revocation endpoints authenticate it. */
  readonly token_endpoint_auth_method: ClientAuthMethod;
  /** Empty for a pre-registered client: any loopback redirect URI is accepted. */
  readonly redirect_uris: readonly string[];
  /** Grant types it registered (advertisement only). */
  readonly grant_types: readonly string[];
  /** Display name. */
  readonly client_name?: string;
  /** How the AS learned about it. */
  readonly source: 'static' | 'dcr' | 'cimd';
  /** Public keys of a `private_key_jwt` client (RFC 7591 §2 `jwks`). */
  readonly jwks?: { readonly keys: readonly JsonWebKey[] };
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

const isLoopback = (url: URL) => url.protocol === 'http:' && LOOPBACK.has(url.hostname);

const parse = (value: string) => {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};

/**
 * Whether `uri` is one of the registered redirect URIs: an exact match, or
 * for loopback URIs a match on everything but the port (RFC 8252 §7.3: native
 * apps get a fresh port per flow). A client registered without any redirect
 * URI accepts every loopback one.
 */
export function redirectUriAllowed(registered: readonly string[], uri: string): boolean {
  const candidate = parse(uri);
  if (!candidate) return false;
  if (registered.length === 0) return isLoopback(candidate);
  return registered.some((value) => {
    if (value === uri) return true;
    const known = parse(value);
    if (!known || !isLoopback(known) || !isLoopback(candidate)) return false;
    return (
      known.hostname === candidate.hostname &&
      known.pathname === candidate.pathname &&
      known.search === candidate.search
    );
  });
}

/** @internal Why a registration was refused (RFC 7591 §3.2.2). */
export class RegistrationError extends Error {
  constructor(
    readonly error: 'invalid_redirect_uri' | 'invalid_client_metadata',
    message: string,
  ) {
    super(message);
  }
}

const METHODS: readonly string[] = ['none', 'client_secret_basic', 'client_secret_post'];

const redirectUriOk = (value: unknown) => {
  if (typeof value !== 'string') return false;
  const url = parse(value);
  if (!url || url.hash) return false;
  if (['javascript:', 'data:', 'file:', 'vbscript:'].includes(url.protocol)) return false;
  return url.protocol !== 'http:' || isLoopback(url);
};

/** @internal Clients of one mock AS: the static one, registered ones and metadata documents. */
export class ClientRegistry {
  readonly clients = new Map<string, RegisteredClient>();

  constructor(
    readonly staticClient: RegisteredClient,
    private readonly documents: Readonly<Record<string, ClientMetadata>>,
  ) {
    this.clear();
  }

  clear(): void {
    this.clients.clear();
    this.clients.set(this.staticClient.client_id, this.staticClient);
  }

  /** RFC 7591 registration; throws {@link RegistrationError}. */
  register(
    metadata: ClientMetadata,
    loopbackHost: string | null = null,
  ): RegisteredClient & Record<string, unknown> {
    // RFC 7591 §2: redirect URIs are for redirect-based grants; a device-grant client has none.
    const redirectBased = (metadata.grant_types ?? ['authorization_code']).some(
      (grant) => grant === 'authorization_code' || grant === 'implicit',
    );
    const uris = Array.isArray(metadata.redirect_uris) ? metadata.redirect_uris : [];
    if (redirectBased && uris.length === 0) {
      throw new RegistrationError('invalid_redirect_uri', 'redirect_uris is required');
    }
    // Some ASes accept only one loopback spelling (SPEC A2).
    const wrongHost = (uri: string) => {
      const url = parse(uri);
      return !!url && !!loopbackHost && isLoopback(url) && url.hostname !== loopbackHost;
    };
    const bad = uris.find((uri) => !redirectUriOk(uri) || wrongHost(uri));
    if (bad !== undefined) {
      throw new RegistrationError('invalid_redirect_uri', `redirect URI not allowed: ${bad}`);
    }
    // RFC 7591 §2: the default method is client_secret_basic.
    const method = metadata.token_endpoint_auth_method ?? 'client_secret_basic';
    if (!METHODS.includes(method)) {
      throw new RegistrationError(
        'invalid_client_metadata',
        `token_endpoint_auth_method not supported: ${method}`,
      );
    }
    const client = {
      ...metadata,
      client_id: randomToken('client', 12),
      ...(method === 'none' ? {} : { client_secret: randomToken('secret') }),
      token_endpoint_auth_method: method as ClientAuthMethod,
      redirect_uris: uris,
      grant_types: metadata.grant_types ?? ['authorization_code'],
      source: 'dcr' as const,
    };
    this.clients.set(client.client_id, client);
    return client;
  }

  /**
   * The client for a `client_id`; an https URL with a path is resolved as a
   * client ID metadata document when `cimd` is on (from the configured
   * documents, else fetched), and its `client_id` must equal the URL.
   */
  async resolve(
    clientId: string | undefined,
    cimd: boolean,
  ): Promise<RegisteredClient | undefined> {
    if (!clientId) return undefined;
    const known = this.clients.get(clientId);
    if (known || !cimd) return known;
    const url = parse(clientId);
    if (url?.protocol !== 'https:' || url.pathname === '/') return undefined;
    let document = this.documents[clientId];
    if (!document) {
      try {
        const response = await fetch(clientId, { headers: { accept: 'application/json' } });
        document = response.ok ? ((await response.json()) as ClientMetadata) : undefined;
      } catch {
        document = undefined;
      }
    }
    if (!document || document.client_id !== clientId || !document.redirect_uris?.length) {
      return undefined;
    }
    const client: RegisteredClient = {
      client_id: clientId,
      token_endpoint_auth_method: 'none',
      redirect_uris: (document.redirect_uris ?? []).filter(redirectUriOk),
      grant_types: document.grant_types ?? ['authorization_code'],
      ...(document.client_name ? { client_name: document.client_name } : {}),
      source: 'cimd',
    };
    this.clients.set(clientId, client);
    return client;
  }
}
