// RFC 9449 checks of a resource server: a DPoP-bound token comes with the
// DPoP scheme and one proof, signed by the key the token is bound to, for
// this method and URL, recent, never replayed, with the token's `ath` and,
// when nonces are on, the server's current nonce.
import { createHash, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify } from 'jose';

const ALGORITHMS = ['ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519', 'PS256', 'RS256'];
/** How far a proof's `iat` may be from now, in seconds. */
const IAT_WINDOW = 60;

const freshNonce = () => randomBytes(16).toString('base64url');

/** @param {import('./index.js').McpTestServerDpopOptions} options */
export function dpopChecker(options) {
  let nonce = options.nonce ? freshNonce() : undefined;
  const jtis = new Set();
  return {
    metadata: {
      dpop_signing_alg_values_supported: ALGORITHMS,
      ...(options.required ? { dpop_bound_access_tokens_required: true } : {}),
    },
    nonce: () => nonce,
    rotate() {
      if (options.nonce) nonce = freshNonce();
      return nonce;
    },
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {string} htu the request URL without query
     * @param {string} scheme the Authorization scheme
     * @param {string} token the access token
     * @param {{ jkt?: string }} info what verifyToken said about it
     * @returns {Promise<{ claims?: Record<string, unknown>, error?: string, nonce?: string }>}
     */
    async check(req, htu, scheme, token, info) {
      if (typeof info.jkt !== 'string') {
        if (options.required) return { error: 'the access token is not DPoP-bound' };
        if (scheme === 'DPoP')
          return { error: 'the DPoP scheme with a token that is not DPoP-bound' };
        return {};
      }
      if (scheme !== 'DPoP') return { error: 'a DPoP-bound token must use the DPoP scheme' };
      const header = req.headers.dpop;
      if (typeof header !== 'string' || header.includes(',')) {
        return { error: 'exactly one DPoP proof is required' };
      }
      let verified;
      try {
        verified = await jwtVerify(header, EmbeddedJWK, {
          typ: 'dpop+jwt',
          algorithms: ALGORITHMS,
        });
      } catch (error) {
        return { error: `the proof does not verify (${error.code ?? error.message})` };
      }
      const { payload: claims, protectedHeader } = verified;
      if (protectedHeader.jwk?.d !== undefined)
        return { error: 'the jwk header holds a private key' };
      if (claims.htm !== req.method) return { claims, error: 'htm is not the request method' };
      if (claims.htu !== htu) return { claims, error: 'htu is not the request URL' };
      if (typeof claims.iat !== 'number' || Math.abs(Date.now() / 1000 - claims.iat) > IAT_WINDOW) {
        return { claims, error: 'iat is not recent' };
      }
      if (typeof claims.jti !== 'string' || jtis.has(claims.jti)) {
        return { claims, error: 'the proof was used before (jti)' };
      }
      jtis.add(claims.jti);
      if (claims.ath !== createHash('sha256').update(token, 'ascii').digest('base64url')) {
        return { claims, error: 'ath is not the hash of the access token' };
      }
      if ((await calculateJwkThumbprint(protectedHeader.jwk)) !== info.jkt) {
        return { claims, error: 'the proof key is not the key the token is bound to' };
      }
      if (nonce && claims.nonce !== nonce) {
        return { claims, error: 'the proof lacks the current nonce', nonce };
      }
      return { claims };
    },
  };
}
