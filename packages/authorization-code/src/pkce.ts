import { nodeCrypto } from './node-crypto.js';

/** PKCE values for one flow (RFC 7636, S256 only: SPEC A3, C7). */
export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
  readonly method: 'S256';
}

/** 32 random bytes, base64url: the flow's `state`, generated once per flow (SPEC A3). */
export function createState(): string {
  return nodeCrypto().randomBytes(32).toString('base64url');
}

/** A fresh code verifier (43 characters, RFC 7636 §4.1) and its S256 challenge. */
export function createPkce(): Pkce {
  const verifier = nodeCrypto().randomBytes(32).toString('base64url');
  return { verifier, challenge: s256(verifier), method: 'S256' };
}

/** BASE64URL(SHA256(verifier)) (RFC 7636 §4.2). */
export function s256(verifier: string): string {
  return nodeCrypto().createHash('sha256').update(verifier).digest('base64url');
}
