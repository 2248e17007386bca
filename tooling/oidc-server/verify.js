/**
 * Access token validation as a resource server does it: JWT access tokens
 * (RFC 9068) against the server's signing key, opaque ones by lookup.
 */
import { createPublicKey, verify } from 'node:crypto';

const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/**
 * @param {string} token
 * @param {{ provider: any, issuer: string, publicJwk: Record<string, unknown>, resource?: string, now?: number }} context
 * @returns {Promise<import('./index.js').AccessTokenInfo | undefined>}
 */
export async function verifyAccessToken(token, context) {
  const now = context.now ?? Math.floor(Date.now() / 1000);
  const parts = token.split('.');
  let info;
  if (parts.length === 3) {
    const [header, payload, signature] = parts;
    let claims;
    try {
      const protectedHeader = decode(header);
      if (protectedHeader.alg !== 'RS256' || protectedHeader.kid !== context.publicJwk.kid) {
        return undefined;
      }
      const key = createPublicKey({ key: context.publicJwk, format: 'jwk' });
      const ok = verify(
        'RSA-SHA256',
        Buffer.from(`${header}.${payload}`),
        key,
        Buffer.from(signature, 'base64url'),
      );
      if (!ok) return undefined;
      claims = decode(payload);
    } catch {
      return undefined;
    }
    if (claims.iss !== context.issuer || typeof claims.exp !== 'number' || claims.exp <= now) {
      return undefined;
    }
    // JWT access tokens are stateless (RFC 9068): valid until `exp` even after
    // revocation, as at real servers. Use opaque tokens to observe revocation.
    info = {
      sub: claims.sub,
      clientId: claims.client_id,
      scope: claims.scope ?? '',
      audience: claims.aud,
      expiresAt: claims.exp,
      format: 'jwt',
      ...(typeof claims.cnf?.jkt === 'string' ? { jkt: claims.cnf.jkt } : {}),
    };
  } else {
    // Client credentials tokens live in their own model.
    const stored =
      (await context.provider.AccessToken.find(token)) ??
      (await context.provider.ClientCredentials.find(token));
    if (!stored || stored.isExpired) return undefined;
    info = {
      sub: stored.accountId ?? stored.clientId,
      clientId: stored.clientId,
      scope: stored.scope ?? '',
      audience: stored.aud,
      expiresAt: stored.exp,
      format: 'opaque',
      ...(typeof stored.jkt === 'string' ? { jkt: stored.jkt } : {}),
    };
  }
  if (context.resource !== undefined) {
    const audiences = Array.isArray(info.audience) ? info.audience : [info.audience];
    if (!audiences.includes(context.resource)) return undefined;
  }
  return info;
}
