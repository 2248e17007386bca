import type { KeyObject, JsonWebKey as NodeJsonWebKey } from 'node:crypto';
import type { ClientAssertionSigner } from '@mcp-oauth/oauth';

// Node's crypto module and jose load with the first private key, not with
// the strategy: a client that authenticates with a secret never loads them.

/** The client assertion algorithms supported (SPEC M1). */
export type SigningAlgorithm = 'ES256' | 'RS256' | 'EdDSA';

/** A private JWK (RFC 7517): `kty`, the private members (`d`, …), optionally `alg` and `kid`. */
export interface PrivateJwk {
  readonly kty: string;
  readonly alg?: string | undefined;
  readonly kid?: string | undefined;
  readonly [member: string]: unknown;
}

/** A private key: PEM text (PKCS#8, PKCS#1 or SEC1) or a private JWK. */
export type PrivateKeyInput = string | PrivateJwk;

const ALGORITHMS: readonly SigningAlgorithm[] = ['ES256', 'RS256', 'EdDSA'];

/** A parsed private key with the algorithm it signs with. @internal */
export interface SigningKey {
  readonly key: KeyObject;
  readonly algorithm: SigningAlgorithm;
  readonly keyId?: string | undefined;
}

/** The algorithm a key type signs with: EC P-256 → ES256, RSA → RS256, Ed25519 → EdDSA. */
function algorithmOf(key: KeyObject): SigningAlgorithm | undefined {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return 'RS256';
  if (type === 'ed25519') return 'EdDSA';
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  return undefined;
}

/**
 * Parses a private key from PEM or JWK and settles its algorithm: the one
 * asked for, the JWK's `alg`, else the key type's. Throws a `TypeError`
 * saying what to pass when the key is not a usable private key.
 * @internal
 */
export function parseSigningKey(
  input: PrivateKeyInput,
  options: { algorithm?: SigningAlgorithm | undefined; keyId?: string | undefined },
  what = 'privateKey',
): SigningKey {
  const { createPrivateKey } = process.getBuiltinModule('node:crypto');
  let key: KeyObject;
  try {
    key =
      typeof input === 'string'
        ? createPrivateKey(input)
        : createPrivateKey({ key: input as NodeJsonWebKey, format: 'jwk' });
  } catch (error) {
    throw new TypeError(
      `${what} must be a private key as PEM text (-----BEGIN PRIVATE KEY-----) or a private JWK (with "d"): ${(error as Error).message}`,
    );
  }
  const natural = algorithmOf(key);
  const jwkAlg = typeof input === 'object' ? input.alg : undefined;
  const algorithm = options.algorithm ?? (jwkAlg as SigningAlgorithm | undefined) ?? natural;
  if (!algorithm || !ALGORITHMS.includes(algorithm) || algorithm !== natural) {
    throw new TypeError(
      `${what} is a key of type ${key.asymmetricKeyType ?? 'unknown'}${algorithm ? ` that cannot sign ${algorithm}` : ''}; client assertions are signed with ES256 (EC P-256), RS256 (RSA) or EdDSA (Ed25519)`,
    );
  }
  const keyId = options.keyId ?? (typeof input === 'object' ? input.kid : undefined);
  return { key, algorithm, keyId };
}

/** Signs `private_key_jwt` client assertions (RFC 7523 §2.2) with the key. @internal */
export function assertionSigner(signing: SigningKey): ClientAssertionSigner {
  return async (claims) => {
    const { SignJWT } = await import('jose');
    return new SignJWT({ ...claims })
      .setProtectedHeader({
        alg: signing.algorithm,
        typ: 'JWT',
        ...(signing.keyId ? { kid: signing.keyId } : {}),
      })
      .sign(signing.key);
  };
}
