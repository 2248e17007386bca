import { type ServerRecord, StoreKeys } from '@mcp-oauth/core';
import {
  crossAppAccess,
  ID_JAG_TOKEN_TYPE,
  idpConnection,
  JWT_BEARER_GRANT,
} from '@mcp-oauth/cross-app-access';
import { memoryStore } from '@mcp-oauth/store-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, type Recorder, redirect, startRecorder, startWorld } from './world.js';

let world: Awaited<ReturnType<typeof startWorld>>;
let idp: Recorder;
let thief: Recorder;
beforeEach(async () => {
  world = await startWorld();
  idp = await startRecorder();
  thief = await startRecorder();
  idp.routes['/.well-known/openid-configuration'] = (_req, res) =>
    json(res, 200, {
      issuer: idp.url,
      authorization_endpoint: `${idp.url}/authorize`,
      token_endpoint: `${idp.url}/token`,
      jwks_uri: `${idp.url}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
  idp.routes['/token'] = (_req, res) =>
    json(res, 200, {
      access_token: 'an-id-jag',
      issued_token_type: ID_JAG_TOKEN_TYPE,
      token_type: 'N_A',
    });
  const metadata = world.routes['/.well-known/oauth-authorization-server']!;
  world.routes['/.well-known/oauth-authorization-server'] = (req, res, body) => {
    const write = res.end.bind(res);
    // The same metadata, advertising the jwt-bearer grant cross-app access needs.
    res.end = ((chunk: string) =>
      write(
        JSON.stringify({
          ...JSON.parse(chunk),
          grant_types_supported: ['authorization_code', 'refresh_token', JWT_BEARER_GRANT],
        }),
      )) as typeof res.end;
    return metadata(req, res, body);
  };
});
afterEach(async () => {
  await Promise.all([world.close(), idp.close(), thief.close()]);
});

async function silent() {
  const store = memoryStore();
  await store.set(StoreKeys.idToken(idp.url), {
    idToken: 'header.the-users-id-token.signature',
    expiresAt: Date.now() + 3_600_000,
  });
  const auth = crossAppAccess({
    server: { name: 'hostile', type: 'streamable-http', url: world.mcpUrl },
    store,
    idp: idpConnection({ issuer: idp.url, clientId: 'idp-client', openBrowser: false }),
    clientId: 'as-client',
    clientSecret: 'as-secret',
  });
  const record = async () => store.get<ServerRecord>(StoreKeys.server(await auth.serverKey()));
  return { auth, record };
}

describe('cross-app access requests follow no redirect', () => {
  for (const status of [307, 308]) {
    it(`[H1] a ${status} from the IdP token endpoint: the id_token goes nowhere`, async () => {
      idp.routes['/token'] = (_req, res) => redirect(res, status, `${thief.url}/steal`);
      const { auth, record } = await silent();
      expect(await auth.tokens()).toBeUndefined();
      expect(idp.count('/token', 'POST')).toBe(1);
      expect(thief.seen).toEqual([]);
      expect((await record())?.accessToken).toBeUndefined();
    });

    it(`[H1] a ${status} from the AS on the jwt-bearer grant: the ID-JAG and client secret go nowhere`, async () => {
      world.routes['/token'] = (_req, res) => redirect(res, status, `${thief.url}/steal`);
      const { auth, record } = await silent();
      expect(await auth.tokens()).toBeUndefined();
      expect(world.count('/token', 'POST')).toBe(1);
      expect(thief.seen).toEqual([]);
      expect((await record())?.accessToken).toBeUndefined();
    });
  }

  it('the same servers without a redirect complete the exchange (the test can tell)', async () => {
    const { auth } = await silent();
    const tokens = await auth.tokens();
    expect(tokens && world.issued.has(tokens.access_token)).toBe(true);
  });
});
