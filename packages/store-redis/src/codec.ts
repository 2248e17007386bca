import { ErrorCode, StoreError } from '@mcp-oauth/core';
import { corrupt } from './errors.js';

/** An AES-GCM key: a WebCrypto `CryptoKey`, or its 16 or 32 raw bytes. */
export type EncryptionKey = CryptoKey | Uint8Array;

/** How a record's JSON becomes the bytes Redis holds, and back. */
export interface Codec {
  /** `aad` binds the result to its place (the record's Redis key). */
  encode(json: string, aad: string): Promise<string> | string;
  /** The JSON text; throws `STORE_CORRUPT` (or `STORE_ERROR`) when it cannot be had. */
  decode(data: string, aad: string, key: string): Promise<string> | string;
}

/** Encrypted records start with this; JSON text never does. */
const MARK = 'aes-gcm.v1:';
const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Stores the JSON text as it is; refuses encrypted records, which need their key. */
export const plainCodec: Codec = {
  encode: (json) => json,
  decode(data, _aad, key) {
    if (data.startsWith(MARK)) {
      throw new StoreError(
        ErrorCode.Store,
        `The record ${JSON.stringify(key)} is encrypted: pass the encryptionKey it was written with.`,
      );
    }
    return data;
  },
};

function checkKey(key: unknown, option: string): void {
  if (key instanceof Uint8Array) {
    if (key.byteLength !== 16 && key.byteLength !== 32) {
      throw new TypeError(
        `redisStore() ${option} must be 16 or 32 bytes (AES-128 or AES-256); got ${key.byteLength}`,
      );
    }
    return;
  }
  const cryptoKey = key as Partial<CryptoKey> | undefined;
  if (
    cryptoKey?.type !== 'secret' ||
    (cryptoKey.algorithm as { name?: string } | undefined)?.name !== 'AES-GCM' ||
    !cryptoKey.usages?.includes('encrypt') ||
    !cryptoKey.usages.includes('decrypt')
  ) {
    throw new TypeError(
      `redisStore() ${option} must be an AES-GCM CryptoKey with the encrypt and decrypt usages, or 16 or 32 raw bytes`,
    );
  }
}

const importKey = (key: EncryptionKey): Promise<CryptoKey> =>
  key instanceof Uint8Array
    ? crypto.subtle.importKey('raw', new Uint8Array(key), 'AES-GCM', false, ['encrypt', 'decrypt'])
    : Promise.resolve(key);

/**
 * AES-GCM envelope encryption with keys the application supplies (SPEC
 * DS3): `aes-gcm.v1:` then base64 of a random 96-bit IV and the ciphertext
 * with its tag. The record's Redis key is the additional data, so a record
 * copied to another key or namespace does not decrypt. Records are written
 * with `key`; `previous` keys are tried too when reading, for rotation.
 */
export function aesGcmCodec(key: EncryptionKey, previous: readonly EncryptionKey[] = []): Codec {
  checkKey(key, 'encryptionKey');
  if (!Array.isArray(previous)) {
    throw new TypeError('redisStore() decryptionKeys must be an array of keys');
  }
  for (const old of previous) checkKey(old, 'decryptionKeys[]');
  let keys: Promise<CryptoKey[]> | undefined;
  const imported = () => {
    keys ??= Promise.all([key, ...previous].map(importKey));
    return keys;
  };
  return {
    async encode(json, aad) {
      const [current] = await imported();
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(aad) },
        current!,
        encoder.encode(json),
      );
      const bytes = new Uint8Array(IV_BYTES + sealed.byteLength);
      bytes.set(iv);
      bytes.set(new Uint8Array(sealed), IV_BYTES);
      return MARK + Buffer.from(bytes).toString('base64');
    },
    async decode(data, aad, storeKey) {
      if (!data.startsWith(MARK)) {
        // Never read as is: with a key set, every record must prove where it came from.
        throw corrupt(
          storeKey,
          'it is not encrypted, and this store has an encryptionKey. Records written without encryption are not read by an encrypting store; write it again through this store.',
        );
      }
      const bytes = Buffer.from(data.slice(MARK.length), 'base64');
      const iv = bytes.subarray(0, IV_BYTES);
      const sealed = bytes.subarray(IV_BYTES);
      for (const candidate of await imported()) {
        try {
          const plain = await crypto.subtle.decrypt(
            { name: 'AES-GCM', iv, additionalData: encoder.encode(aad) },
            candidate,
            sealed,
          );
          return decoder.decode(plain);
        } catch {}
      }
      throw corrupt(
        storeKey,
        'it does not decrypt with the encryptionKey (or any of decryptionKeys): it was written with another key, or altered in Redis. Pass the key it was written with; a rotated-out key goes in decryptionKeys.',
      );
    },
  };
}
