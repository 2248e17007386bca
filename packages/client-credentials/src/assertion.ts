import { readFile } from 'node:fs/promises';
import { type Awaitable, McpOAuthError, type McpOAuthErrorOptions } from '@mcp-oauth/core';

/** The error code of {@link AssertionUnavailableError} (an `ErrorCode` this package owns). */
export const ASSERTION_UNAVAILABLE = 'ASSERTION_UNAVAILABLE';

/** Why a workload assertion cannot be used. */
export type AssertionProblem = 'missing' | 'malformed' | 'expired';

/**
 * A workload identity assertion that is missing, malformed or expired
 * (SPEC M4). `source` names where it was read from (a file path, an
 * environment variable, a callback), never the token.
 */
export class AssertionUnavailableError extends McpOAuthError {
  static override readonly kind: string = 'AssertionUnavailableError';
  constructor(
    /** Where the assertion was read from, as {@link AssertionSource.description} names it. */
    readonly source: string,
    /** What is wrong with it. */
    readonly problem: AssertionProblem,
    message: string,
    options?: McpOAuthErrorOptions,
  ) {
    super(ASSERTION_UNAVAILABLE, message, options);
  }
}

/** Where a workload identity assertion (a JWT issued by the platform) comes from. */
export interface AssertionSource {
  /** For messages: `file /var/run/secrets/…`, `environment variable MCP_TOKEN`, `callback`. */
  readonly description: string;
  /** The current assertion, read again on every grant (platform tokens rotate). */
  read(signal?: AbortSignal): Awaitable<string | undefined>;
}

/**
 * An assertion in a file, re-read on every grant: a Kubernetes projected
 * service account token (rewritten by the kubelet before it expires) or a
 * token a CI step wrote.
 */
export function fileAssertion(path: string): AssertionSource {
  if (typeof path !== 'string' || !path) {
    throw new TypeError('fileAssertion() requires the path of the token file');
  }
  return {
    description: `file ${path}`,
    async read(signal) {
      try {
        return await readFile(path, { encoding: 'utf8', ...(signal ? { signal } : {}) });
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return undefined;
        throw new AssertionUnavailableError(
          `file ${path}`,
          'missing',
          `The workload token file ${path} cannot be read (${(error as { code?: string }).code ?? 'error'}); check that it is mounted and readable by this process`,
          { cause: error },
        );
      }
    },
  };
}

/** An assertion in an environment variable, read on every grant. */
export function envAssertion(name: string, env: NodeJS.ProcessEnv = process.env): AssertionSource {
  if (typeof name !== 'string' || !name) {
    throw new TypeError('envAssertion() requires the name of the environment variable');
  }
  return { description: `environment variable ${name}`, read: () => env[name] };
}

/**
 * An assertion from a function, called on every grant: for example one that
 * fetches a GitHub Actions OIDC token. `description` names it in errors.
 */
export function callbackAssertion(
  fn: (signal?: AbortSignal) => Awaitable<string | undefined>,
  description = 'callback',
): AssertionSource {
  if (typeof fn !== 'function') {
    throw new TypeError('callbackAssertion() requires a function that returns the token');
  }
  return { description, read: (signal) => fn(signal) };
}

/** The JWT's claims, decoded without verifying (the authorization server verifies). */
function claimsOf(jwt: string): Record<string, unknown> | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the current assertion and checks it before it is sent (SPEC M4): a
 * compact JWT whose `exp`, decoded without verification, has not passed.
 * Failures name the source and never carry the token.
 * @internal
 */
export async function readAssertion(
  source: AssertionSource,
  now: number,
  signal?: AbortSignal,
): Promise<string> {
  const where = source.description;
  let value: string | undefined;
  try {
    value = (await source.read(signal))?.trim();
  } catch (error) {
    if (error instanceof AssertionUnavailableError) throw error;
    throw new AssertionUnavailableError(
      where,
      'missing',
      `The workload token from the ${where} could not be read: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (!value) {
    throw new AssertionUnavailableError(
      where,
      'missing',
      `No workload token in the ${where}: check that the platform provides it (see the README recipes for Kubernetes and GitHub Actions)`,
    );
  }
  const claims = claimsOf(value);
  if (!claims) {
    throw new AssertionUnavailableError(
      where,
      'malformed',
      `The workload token in the ${where} is not a JWT (three base64url parts with a JSON payload)`,
    );
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= now) {
    const ago = Math.round((now - claims.exp * 1000) / 1000);
    throw new AssertionUnavailableError(
      where,
      'expired',
      `The workload token in the ${where} expired ${ago} s ago; the platform should have rotated it (is the token still mounted, or the callback fetching a new one?)`,
    );
  }
  return value;
}
