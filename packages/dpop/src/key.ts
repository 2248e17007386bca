import type { DPoPTarget, JsonObject } from '@mcp-oauth/core';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { ProofKey } from './proof.js';

/** The algorithms a key can be created for: small keys, so a record stays small (SPEC ST2). */
export const DPOP_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/** A DPoP signing algorithm (RFC 9449 §11.6: asymmetric only). */
export type DPoPAlgorithm = (typeof DPOP_ALGORITHMS)[number];

/** The public members of an EC or OKP key, as a proof's `jwk` header carries them (RFC 9449 §4.2). */
const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y'] as const;

function publicJwkOf(jwk: JsonObject): JWK {
  const publicJwk: JWK = {};
  for (const member of PUBLIC_MEMBERS) {
    const value = jwk[member];
    if (typeof value === 'string') publicJwk[member] = value;
  }
  return publicJwk;
}

/** A stored key that looks like one of ours: a private JWK with its algorithm. */
const looksUsable = (jwk: JsonObject | undefined): jwk is JsonObject =>
  !!jwk &&
  typeof jwk.d === 'string' &&
  typeof jwk.kty === 'string' &&
  (DPOP_ALGORITHMS as readonly unknown[]).includes(jwk.alg);

async function importKey(jwk: JsonObject): Promise<ProofKey> {
  const alg = jwk.alg as string;
  const privateKey = await importJWK(jwk as JWK, alg);
  if (!(privateKey instanceof CryptoKey) || privateKey.type !== 'private') {
    throw new TypeError('not a private key');
  }
  return { alg, privateKey, publicJwk: publicJwkOf(jwk) };
}

async function createJwk(algorithm: DPoPAlgorithm): Promise<JsonObject> {
  const { privateKey } = await generateKeyPair(algorithm, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const stored: JsonObject = { alg: algorithm };
  for (const member of [...PUBLIC_MEMBERS, 'd'] as const) {
    const value = jwk[member];
    if (typeof value === 'string') stored[member] = value;
  }
  return stored;
}

/**
 * The key of one server record (SPEC P1): read from the record's `dpopKey`,
 * or created on first use and written with an atomic update that keeps a
 * key another process wrote first, so every process and every instance
 * over the same store signs with the same key. The imported key is kept
 * in memory while the stored one is unchanged.
 */
export function recordKey(target: DPoPTarget, algorithm: DPoPAlgorithm): () => Promise<ProofKey> {
  let cached: { d: unknown; key: ProofKey } | undefined;
  let creating: Promise<ProofKey> | undefined;

  const load = async (): Promise<ProofKey> => {
    const serverKey = await target.serverKey;
    const stored = (await target.records.get(serverKey))?.dpopKey;
    if (cached && stored?.d === cached.d) return cached.key;
    if (looksUsable(stored)) {
      try {
        const key = await importKey(stored);
        cached = { d: stored.d, key };
        return key;
      } catch {
        target.logger.warn('the stored DPoP key is unusable; creating a new one');
      }
    }
    const fresh = await createJwk(algorithm);
    const saved = await target.records.update(serverKey, (record) => {
      const current = record?.dpopKey;
      // Another process (or instance) stored a key first: use it.
      if (looksUsable(current) && current.d !== stored?.d) return record;
      return { ...record, dpopKey: fresh };
    });
    const winner = saved?.dpopKey;
    if (!looksUsable(winner)) throw new TypeError('the DPoP key could not be stored');
    const key = await importKey(winner);
    cached = { d: winner.d, key };
    if (winner.d === fresh.d) target.logger.debug(`created a ${algorithm} DPoP key`);
    return key;
  };

  return () => {
    // Concurrent first proofs create one key between them.
    creating ??= load().finally(() => {
      creating = undefined;
    });
    return creating;
  };
}
