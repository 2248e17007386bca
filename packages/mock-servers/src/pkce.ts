const encoder = new TextEncoder();

/** base64url without padding (RFC 4648 §5). */
export function base64url(bytes: Uint8Array | ArrayBuffer): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)) (RFC 7636 §4.2). */
export async function s256(verifier: string): Promise<string> {
  return base64url(await crypto.subtle.digest('SHA-256', encoder.encode(verifier)));
}

/** @internal A random opaque value with a readable prefix (`at_…`, `rt_…`). */
export function randomToken(prefix: string, bytes = 24): string {
  return `${prefix}_${base64url(crypto.getRandomValues(new Uint8Array(bytes)))}`;
}

// RFC 7636 §4.1: 43 to 128 characters from the unreserved set.
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * Checks a PKCE verifier against the challenge sent to the authorize
 * endpoint (RFC 7636 §4.6). `plain` is honoured only because the `no-s256`
 * profile advertises it.
 */
export async function verifyPkce(
  verifier: string | undefined,
  challenge: string,
  method: string,
): Promise<boolean> {
  if (!verifier || !VERIFIER.test(verifier)) return false;
  return (method === 'plain' ? verifier : await s256(verifier)) === challenge;
}
