import { base64url } from './pkce.js';

const encoder = new TextEncoder();
const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** A signing key of the mock IdP (RS256, the OpenID Connect default). */
export interface SigningKey {
  /** Key ID, in the JWT header and the JWKS. */
  readonly kid: string;
  /** Signs id_tokens and ID-JAGs. */
  readonly privateKey: CryptoKey;
  /** Verifies them. */
  readonly publicKey: CryptoKey;
  /** The public key as a JWK, as served at the JWKS endpoint. */
  readonly jwk: JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };
}

// One key per process: RSA key generation costs tens of milliseconds, and a
// mock has nothing to protect.
let shared: Promise<SigningKey> | undefined;

/** @internal The process-wide mock signing key, created on first use. */
export function signingKey(): Promise<SigningKey> {
  shared ??= (async () => {
    const pair = (await crypto.subtle.generateKey(
      { ...ALG, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const exported = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const kid = 'mock-key-1';
    return {
      kid,
      privateKey: pair.privateKey,
      publicKey: pair.publicKey,
      jwk: { kty: exported.kty, n: exported.n, e: exported.e, kid, alg: 'RS256', use: 'sig' },
    } as SigningKey;
  })();
  return shared;
}

const part = (value: unknown) => base64url(encoder.encode(JSON.stringify(value)));

/** Signs a JWT with RS256 and the mock key; `typ` defaults to `JWT`. */
export async function signJwt(claims: Record<string, unknown>, typ = 'JWT'): Promise<string> {
  const key = await signingKey();
  const input = `${part({ alg: 'RS256', typ, kid: key.kid })}.${part(claims)}`;
  const signature = await crypto.subtle.sign(ALG, key.privateKey, encoder.encode(input));
  return `${input}.${base64url(signature)}`;
}

/** Header and claims of a JWT, without any check. */
export interface DecodedJwt {
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
}

const fromBase64url = (value: string) =>
  Uint8Array.from(atob(value.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** Decodes a JWT without verifying it; `undefined` when it is not one. */
export function decodeJwt(jwt: string): DecodedJwt | undefined {
  const [header, claims] = jwt.split('.');
  try {
    const decode = (value: string) => JSON.parse(new TextDecoder().decode(fromBase64url(value)));
    return { header: decode(header ?? ''), claims: decode(claims ?? '') };
  } catch {
    return undefined;
  }
}

/** @internal Verifies an RS256 signature by the mock key; the claims when valid. */
export async function verifyJwt(jwt: string): Promise<DecodedJwt | undefined> {
  const parts = jwt.split('.');
  const decoded = decodeJwt(jwt);
  if (parts.length !== 3 || !decoded || decoded.header.alg !== 'RS256') return undefined;
  const key = await signingKey();
  let valid = false;
  try {
    valid = await crypto.subtle.verify(
      ALG,
      key.publicKey,
      fromBase64url(parts[2] ?? ''),
      encoder.encode(`${parts[0]}.${parts[1]}`),
    );
  } catch {}
  return valid ? decoded : undefined;
}
