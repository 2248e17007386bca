import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthorizationServer, startAuthorizationServer } from '../index.js';

const RESOURCE = 'http://127.0.0.1:1/mcp';
const PLATFORM = 'https://platform.example';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const platform = generateKeyPairSync('ec', { namedCurve: 'P-256' });

/** An ES256 workload JWT signed by the test platform. */
function workloadJwt(claims: Record<string, unknown>) {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'ES256', kid: 'platform' })}.${part(claims)}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: platform.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}

async function post(as: AuthorizationServer, fields: Record<string, string>, auth?: string) {
  const response = await fetch(as.endpoints.token, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(auth ? { authorization: auth } : {}),
    },
    body: new URLSearchParams(fields),
  });
  return { status: response.status, body: await response.json() };
}

let as: AuthorizationServer;
beforeAll(async () => {
  as = await startAuthorizationServer({
    clientCredentials: true,
    workloadIdentity: {
      issuer: PLATFORM,
      keys: [{ ...platform.publicKey.export({ format: 'jwk' }), kid: 'platform' }],
      subjects: ['system:serviceaccount:jobs:reporter'],
    },
    clients: [
      {
        client_id: 'job',
        client_secret: 'job-secret',
        redirect_uris: [],
        response_types: [],
        grant_types: ['client_credentials'],
      },
      {
        client_id: 'workload',
        redirect_uris: [],
        response_types: [],
        grant_types: [JWT_BEARER],
        token_endpoint_auth_method: 'none',
      },
    ],
  });
});
afterAll(() => as?.close());

describe('machine grants', () => {
  it('lists both grants in its metadata', async () => {
    const metadata = await (await fetch(as.endpoints.metadata)).json();
    expect(metadata.grant_types_supported).toEqual(
      expect.arrayContaining(['client_credentials', JWT_BEARER]),
    );
  });

  it('client_credentials: a token for the resource, with the client as subject', async () => {
    const basic = `Basic ${Buffer.from('job:job-secret').toString('base64')}`;
    const { status, body } = await post(
      as,
      { grant_type: 'client_credentials', resource: RESOURCE, scope: 'mcp:tools' },
      basic,
    );
    expect(status).toBe(200);
    expect(await as.verifyAccessToken(body.access_token, { resource: RESOURCE })).toMatchObject({
      sub: 'job',
      clientId: 'job',
      scope: 'mcp:tools',
    });
  });

  it('jwt-bearer: a platform JWT gets a token with the workload as subject; a replay, a wrong audience or an expired one do not', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: PLATFORM,
      sub: 'system:serviceaccount:jobs:reporter',
      aud: as.issuer,
      iat: now,
      exp: now + 600,
      jti: randomUUID(),
    };
    const grant = (assertion: string) =>
      post(as, { grant_type: JWT_BEARER, assertion, resource: RESOURCE, client_id: 'workload' });
    const ok = await grant(workloadJwt(claims));
    expect(ok.status).toBe(200);
    expect(await as.verifyAccessToken(ok.body.access_token, { resource: RESOURCE })).toMatchObject({
      sub: 'system:serviceaccount:jobs:reporter',
    });
    for (const bad of [
      claims,
      { ...claims, jti: randomUUID(), aud: 'https://elsewhere.example' },
      { ...claims, jti: randomUUID(), exp: now - 5 },
      { ...claims, jti: randomUUID(), sub: 'system:serviceaccount:other:x' },
      { ...claims, jti: randomUUID(), iss: 'https://untrusted.example' },
    ]) {
      expect(await grant(workloadJwt(bad))).toMatchObject({
        status: 400,
        body: { error: 'invalid_grant' },
      });
    }
    expect(as.workloadGrants).toEqual({ accepted: 1, refused: 5 });
  });
});
