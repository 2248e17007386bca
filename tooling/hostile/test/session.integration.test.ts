import { authorizationCode } from '@mcp-oauth/authorization-code';
import { type ServerRecord, StoreKeys } from '@mcp-oauth/core';
import { memoryStore } from '@mcp-oauth/store-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browser, json, startWorld } from './world.js';

let world: Awaited<ReturnType<typeof startWorld>>;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => world.close());

function strategy(
  store = memoryStore(),
  options: Partial<Parameters<typeof authorizationCode>[0]> = {},
) {
  const b = browser();
  const auth = authorizationCode({
    server: { name: 'hostile', type: 'streamable-http', url: world.mcpUrl },
    store,
    openBrowser: b.open,
    timeoutMs: 5_000,
    ...options,
  });
  const record = async () =>
    store.get<ServerRecord>(StoreKeys.server(await auth.serverKey()), { fresh: true });
  return { auth, store, record, browser: b };
}

describe('a login that fails keeps the session that works', () => {
  it('[H5] a failed code exchange leaves the stored tokens and client intact', async () => {
    const { auth, record, store } = strategy();
    await auth.authorize();
    const before = (await record())!;
    world.routes['/token'] = (_req, res) => json(res, 500, { error: 'server_error' });
    await expect(auth.authorize()).rejects.toMatchObject({ code: 'OAUTH_ERROR' });
    const after = (await record())!;
    expect(after.accessToken).toBe(before.accessToken);
    expect(after.refreshToken).toBe(before.refreshToken);
    expect(after.client).toEqual(before.client);
    // The working token still works against the MCP server.
    const again = strategy(store).auth;
    expect((await again.tokens())?.access_token).toBe(before.accessToken);
  });

  it('[H5] an abandoned login (cancelled) leaves the session intact', async () => {
    const seeded = strategy();
    await seeded.auth.authorize();
    const before = (await seeded.record())!;
    const controller = new AbortController();
    // The browser never comes back; the user cancels.
    const pending = strategy(seeded.store, { openBrowser: async () => true }).auth.authorize({
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    const after = (await seeded.record())!;
    expect(after.accessToken).toBe(before.accessToken);
    expect(after.client).toEqual(before.client);
  });
});

describe('a callback that is not the flow is ignored', () => {
  it('[H4] stray callbacks on the real socket before the real one: the login completes with the real code', async () => {
    let strays: number[] = [];
    const { auth } = strategy(memoryStore(), {
      openBrowser: async (url) => {
        void (async () => {
          const location = (await fetch(url, { redirect: 'manual' })).headers.get('location')!;
          const callback = new URL(location);
          const base = `${callback.origin}${callback.pathname}`;
          strays = await Promise.all(
            ['?code=stolen', '?code=stolen&state=forged', '?error=access_denied', ''].map(
              async (query) => (await fetch(`${base}${query}`)).status,
            ),
          );
          await fetch(location);
        })();
        return true;
      },
    });
    const tokens = await auth.authorize();
    expect(strays).toEqual([400, 400, 400, 400]);
    expect(world.issued.has(tokens.access_token)).toBe(true);
    const exchange = world.seen.find((s) => s.path === '/token');
    expect(new URLSearchParams(exchange?.body).get('code')).not.toBe('stolen');
  });
});

describe('token responses are checked before anything is stored', () => {
  it('[H9] an access token with CRLF is refused whole: neither it nor its refresh token is stored, no message carries it', async () => {
    world.routes['/token'] = (_req, res) =>
      json(res, 200, {
        access_token: 'evil\r\nX-Injected: 1',
        token_type: 'Bearer',
        refresh_token: 'rt-from-a-bad-response',
      });
    const { auth, record } = strategy();
    const error = (await auth.authorize().catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(error.message).not.toMatch(/evil|rt-from-a-bad-response/);
    expect((await record())?.refreshToken).toBeUndefined();
    expect((await record())?.accessToken).toBeUndefined();
  });
});

describe('server names that would break a store', () => {
  it('[H10] a too-long or malformed server name is refused when the strategy is created', () => {
    const store = memoryStore();
    for (const name of ['x'.repeat(180), 'lone \ud800 surrogate', 'new\nline']) {
      expect(() =>
        authorizationCode({ server: { name, type: 'streamable-http', url: world.mcpUrl }, store }),
      ).toThrow(TypeError);
    }
    expect(() =>
      authorizationCode({
        server: { name: 'x'.repeat(169), type: 'streamable-http', url: world.mcpUrl },
        store,
      }),
    ).not.toThrow();
  });
});
