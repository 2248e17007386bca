import type { Awaitable, ClientInformation } from '@mcp-oauth/core';

/** The client authentication methods of RFC 6749 §2.3 and RFC 7523 §2.2. */
export type ClientAuthMethod =
  | 'none'
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'private_key_jwt';

/** Where an authenticated request goes: the assertion audience and the endpoint. */
export interface ClientAuthTarget {
  /** The authorization server's issuer identifier (the `aud` of a client assertion, RFC 7523 §3). */
  readonly issuer: string;
  /** The endpoint the request is sent to. */
  readonly endpoint: string;
}

/**
 * How a client proves who it is at the authorization server: a value chosen
 * once and applied to every token, exchange and revocation request, so no
 * request function decides it again (oauth4webapi's `ClientAuth`).
 */
export interface ClientAuth {
  /** The method, for logs and reports. */
  readonly method: ClientAuthMethod;
  /** The client identifier. */
  readonly clientId: string;
  /** Adds the client's credentials to a request's form body or headers. */
  apply(body: URLSearchParams, headers: Headers, target: ClientAuthTarget): Awaitable<void>;
}

/** The claims of a `private_key_jwt` client assertion (RFC 7523 §3). */
export interface ClientAssertionClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string;
  readonly jti: string;
  readonly iat: number;
  readonly exp: number;
}

/** Signs client assertion claims into a compact JWS (for example with `jose`'s `SignJWT`). */
export type ClientAssertionSigner = (claims: ClientAssertionClaims) => Promise<string>;

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding. */
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');

/** The `Authorization: Basic` value for a client (RFC 6749 §2.3.1), UTF-8 safe. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const bytes = new TextEncoder().encode(`${formEncode(clientId)}:${formEncode(clientSecret)}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** A public client: its id in the body, no secret (RFC 6749 §2.3, RFC 8252 §8.4). */
export function noClientAuth(clientId: string): ClientAuth {
  return {
    method: 'none',
    clientId,
    apply: (body) => body.set('client_id', clientId),
  };
}

/** `client_secret_basic`: the id and secret in an `Authorization: Basic` header. */
export function clientSecretBasic(clientId: string, secret: string): ClientAuth {
  return {
    method: 'client_secret_basic',
    clientId,
    apply: (_body, headers) => headers.set('Authorization', basicAuthorization(clientId, secret)),
  };
}

/** `client_secret_post`: the id and secret in the form body. */
export function clientSecretPost(clientId: string, secret: string): ClientAuth {
  return {
    method: 'client_secret_post',
    clientId,
    apply: (body) => {
      body.set('client_id', clientId);
      body.set('client_secret', secret);
    },
  };
}

/** Lifetime of a client assertion: short, so a captured one is soon useless. */
const ASSERTION_SECONDS = 60;

/**
 * `private_key_jwt` (RFC 7523 §2.2): a fresh signed assertion per request,
 * `iss` = `sub` = the client id, `aud` = the issuer, a unique `jti`.
 */
export function privateKeyJwt(
  clientId: string,
  sign: ClientAssertionSigner,
  now: () => number = Date.now,
): ClientAuth {
  return {
    method: 'private_key_jwt',
    clientId,
    async apply(body, _headers, target) {
      const iat = Math.floor(now() / 1000);
      const assertion = await sign({
        iss: clientId,
        sub: clientId,
        aud: target.issuer,
        jti: crypto.randomUUID(),
        iat,
        exp: iat + ASSERTION_SECONDS,
      });
      body.set('client_id', clientId);
      body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      body.set('client_assertion', assertion);
    },
  };
}

/**
 * The client authentication for a stored or configured client, chosen once
 * from what it registered and what the server advertises: no secret means a
 * public client; a registered `client_secret_post`/`basic` is kept; else
 * `client_secret_post` only when the server lists it without basic (SPEC
 * V2), else basic, the RFC 6749 §2.3.1 default every server must support.
 * `supported` is the endpoint's advertised list (for revocation, its own
 * list or else the token endpoint's).
 */
export function selectClientAuth(
  client: ClientInformation,
  supported: readonly string[] | undefined,
): ClientAuth {
  const secret = client.client_secret;
  if (!secret) return noClientAuth(client.client_id);
  const registered = client.token_endpoint_auth_method;
  const postOnly =
    supported?.includes('client_secret_post') && !supported.includes('client_secret_basic');
  return registered === 'client_secret_post' || (registered !== 'client_secret_basic' && postOnly)
    ? clientSecretPost(client.client_id, secret)
    : clientSecretBasic(client.client_id, secret);
}
