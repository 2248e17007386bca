import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  EmbeddedJWK,
  type JWK,
  jwtVerify,
} from 'jose';
import type { MockContext } from './context.js';
import { base64url, randomToken } from './pkce.js';

/** Algorithms the mocks accept in DPoP proofs, advertised as `dpop_signing_alg_values_supported`. */
export const DPOP_ALGORITHMS = ['ES256', 'RS256', 'EdDSA'];

/** How far a proof's `iat` may be from the mock clock (RFC 9449 §11.1). */
const IAT_WINDOW_S = 300;

/** @internal DPoP state of an environment: current nonces and the `jti`s seen (RFC 9449 §11.1). */
export interface DPoPState {
  /** The nonce the token endpoint and the MCP server currently want. */
  nonce: string;
  readonly jtis: Set<string>;
}

/** @internal */
export const dpopState = (): DPoPState => ({ nonce: randomToken('nonce', 12), jtis: new Set() });

/** Why a proof is refused: RFC 9449 §7.1 / §8 error codes. */
export interface DPoPFailure {
  readonly error: 'invalid_dpop_proof' | 'use_dpop_nonce';
  readonly description: string;
}

/** What a valid proof proves: the key's RFC 7638 thumbprint. */
export interface DPoPProof {
  readonly jkt: string;
}

/** `url` without query and fragment, as `htu` carries it (RFC 9449 §4.2). */
const htuOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
};

const invalid = (description: string): DPoPFailure => ({
  error: 'invalid_dpop_proof',
  description,
});

/**
 * @internal Verifies the request's `DPoP` header as RFC 9449 §4.3 says: one
 * header, `typ: dpop+jwt`, a public JWK in the header that verifies the
 * signature, `htm` and `htu` of this request, a recent `iat`, a `jti` not
 * seen before, `ath` of `accessToken` on resource requests, and the current
 * nonce when `nonce` asks for one (`rotate` hands out a fresh one on each
 * refusal, so the nonce never settles).
 */
export async function verifyProof(
  context: MockContext,
  request: Request,
  expect: { accessToken?: string; nonce: boolean; rotate?: boolean },
): Promise<DPoPProof | DPoPFailure> {
  const proof = request.headers.get('dpop');
  if (!proof || proof.includes(',')) return invalid('exactly one DPoP proof is required');
  let jwk: JWK | undefined;
  let claims: Record<string, unknown>;
  try {
    const header = decodeProtectedHeader(proof);
    jwk = header.jwk;
    if (!jwk || 'd' in jwk) return invalid('the proof must carry a public jwk');
    ({ payload: claims } = await jwtVerify(proof, EmbeddedJWK, {
      typ: 'dpop+jwt',
      algorithms: DPOP_ALGORITHMS,
    }));
  } catch (error) {
    return invalid(`proof refused: ${(error as Error).message}`);
  }
  if (claims.htm !== request.method) return invalid(`htm must be ${request.method}`);
  if (claims.htu !== htuOf(request.url)) return invalid(`htu must be ${htuOf(request.url)}`);
  const now = context.now() / 1000;
  if (typeof claims.iat !== 'number' || Math.abs(claims.iat - now) > IAT_WINDOW_S) {
    return invalid('iat is missing or too far from now');
  }
  const { dpop } = context;
  if (typeof claims.jti !== 'string' || dpop.jtis.has(claims.jti)) {
    return invalid('jti missing or already used');
  }
  if (expect.accessToken !== undefined) {
    const hash = new Uint8Array(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(expect.accessToken)),
    );
    if (claims.ath !== base64url(hash)) return invalid('ath does not match the access token');
  }
  // `rotate`: the nonce never settles, whatever the proof carries.
  if (expect.nonce && (expect.rotate || claims.nonce !== dpop.nonce)) {
    if (expect.rotate) dpop.nonce = randomToken('nonce', 12);
    return {
      error: 'use_dpop_nonce',
      description: 'Authorization server requires nonce in DPoP proof',
    };
  }
  dpop.jtis.add(claims.jti);
  return { jkt: await calculateJwkThumbprint(jwk) };
}

/** @internal Whether the token endpoint wants a nonce under the profile, and whether it rotates. */
export const tokenNonce = (context: MockContext) => {
  const mode = context.quirks.dpopNonce;
  return { nonce: mode !== 'none' && mode !== 'resource', rotate: mode === 'never-settles' };
};

/** @internal Whether the MCP server wants a nonce under the profile. */
export const resourceNonce = (context: MockContext) =>
  context.quirks.dpopNonce === 'resource' || context.quirks.dpopNonce === 'both';
