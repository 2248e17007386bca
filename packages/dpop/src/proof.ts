import { base64url, type JWK, SignJWT } from 'jose';

/** What signs a proof: the private key, its algorithm, the public JWK the proof carries. */
export interface ProofKey {
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** The claims of a DPoP proof (RFC 9449 §4.2). */
export interface ProofClaims {
  readonly htm: string;
  readonly htu: string;
  readonly iat: number;
  readonly jti: string;
  readonly ath?: string;
  readonly nonce?: string;
}

/** `htu`: the request URL without query and fragment (RFC 9449 §4.2). */
export function htuOf(url: string | URL): string {
  const htu = new URL(url);
  htu.search = '';
  htu.hash = '';
  return htu.href;
}

/** `ath`: base64url of the SHA-256 of the access token's ASCII bytes (RFC 9449 §4.2). */
export async function accessTokenHash(accessToken: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken));
  return base64url.encode(new Uint8Array(digest));
}

/** Signs the claims as a `dpop+jwt` whose `jwk` header is the public key. */
export function signProof(key: ProofKey, claims: ProofClaims): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: key.alg, typ: 'dpop+jwt', jwk: key.publicJwk })
    .sign(key.privateKey);
}
