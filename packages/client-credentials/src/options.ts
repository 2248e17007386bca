import type { Awaitable } from '@mcp-oauth/core';
import { type StrategyOptions, validateStrategyOptions } from '@mcp-oauth/oauth';
import type { AssertionSource } from './assertion.js';
import {
  type PrivateKeyInput,
  parseSigningKey,
  type SigningAlgorithm,
  type SigningKey,
} from './signing-key.js';

/** The client authentication methods a machine client may use (SPEC M1). */
export type MachineAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

const AUTH_METHODS: readonly MachineAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
];

/** How the client authenticates at the token endpoint. */
export interface ClientAuthenticationOptions {
  /** The client id registered at the authorization server. */
  readonly clientId?: string | undefined;
  /** The client secret. Default: the one saved with `storeClientSecret()`. */
  readonly clientSecret?: string | undefined;
  /**
   * The private key for `private_key_jwt` (RFC 7523 §2.2): PEM text or a
   * private JWK. Default: the one saved with `storeClientKey()`.
   */
  readonly privateKey?: PrivateKeyInput | undefined;
  /** `ES256`, `RS256` or `EdDSA`. Default: the JWK's `alg`, else the key type's. */
  readonly algorithm?: SigningAlgorithm | undefined;
  /** The `kid` header of client assertions. Default: the JWK's `kid`. */
  readonly keyId?: string | undefined;
  /**
   * Default: `private_key_jwt` with a key; with a secret, `client_secret_post`
   * when the server lists it without basic, else `client_secret_basic`.
   */
  readonly authMethod?: MachineAuthMethod | undefined;
}

/** What both machine strategies take besides the shared strategy options. */
export interface MachineOptions extends StrategyOptions, ClientAuthenticationOptions {
  /** Scope to request. Default none: the authorization server decides (RFC 6749 §3.3). */
  readonly scope?: string | undefined;
  /**
   * The issuer of the authorization server the client is registered at:
   * credentials are sent to no other, whatever discovery finds. Default:
   * the first one discovered, then only that one (SPEC H2).
   */
  readonly issuer?: string | undefined;
}

/** Options of `clientCredentials()`: one MCP server, one pre-registered client. */
export interface ClientCredentialsOptions extends MachineOptions {
  readonly clientId: string;
}

/** Where the workload's JWT comes from: a source, or a function called on every grant. */
export type AssertionOption =
  | AssertionSource
  | ((signal?: AbortSignal) => Awaitable<string | undefined>);

/** Options of `workloadIdentity()`: one MCP server, the workload's platform-issued JWT. */
export interface WorkloadIdentityOptions extends MachineOptions {
  /**
   * The platform-issued JWT: `fileAssertion(path)` (re-read on every grant),
   * `envAssertion(name)`, `callbackAssertion(fn)` or a function.
   */
  readonly assertion: AssertionOption;
  /** Sent as `client_id` when the authorization server wants one; no client authentication without it. */
  readonly clientId?: string | undefined;
}

const isText = (value: unknown) => typeof value === 'string' && value.length > 0;

/**
 * Checks the options both factories share, up front, with `TypeError`s that
 * say what to pass; parses a given private key once. @internal
 */
export function validateMachineOptions(
  factory: string,
  options: MachineOptions,
  clientRequired: boolean,
): SigningKey | undefined {
  validateStrategyOptions(factory, options);
  const { clientId, clientSecret, privateKey, authMethod, algorithm } = options;
  if (clientRequired ? !isText(clientId) : clientId !== undefined && !isText(clientId)) {
    throw new TypeError(
      `${factory} requires clientId, the client id registered at the authorization server`,
    );
  }
  if (!clientId && (clientSecret !== undefined || privateKey !== undefined || authMethod)) {
    throw new TypeError(`${factory} requires clientId with clientSecret, privateKey or authMethod`);
  }
  if (clientSecret !== undefined && !isText(clientSecret)) {
    throw new TypeError(`${factory} requires clientSecret to be a non-empty string`);
  }
  if (authMethod !== undefined && !AUTH_METHODS.includes(authMethod)) {
    throw new TypeError(`${factory} requires authMethod to be one of ${AUTH_METHODS.join(', ')}`);
  }
  if (privateKey !== undefined && authMethod && authMethod !== 'private_key_jwt') {
    throw new TypeError(
      `${factory} was given a privateKey but authMethod ${authMethod}; a key is for private_key_jwt`,
    );
  }
  if (algorithm !== undefined && !['ES256', 'RS256', 'EdDSA'].includes(algorithm)) {
    throw new TypeError(`${factory} requires algorithm to be ES256, RS256 or EdDSA`);
  }
  if (options.scope !== undefined && typeof options.scope !== 'string') {
    throw new TypeError(`${factory} requires scope to be a space-separated string`);
  }
  if (options.issuer !== undefined && !/^https?:\/\/./.test(String(options.issuer))) {
    throw new TypeError(`${factory} requires issuer to be the authorization server's issuer URL`);
  }
  return privateKey === undefined
    ? undefined
    : parseSigningKey(privateKey, { algorithm, keyId: options.keyId }, `${factory} privateKey`);
}

/** The assertion option as a source; `TypeError` when it is neither. @internal */
export function assertionSourceOf(factory: string, option: AssertionOption): AssertionSource {
  if (typeof option === 'function') return { description: 'callback', read: option };
  if (option && typeof option === 'object' && typeof option.read === 'function') return option;
  throw new TypeError(
    `${factory} requires assertion: fileAssertion(path), envAssertion(name), callbackAssertion(fn) or a function returning the JWT`,
  );
}
