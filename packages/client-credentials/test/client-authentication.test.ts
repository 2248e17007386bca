import { generateKeyPairSync } from 'node:crypto';
import { ErrorCode } from '@mcp-oauth/core';
import { decodeProtectedHeader, importJWK, type JWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  clientCredentials,
  type PrivateJwk,
  storeClientKey,
  storeClientSecret,
} from '../src/index.js';
import { AS, MCP, server, setup } from './support/fake-servers.js';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

const pairs = new Map<string, ReturnType<typeof newPair>>();
/** One key pair per type for the whole file (RSA generation is slow). */
const keyPair = (type: 'ec' | 'rsa' | 'ed25519') => {
  if (!pairs.has(type)) pairs.set(type, newPair(type));
  return pairs.get(type)!;
};

function newPair(type: 'ec' | 'rsa' | 'ed25519') {
  const pair =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ed25519');
  return {
    pem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    jwk: pair.privateKey.export({ format: 'jwk' }) as PrivateJwk,
    publicJwk: pair.publicKey.export({ format: 'jwk' }) as JWK,
  };
}

async function verifiedAssertion(params: URLSearchParams, publicJwk: JWK, alg: string) {
  expect(params.get('client_assertion_type')).toBe(
    'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
  );
  const assertion = params.get('client_assertion') ?? '';
  const { payload, protectedHeader } = await jwtVerify(
    assertion,
    await importJWK(publicJwk, alg),
    // The assertion is signed with the injected clock's time.
    { currentDate: new Date(1_800_000_000_000) },
  );
  return { payload, protectedHeader };
}

describe('clientCredentials(): client_secret_basic and client_secret_post', () => {
  it('[M1] client_secret_basic: the id and secret in an Authorization header, the grant, the resource and the scope in the body', async () => {
    const s = setup();
    const auth = s.clientCredentials({ scope: 'reports:read' });
    const tokens = await auth.tokens();
    expect(tokens).toMatchObject({
      access_token: expect.stringMatching(/^AT-/),
      token_type: 'Bearer',
    });
    const [request] = s.servers.tokenRequests();
    expect(request?.headers.get('authorization')).toBe(basic('reporting-job', 's3cret'));
    expect(Object.fromEntries(request!.params)).toEqual({
      grant_type: 'client_credentials',
      resource: MCP,
      scope: 'reports:read',
    });
  });

  it('[M1] client_secret_post when asked for, and when the server lists post without basic', async () => {
    for (const [options, metadata] of [
      [{ authMethod: 'client_secret_post' as const }, {}],
      [{}, { token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'] }],
    ] as const) {
      const s = setup();
      s.servers.metadata = metadata;
      await s.clientCredentials(options).tokens();
      const [request] = s.servers.tokenRequests();
      expect(request?.headers.get('authorization')).toBeNull();
      expect(request?.params.get('client_id')).toBe('reporting-job');
      expect(request?.params.get('client_secret')).toBe('s3cret');
    }
  });

  it('[M1] the secret saved with storeClientSecret() is used when none is given', async () => {
    const s = setup();
    await storeClientSecret(s.store, server, 'stored-secret');
    await s.clientCredentials({ clientSecret: undefined }).tokens();
    expect(s.servers.tokenRequests()[0]?.headers.get('authorization')).toBe(
      basic('reporting-job', 'stored-secret'),
    );
  });

  it('[M1] no secret and no key: a CONFIGURATION error that says what to set, and no token request', async () => {
    const s = setup();
    await expect(s.clientCredentials({ clientSecret: undefined }).tokens()).rejects.toMatchObject({
      code: ErrorCode.Configuration,
      message: expect.stringContaining('storeClientSecret() or storeClientKey()'),
    });
    expect(s.servers.tokenRequests()).toEqual([]);
    expect(s.events).toEqual([
      expect.objectContaining({ type: 'refresh', reason: 'no_client_info' }),
    ]);
  });
});

describe('clientCredentials(): private_key_jwt', () => {
  for (const [type, alg, form] of [
    ['ec', 'ES256', 'pem'],
    ['rsa', 'RS256', 'jwk'],
    ['ed25519', 'EdDSA', 'jwk'],
    ['rsa', 'RS256', 'pem'],
  ] as const) {
    it(`[M1] ${alg} from a ${form.toUpperCase()} key: iss = sub = client_id, aud = the issuer, a fresh jti, a short exp`, async () => {
      const s = setup();
      const key = keyPair(type);
      const auth = s.clientCredentials({
        clientSecret: undefined,
        privateKey: form === 'pem' ? key.pem : key.jwk,
        keyId: 'key-1',
      });
      await auth.tokens();
      await auth.authorize();
      const [first, second] = s.servers.tokenRequests();
      expect(first?.headers.get('authorization')).toBeNull();
      expect(first?.params.get('grant_type')).toBe('client_credentials');
      expect(first?.params.get('client_secret')).toBeNull();
      const one = await verifiedAssertion(first!.params, key.publicJwk, alg);
      const two = await verifiedAssertion(second!.params, key.publicJwk, alg);
      expect(one.protectedHeader).toMatchObject({ alg, kid: 'key-1' });
      expect(one.payload).toMatchObject({ iss: 'reporting-job', sub: 'reporting-job', aud: AS });
      expect(one.payload.exp! - one.payload.iat!).toBe(60);
      expect(one.payload.jti).toEqual(expect.any(String));
      expect(two.payload.jti).not.toBe(one.payload.jti);
    });
  }

  it('[M1] the key saved with storeClientKey() is used when none is given, with its JWK alg and kid', async () => {
    const s = setup();
    const key = keyPair('ec');
    await storeClientKey(s.store, server, { ...key.jwk, alg: 'ES256', kid: 'stored' });
    await s.clientCredentials({ clientSecret: undefined }).tokens();
    const { protectedHeader } = await verifiedAssertion(
      s.servers.tokenRequests()[0]!.params,
      key.publicJwk,
      'ES256',
    );
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: 'stored' });
  });

  it('[M1] a key wins over a secret; authMethod private_key_jwt without any key is a CONFIGURATION error', async () => {
    const s = setup();
    const key = keyPair('ed25519');
    await s.clientCredentials({ privateKey: key.pem }).tokens();
    expect(s.servers.tokenRequests()[0]?.params.get('client_assertion')).toEqual(
      expect.any(String),
    );
    const t = setup();
    await expect(
      t.clientCredentials({ authMethod: 'private_key_jwt' }).tokens(),
    ).rejects.toMatchObject({
      code: ErrorCode.Configuration,
      message: expect.stringContaining('storeClientKey(store, server, key)'),
    });
    expect(t.servers.tokenRequests()).toEqual([]);
  });

  it('[M1] the assertion header names the algorithm of the key type', async () => {
    const s = setup();
    await s.clientCredentials({ privateKey: keyPair('rsa').jwk }).tokens();
    const header = decodeProtectedHeader(
      s.servers.tokenRequests()[0]!.params.get('client_assertion')!,
    );
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT' });
  });
});

