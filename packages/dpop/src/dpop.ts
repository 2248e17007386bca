import type { DPoPOption, DPoPProver, DPoPTarget } from '@mcp-oauth/core';
import { DPoPUnsupportedError } from './errors.js';
import { DPOP_ALGORITHMS, type DPoPAlgorithm, recordKey } from './key.js';
import { nonceCache } from './nonces.js';
import { accessTokenHash, htuOf, type ProofClaims, signProof } from './proof.js';

/** Options of {@link dpop}. */
export interface DPoPOptions {
  /**
   * Refuse tokens that are not DPoP-bound with a {@link DPoPUnsupportedError}.
   * Default `false`: a server that does not support DPoP gets plain Bearer
   * tokens (SPEC P4).
   */
  readonly required?: boolean;
  /** Algorithm of the keys it creates. Default `ES256` (SPEC P1). */
  readonly algorithm?: DPoPAlgorithm;
}

/** The value of a strategy's `dpop` option. */
export interface DPoP extends DPoPOption {
  /** Only DPoP-bound tokens are accepted. */
  readonly required: boolean;
  /** Algorithm of the keys it creates. */
  readonly algorithm: DPoPAlgorithm;
}

/**
 * DPoP (RFC 9449) for a strategy's `dpop` option, for any strategy (SPEC
 * P5): one key pair per server record, kept in the store as a private JWK
 * and created on first use (P1); a fresh proof on every token request and
 * every MCP request, with `ath` on the latter (P2); server nonces kept per
 * origin and a `use_dpop_nonce` answer retried once (P3); `token_type:
 * DPoP` tokens bound to the key, refreshed with it, and a Bearer fallback
 * unless `required` (P4). Nonces are shared by every strategy given the
 * same value.
 *
 * @example
 * const auth = authorizationCode({ server, store: fileStore(), dpop: dpop() });
 */
export function dpop(options: DPoPOptions = {}): DPoP {
  if (!options || typeof options !== 'object') {
    throw new TypeError('dpop() takes an options object, for example dpop({ required: true })');
  }
  const algorithm = options.algorithm ?? 'ES256';
  if (!(DPOP_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new TypeError(
      `dpop() requires algorithm to be one of ${DPOP_ALGORITHMS.join(', ')}, got ${String(algorithm)}`,
    );
  }
  if (options.required !== undefined && typeof options.required !== 'boolean') {
    throw new TypeError('dpop() requires required to be true or false');
  }
  const required = options.required ?? false;
  const nonces = nonceCache();
  return {
    required,
    algorithm,
    forServer(target: DPoPTarget): DPoPProver {
      const key = recordKey(target, algorithm);
      return {
        required,
        async proof(request) {
          const signing = await key();
          const nonce = nonces.get(request.url);
          const claims: ProofClaims = {
            htm: request.method.toUpperCase(),
            htu: htuOf(request.url),
            iat: Math.floor(target.clock.now() / 1000),
            jti: crypto.randomUUID(),
            ...(request.accessToken ? { ath: await accessTokenHash(request.accessToken) } : {}),
            ...(nonce ? { nonce } : {}),
          };
          return signProof(signing, claims);
        },
        observe: (url, response) => nonces.observe(url, response),
        accept(tokenType, endpoint) {
          if (tokenType.toLowerCase() === 'dpop') return 'DPoP';
          if (required) throw new DPoPUnsupportedError(endpoint, tokenType);
          target.logger.debug(`${endpoint} issued a ${tokenType} token: not DPoP-bound`);
          return 'Bearer';
        },
      };
    },
  };
}
