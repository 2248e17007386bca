import { createLocalJWKSet, decodeJwt, type JSONWebKeySet, jwtVerify } from 'jose';
import type { RegisteredClient } from './clients.js';
import type { MockContext } from './context.js';
import { signJwt, verifyJwt } from './jwt.js';

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** @internal Algorithms the mock AS accepts in client assertions (SPEC M1). */
export const ASSERTION_ALGORITHMS = ['ES256', 'RS256', 'EdDSA'];

/** The client a client assertion names (`iss`, else `sub`), unverified. */
export function assertedClientId(assertion: string | undefined): string | undefined {
  if (!assertion) return undefined;
  try {
    const claims = decodeJwt(assertion);
    return typeof claims.iss === 'string' ? claims.iss : claims.sub;
  } catch {
    return undefined;
  }
}

/**
 * @internal Verifies an RFC 7523 §2.2 / §3 client assertion of a
 * `private_key_jwt` client: signed by a key in its registered `jwks`,
 * `iss` = `sub` = client id, `aud` the issuer or the token endpoint, not
 * expired, a `jti` never seen before. The reason it is refused, if it is.
 */
export async function clientAssertionProblem(
  context: MockContext,
  client: RegisteredClient,
  assertion: string,
): Promise<string | undefined> {
  if (!client.jwks) return 'client has no registered jwks';
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(
      assertion,
      createLocalJWKSet(client.jwks as JSONWebKeySet),
      { algorithms: ASSERTION_ALGORITHMS, currentDate: new Date(context.now()) },
    ));
  } catch (error) {
    return `client assertion refused: ${(error as Error).message}`;
  }
  if (claims.iss !== client.client_id || claims.sub !== client.client_id) {
    return 'client assertion iss and sub must be the client id';
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.some((aud) => aud === context.urls.issuer || aud === context.urls.token)) {
    return 'client assertion audience is not this AS';
  }
  if (typeof claims.exp !== 'number') return 'client assertion has no exp';
  if (typeof claims.jti !== 'string' || context.usedAssertions.has(claims.jti)) {
    return 'client assertion jti missing or already used';
  }
  context.usedAssertions.add(claims.jti);
  return undefined;
}

/** What the platform signs into a workload token. */
export interface WorkloadTokenOptions {
  /** `sub`. Default `system:serviceaccount:default:mcp-client`. */
  readonly subject?: string;
  /** Lifetime in seconds from the mock clock's now. Default 3600; negative for an expired one. */
  readonly ttl?: number;
  /** `aud`. Default the AS issuer. */
  readonly audience?: string;
}

/** @internal Signs a workload token as the platform would (a projected service account token). */
export function issueWorkloadToken(
  context: MockContext,
  options: WorkloadTokenOptions = {},
): Promise<string> {
  const now = Math.floor(context.now() / 1000);
  return signJwt({
    iss: context.urls.workloadIssuer,
    sub: options.subject ?? 'system:serviceaccount:default:mcp-client',
    aud: options.audience ?? context.urls.issuer,
    iat: now,
    exp: now + (options.ttl ?? 3600),
    jti: crypto.randomUUID(),
  });
}

/**
 * @internal Verifies a workload token in the RFC 7523 jwt-bearer grant:
 * signed by the platform, for this AS, not expired. Its
 * subject, or why it is refused.
 */
export async function verifyWorkloadToken(
  context: MockContext,
  assertion: string,
): Promise<{ subject: string } | { problem: string }> {
  const jwt = await verifyJwt(assertion);
  if (!jwt) return { problem: 'workload token signature is invalid' };
  const { claims } = jwt;
  if (claims.iss !== context.urls.workloadIssuer) {
    return { problem: 'workload token issuer is not trusted' };
  }
  if (claims.aud !== context.urls.issuer)
    return { problem: 'workload token audience is not this AS' };
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= context.now()) {
    return { problem: 'workload token expired' };
  }
  // Platform tokens are reusable until they expire (a projected token is read by many grants).
  return { subject: String(claims.sub) };
}