describe('clientCredentials(): options are checked up front', () => {
  const s = setup();
  const make = (options: Record<string, unknown>) => () =>
    clientCredentials({ ...s.common, clientId: 'job', ...options } as never);

  it('[M1] a missing client id, a bad secret or method, and keys that cannot sign are TypeErrors that say what to pass', () => {
    expect(make({ clientId: '' })).toThrow(
      new TypeError(
        'clientCredentials() requires clientId, the client id registered at the authorization server',
      ),
    );
    expect(make({ clientSecret: '' })).toThrow('clientSecret to be a non-empty string');
    expect(make({ authMethod: 'client_secret_jwt' })).toThrow('authMethod to be one of');
    expect(make({ privateKey: 'not a key' })).toThrow(
      'PEM text (-----BEGIN PRIVATE KEY-----) or a private JWK',
    );
    expect(make({ privateKey: keyPair('ec').publicJwk })).toThrow('a private JWK');
    expect(make({ privateKey: keyPair('ec').pem, algorithm: 'RS256' })).toThrow(
      'is a key of type ec that cannot sign RS256',
    );
    expect(make({ privateKey: keyPair('ec').pem, authMethod: 'client_secret_basic' })).toThrow(
      'a key is for private_key_jwt',
    );
    expect(make({ algorithm: 'HS256' })).toThrow('ES256, RS256 or EdDSA');
    expect(make({ issuer: 'auth.example.com' })).toThrow("the authorization server's issuer URL");
    expect(make({ scope: ['a'] })).toThrow('space-separated string');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(make({ privateKey: p384.privateKey.export({ type: 'pkcs8', format: 'pem' }) })).toThrow(
      'ES256 (EC P-256), RS256 (RSA) or EdDSA (Ed25519)',
    );
  });

  it('[M1] the shared strategy options are checked too', () => {
    expect(make({ server: { name: 'x', type: 'streamable-http', url: 'ftp://x' } })).toThrow(
      'clientCredentials() requires server.url to be an http(s) URL',
    );
  });

  it('[M1] storeClientKey() refuses what is not a private key', async () => {
    await expect(storeClientKey(s.store, server, 'nope')).rejects.toThrow(TypeError);
  });
});
