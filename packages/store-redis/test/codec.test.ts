import { describe, expect, it } from 'vitest';
import { aesGcmCodec, plainCodec } from '../src/codec.js';

const json = JSON.stringify({ accessToken: 'AT-1', refreshToken: 'RT-1' });
const aad = 'mcp-oauth:app:~:r:server:a|1';
const key = () => crypto.getRandomValues(new Uint8Array(32));

describe('aesGcmCodec', () => {
  it('[DS3] seals JSON into text without the plaintext, different every time, and opens it again', async () => {
    const codec = aesGcmCodec(key());
    const [one, two] = [await codec.encode(json, aad), await codec.encode(json, aad)];
    expect(one).toMatch(/^aes-gcm\.v1:[A-Za-z0-9+/]+=*$/);
    expect(one).not.toContain('AT-1');
    expect(one).not.toBe(two);
    expect(await codec.decode(one, aad, 'server:a|1')).toBe(json);
  });

  it('[DS3] refuses another key, another place, a flipped bit and plaintext with STORE_CORRUPT', async () => {
    const secret = key();
    const sealed = await aesGcmCodec(secret).encode(json, aad);
    const cases: Array<[string, Promise<string> | string | (() => unknown)]> = [
      ['another key', () => aesGcmCodec(key()).decode(sealed, aad, 'k')],
      ['another place', () => aesGcmCodec(secret).decode(sealed, `${aad}x`, 'k')],
      [
        'a flipped bit',
        () => {
          const bytes = Buffer.from(sealed.slice('aes-gcm.v1:'.length), 'base64');
          bytes[20]! ^= 1;
          return aesGcmCodec(secret).decode(`aes-gcm.v1:${bytes.toString('base64')}`, aad, 'k');
        },
      ],
      ['plaintext', () => aesGcmCodec(secret).decode(json, aad, 'k')],
    ];
    for (const [what, call] of cases) {
      await expect(Promise.resolve().then(call as () => unknown), what).rejects.toMatchObject({
        name: 'StoreError',
        code: 'STORE_CORRUPT',
      });
    }
  });

  it('[DS3] reads with a previous key during rotation and always writes with the current one', async () => {
    const [old, current] = [key(), key()];
    const sealedOld = await aesGcmCodec(old).encode(json, aad);
    const rotating = aesGcmCodec(current, [old]);
    expect(await rotating.decode(sealedOld, aad, 'k')).toBe(json);
    const resealed = await rotating.encode(json, aad);
    expect(await aesGcmCodec(current).decode(resealed, aad, 'k')).toBe(json);
    await expect(aesGcmCodec(old).decode(resealed, aad, 'k')).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
    });
  });
});

describe('plainCodec', () => {
  it('[DS3] keeps JSON as it is and refuses an encrypted record with STORE_ERROR naming the option', async () => {
    expect(plainCodec.encode(json, aad)).toBe(json);
    const sealed = await aesGcmCodec(key()).encode(json, aad);
    expect(() => plainCodec.decode(sealed, aad, 'server:a|1')).toThrow(
      'The record "server:a|1" is encrypted: pass the encryptionKey it was written with.',
    );
  });
});
