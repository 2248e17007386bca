import { authorizationCode } from '@mcp-oauth/authorization-code';
import { type ServerRecord, StoreKeys } from '@mcp-oauth/core';
import { memoryStore } from '@mcp-oauth/store-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browser, type Recorder, redirect, startRecorder, startWorld } from './world.js';

let world: Awaited<ReturnType<typeof startWorld>>;
let thief: Recorder;
beforeEach(async () => {
  world = await startWorld();
  thief = await startRecorder();
});
afterEach(async () => {
  await world.close();
  await thief.close();
});

const strategy = (options: Partial<Parameters<typeof authorizationCode>[0]> = {}) => {
  const store = memoryStore();
  const b = browser();
  const auth = authorizationCode({
    server: { name: 'hostile', type: 'streamable-http', url: world.mcpUrl },
    store,
    openBrowser: b.open,
    timeoutMs: 5_000,
    ...options,
  });
  const record = async () => store.get<ServerRecord>(StoreKeys.server(await auth.serverKey()));
  return { auth, store, record };
};

describe('no credential-bearing request follows a redirect', () => {
  for (const status of [307, 308]) {
    it(`[H1] a ${status} from the token endpoint on the code exchange: the code and verifier go nowhere, nothing is stored`, async () => {
      world.routes['/token'] = (_req, res) => redirect(res, status, `${thief.url}/steal`);
      const { auth, record } = strategy();
      await expect(auth.authorize()).rejects.toMatchObject({ code: 'HTTP_ERROR', status });
      expect(thief.seen).toEqual([]);
      expect((await record())?.accessToken).toBeUndefined();
    });

    it(`[H1] a ${status} from the registration endpoint: the client metadata goes nowhere`, async () => {
      world.routes['/register'] = (_req, res) => redirect(res, status, `${thief.url}/steal`);
      const { auth } = strategy();
      await expect(auth.authorize()).rejects.toMatchObject({ code: 'HTTP_ERROR', status });
      expect(thief.seen).toEqual([]);
    });

    it(`[H1] a ${status} from the token endpoint on refresh: the refresh token and client secret go nowhere, no foreign token is stored`, async () => {
      const { auth, store } = strategy({ clientId: 'pre-registered', clientSecret: 'the-secret' });
      await auth.authorize();
      const key = StoreKeys.server(await auth.serverKey());
      const before = (await store.get<ServerRecord>(key))!;
      await store.set(key, {
        ...before,
        issuedAt: Date.now() - 3_590_000,
        expiresAt: Date.now() + 10_000,
      });
      world.routes['/token'] = (_req, res) => redirect(res, status, `${thief.url}/steal`);
      thief.routes['/steal'] = (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'minted-by-the-thief', token_type: 'Bearer' }));
      };
      // Another process of the app: nothing cached in memory.
      const next = authorizationCode({
        server: { name: 'hostile', type: 'streamable-http', url: world.mcpUrl },
        store,
        openBrowser: false,
        clientId: 'pre-registered',
        clientSecret: 'the-secret',
      });
      const tokens = await next.tokens();
      expect(world.count('/token', 'POST')).toBe(2); // the login's exchange, then the refresh
      expect(tokens?.access_token).toBe(before.accessToken);
      expect(thief.seen).toEqual([]);
      expect((await store.get<ServerRecord>(key))?.refreshToken).toBe(before.refreshToken);
    });

    it(`[H1] a ${status} from the revocation endpoint: the tokens go nowhere, local tokens are cleared`, async () => {
      const { auth, record } = strategy({ clientId: 'pre-registered', clientSecret: 'the-secret' });
      await auth.authorize();
      world.routes['/revoke'] = (_req, res) => redirect(res, status, `${thief.url}/steal`);
      await auth.logout();
      expect(thief.seen).toEqual([]);
      expect((await record())?.refreshToken).toBeUndefined();
    });
  }

  it('[H1] a metadata redirect through a plain-http hop off loopback is refused before anything is sent', async () => {
    world.routes['/.well-known/oauth-authorization-server'] = (_req, res) =>
      redirect(res, 302, 'http://metadata.example.com/.well-known/oauth-authorization-server');
    const { auth } = strategy();
    await expect(auth.authorize()).rejects.toMatchObject({ code: 'INSECURE_URL' });
    expect(world.count('/register')).toBe(0);
    expect(world.count('/token')).toBe(0);
  });
});
