import { authorizationCode } from '@mcp-oauth/authorization-code';
import { type ServerRecord, StoreKeys } from '@mcp-oauth/core';
import { memoryStore } from '@mcp-oauth/store-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browser, json, type Recorder, startRecorder, startWorld } from './world.js';

let world: Awaited<ReturnType<typeof startWorld>>;
let other: Recorder;
beforeEach(async () => {
  world = await startWorld();
  other = await startRecorder();
});
afterEach(async () => {
  await world.close();
  await other.close();
});

async function loggedIn(options: Partial<Parameters<typeof authorizationCode>[0]> = {}) {
  const store = memoryStore();
  const auth = authorizationCode({
    server: { name: 'hostile', type: 'streamable-http', url: world.mcpUrl },
    store,
    openBrowser: browser().open,
    timeoutMs: 5_000,
    clientId: 'pre-registered',
    clientSecret: 'the-secret',
    ...options,
  });
  await auth.authorize();
  const key = StoreKeys.server(await auth.serverKey());
  const record = () => store.get<ServerRecord>(key, { fresh: true });
  const expireSoon = async () =>
    store.set(key, {
      ...(await record())!,
      issuedAt: Date.now() - 3_590_000,
      expiresAt: Date.now() + 10_000,
    });
  return { auth, store, record, expireSoon };
}

describe('credentials go only to the server that issued them', () => {
  it('[H2] the stored AS is down and the resource now names another: no refresh is sent to it', async () => {
    const { store, record, expireSoon } = await loggedIn();
    const before = (await record())!;
    expect(before.issuer).toBe(world.url);
    expect(before.tokenEndpoint).toBe(`${world.url}/token`);
    await expireSoon();
    // The old AS's metadata answers 503; the protected-resource metadata now names another AS.
    world.routes['/.well-known/oauth-authorization-server'] = (_req, res) =>
      json(res, 503, { error: 'temporarily_unavailable' });
    world.routes['/token'] = (_req, res) => json(res, 503, { error: 'temporarily_unavailable' });
    world.routes['/.well-known/oauth-protected-resource/mcp'] = (_req, res) =>
      json(res, 200, { resource: world.mcpUrl, authorization_servers: [other.url] });
    other.routes['/.well-known/oauth-authorization-server'] = (_req, res) =>
      json(res, 200, {
        issuer: other.url,
        authorization_endpoint: `${other.url}/authorize`,
        token_endpoint: `${other.url}/token`,
      });
    other.routes['/token'] = (_req, res) =>
      json(res, 200, { access_token: 'from-another-as', token_type: 'Bearer' });
    // A fresh instance: nothing cached in memory; back-offs pass at once.
    const fresh = authorizationCode({
      server: { name: 'hostile', type: 'streamable-http', url: world.mcpUrl },
      store,
      openBrowser: false,
      clientId: 'pre-registered',
      clientSecret: 'the-secret',
      clock: { now: () => Date.now(), sleep: async () => {} },
    });
    const tokens = await fresh.tokens();
    // The refresh went only to the issuing server (which is down), never to the new one.
    expect(tokens?.access_token).toBe(before.accessToken);
    expect(other.count('/token')).toBe(0);
    expect(world.count('/token', 'POST')).toBeGreaterThan(1);
  });

  it('[H2] the MCP server itself answering the legacy metadata path gets no refresh token either', async () => {
    const { record, expireSoon, store } = await loggedIn();
    const before = (await record())!;
    await expireSoon();
    // Forget where the AS was: discovery falls back to the MCP server's origin.
    const key = (await store.keys('server:'))[0]!;
    await store.set(key, {
      ...(await store.get<ServerRecord>(key))!,
      authorizationServerUrl: other.url,
    });
    other.routes['/.well-known/oauth-authorization-server'] = (_req, res) =>
      json(res, 200, {
        issuer: other.url,
        authorization_endpoint: `${other.url}/a`,
        token_endpoint: `${other.url}/token`,
      });
    const fresh = authorizationCode({
      server: { name: 'hostile', type: 'streamable-http', url: world.mcpUrl },
      store,
      openBrowser: false,
      clientId: 'pre-registered',
      clientSecret: 'the-secret',
    });
    const tokens = await fresh.tokens();
    // Refreshed at the issuing server's own token endpoint; the one the MCP server named got nothing.
    expect(tokens?.access_token).not.toBe(before.accessToken);
    expect(world.issued.has(tokens!.access_token)).toBe(true);
    expect(other.count('/token')).toBe(0);
  });
});

describe('a refresh in a new process', () => {
  it('[D5] [H2] is one request, to the token endpoint the credentials are bound to', async () => {
    const { store, expireSoon } = await loggedIn();
    await expireSoon();
    const before = world.seen.length;
    const fresh = authorizationCode({
      server: { name: 'hostile', type: 'streamable-http', url: world.mcpUrl },
      store,
      openBrowser: false,
      clientId: 'pre-registered',
      clientSecret: 'the-secret',
    });
    const tokens = await fresh.tokens();
    expect(world.issued.has(tokens!.access_token)).toBe(true);
    expect(world.seen.slice(before).map((s) => `${s.method} ${s.path}`)).toEqual(['POST /token']);
  });
});
