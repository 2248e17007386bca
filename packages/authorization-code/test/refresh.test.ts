import {
  type AuthEvent,
  ErrorCode,
  type JsonValue,
  type Lock,
  type ServerRecord,
  type Store,
  StoreError,
  StoreKeys,
} from '@mcp-oauth/core';
import { RENEWAL_HOLD_MS } from '@mcp-oauth/oauth';
import { memoryStore } from '@mcp-oauth/store-memory';
import { describe, expect, it, vi } from 'vitest';
import { authorizationCode } from '../src/index.js';
import { AS, fakeAs, fakeClock, MCP } from './support/fake-as.js';

const server = { name: 'docs', type: 'streamable-http', url: MCP };

async function setup(record: ServerRecord | undefined, overrides: Record<string, unknown> = {}) {
  const as = fakeAs();
  const clock = fakeClock();
  const store = memoryStore();
  const events: AuthEvent[] = [];
  const debug = vi.fn();
  const auth = authorizationCode({
    server,
    store,
    fetch: as.fetch,
    clock,
    onEvent: (e) => events.push(e),
    logger: { debug },
    random: () => 0.5,
    ...overrides,
  });
  const key = StoreKeys.server(await auth.serverKey());
  if (record) await store.set(key, record as JsonValue);
  const stored = () => store.get<ServerRecord>(key);
  const writeBehind = (next: ServerRecord) => store.set(key, next as JsonValue);
  return { as, clock, store, events, debug, auth, stored, writeBehind };
}

const base = (now: number, expiresInS: number): ServerRecord => ({
  client: { client_id: 'cid' },
  accessToken: 'AT1',
  refreshToken: 'RT1',
  expiresAt: now + expiresInS * 1000,
  scope: 'mcp:read',
  authorizationServerUrl: AS,
  resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
});

const NOW = 1_700_000_000_000;

describe('tokens() hot path', () => {
  it('[T1] no record: no tokens', async () => {
    const { auth, as } = await setup(undefined);
    expect(await auth.tokens()).toBeUndefined();
    expect(as.requests).toHaveLength(0);
  });

  it('[T2] expired and no refresh token: no tokens', async () => {
    const { refreshToken: _, ...noRefresh } = base(NOW, -10);
    const { auth, as } = await setup(noRefresh);
    expect(await auth.tokens()).toBeUndefined();
    expect(as.requests).toHaveLength(0);
  });

  it('[T6] a valid token comes back as access_token, refresh_token, remaining expires_in, scope, Bearer', async () => {
    const { auth, as } = await setup(base(NOW, 3600));
    expect(await auth.tokens()).toEqual({
      access_token: 'AT1',
      refresh_token: 'RT1',
      expires_in: 3600,
      scope: 'mcp:read',
      token_type: 'Bearer',
    });
    expect(as.requests).toHaveLength(0);
  });

  it('[T7] repeated calls read the backing store once and make no request', async () => {
    const { auth, store, as } = await setup(base(NOW, 3600));
    const get = vi.spyOn(store, 'get');
    for (let i = 0; i < 1000; i++) await auth.tokens();
    expect(get.mock.calls.length).toBeLessThanOrEqual(1);
    expect(as.requests).toHaveLength(0);
  });

  it('[T3] soon-expiring: concurrent callers share one proactive refresh', async () => {
    const { auth, as, stored } = await setup(base(NOW, 299));
    const results = await Promise.all(Array.from({ length: 10 }, () => auth.tokens()));
    expect(as.count('/token')).toBe(1);
    for (const tokens of results) expect(tokens?.access_token).toBe('AT2');
    expect(stored()).toMatchObject({ accessToken: 'AT2', refreshToken: 'RT2' });
  });

  it('[T3] not soon-expiring (301 s left): no refresh', async () => {
    const { auth, as } = await setup(base(NOW, 301));
    expect((await auth.tokens())?.access_token).toBe('AT1');
    expect(as.count('/token')).toBe(0);
  });

  it('[T3] a failed refresh returns the current tokens', async () => {
    const { auth, as } = await setup(base(NOW, 100));
    as.tokenReplies = [{ status: 400, body: { error: 'invalid_request' } }];
    const tokens = await auth.tokens();
    expect(tokens?.access_token).toBe('AT1');
    expect(tokens?.refresh_token).toBe('RT1');
  });

  it('[T4] step-up pending and the token lacks the scope: no refresh token and no refresh', async () => {
    const { auth, as } = await setup({ ...base(NOW, 100), stepUpScope: 'mcp:read mcp:admin' });
    const tokens = await auth.tokens();
    expect(tokens).toMatchObject({ access_token: 'AT1' });
    expect(tokens).not.toHaveProperty('refresh_token');
    expect(as.count('/token')).toBe(0);
  });
});

describe('refresh', () => {
  it('[R3] [C8] the refresh carries the client and resource = the MCP server URL', async () => {
    const { auth, as } = await setup(base(NOW, 10));
    await auth.tokens();
    const token = as.requests.find((r) => r.url === `${AS}/token`)!;
    expect(Object.fromEntries(token.params!)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'RT1',
      resource: MCP,
      client_id: 'cid',
    });
  });

  it('[D5] with persisted discovery state: one metadata request, then none (cached in memory)', async () => {
    const { auth, as, clock } = await setup(base(NOW, 10));
    await auth.tokens();
    expect(as.requests.map((r) => new URL(r.url).pathname)).toEqual([
      '/.well-known/oauth-authorization-server',
      '/token',
    ]);
    clock.advance(3600 * 1000);
    await auth.tokens();
    expect(as.count('/.well-known/oauth-authorization-server')).toBe(1);
    expect(as.count('/token')).toBe(2);
  });

  it('[R8] the new refresh token is stored with the new access token; none returned keeps the old', async () => {
    const { auth, as, stored, clock } = await setup(base(NOW, 10));
    await auth.tokens();
    expect(stored()).toMatchObject({
      accessToken: 'AT2',
      refreshToken: 'RT2',
      expiresAt: NOW + 3600_000,
    });
    as.tokenReplies = [
      { status: 200, body: { access_token: 'AT3', token_type: 'bearer', expires_in: 60 } },
    ];
    clock.advance(3600 * 1000);
    await auth.tokens();
    expect(stored()).toMatchObject({ accessToken: 'AT3', refreshToken: 'RT2' });
  });

  /** A lock that lets "another process" write to the store just before we get the lock. */
  const racingLock = (sibling: () => Promise<void>): Lock => {
    const inner = memoryStore();
    return {
      withLock: async (name, fn, options) => {
        await sibling();
        return inner.withLock(name, fn, options);
      },
    };
  };

  it('[R2] after taking the lock, a refresh made by another process is used without a request', async () => {
    let writeBehind: (r: ServerRecord) => Promise<void> = async () => {};
    const lock = racingLock(() =>
      writeBehind({ ...base(NOW, 3600), accessToken: 'AT-other', refreshToken: 'RT-other' }),
    );
    const ctx = await setup(base(NOW, 10), { lock });
    writeBehind = async (r) => ctx.writeBehind(r);
    expect((await ctx.auth.tokens())?.access_token).toBe('AT-other');
    expect(ctx.as.count('/token')).toBe(0);
  });

  it('[R2] else the freshest refresh token in the store is used', async () => {
    let writeBehind: (r: ServerRecord) => Promise<void> = async () => {};
    const lock = racingLock(() => writeBehind({ ...base(NOW, 10), refreshToken: 'RT-fresh' }));
    const ctx = await setup(base(NOW, 10), { lock });
    writeBehind = async (r) => ctx.writeBehind(r);
    await ctx.auth.tokens();
    const token = ctx.as.requests.find((r) => r.url === `${AS}/token`);
    expect(token?.params?.get('refresh_token')).toBe('RT-fresh');
  });

  it('[R4] retries server_error, temporarily_unavailable and 429, waiting 1 s then 2 s, 3 attempts in all', async () => {
    const { auth, as, clock, events } = await setup(base(NOW, 10));
    as.tokenReplies = [
      { status: 500, body: { error: 'server_error' } },
      { status: 429, body: { error: 'slow_down' } },
      { status: 503, body: { error: 'temporarily_unavailable' } },
    ];
    const tokens = await auth.tokens();
    expect(as.count('/token')).toBe(3);
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(tokens?.access_token).toBe('AT1');
    expect(events.at(-1)).toMatchObject({
      type: 'refresh',
      reason: 'transient_retries_exhausted',
      status: 503,
    });
  });

  it('[R4] a transient failure followed by success refreshes', async () => {
    const { auth, as, clock } = await setup(base(NOW, 10));
    as.tokenReplies = [
      { status: 503, body: { error: 'temporarily_unavailable' } },
      { status: 200, body: { access_token: 'AT9', token_type: 'Bearer' } },
    ];
    expect((await auth.tokens())?.access_token).toBe('AT9');
    expect(clock.sleeps).toEqual([1000]);
  });

  it('[R4] does not retry other errors', async () => {
    const { auth, as, clock, events } = await setup(base(NOW, 10));
    as.tokenReplies = [{ status: 400, body: { error: 'invalid_request' } }];
    await auth.tokens();
    expect(as.count('/token')).toBe(1);
    expect(clock.sleeps).toEqual([]);
    expect(events.at(-1)).toMatchObject({
      reason: 'request_failed',
      oauthError: 'invalid_request',
      status: 400,
    });
  });

  it('[R5] invalid_grant: tokens invalidated, client and discovery kept, nothing returned', async () => {
    const { auth, as, stored, events } = await setup(base(NOW, 10));
    as.tokenReplies = [{ status: 400, body: { error: 'invalid_grant' } }];
    expect(await auth.tokens()).toBeUndefined();
    expect(stored()).toEqual({
      client: { client_id: 'cid' },
      scope: 'mcp:read',
      authorizationServerUrl: AS,
      resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
    });
    expect(events.at(-1)).toMatchObject({
      type: 'refresh',
      reason: 'invalid_grant',
      oauthError: 'invalid_grant',
    });
  });

  it('[R5] invalid_grant after another process refreshed: its tokens are used', async () => {
    const { auth, as, writeBehind } = await setup(base(NOW, 10));
    as.tokenReplies = [
      async () => {
        await writeBehind({
          ...base(NOW, 3600),
          accessToken: 'AT-sibling',
          refreshToken: 'RT-sibling',
        });
        return { status: 400, body: { error: 'invalid_grant' } };
      },
    ];
    expect((await auth.tokens())?.access_token).toBe('AT-sibling');
  });

  it('[R6] reports no_client_info, no_tokens_returned and metadata_discovery_failed', async () => {
    const { client: _, ...noClient } = base(NOW, 10);
    const a = await setup(noClient);
    await a.auth.tokens();
    expect(a.events.at(-1)).toMatchObject({ type: 'refresh', reason: 'no_client_info' });

    const b = await setup(base(NOW, 10));
    b.as.tokenReplies = [{ status: 200, body: { token_type: 'Bearer' } }];
    await b.auth.tokens();
    expect(b.events.at(-1)).toMatchObject({ reason: 'no_tokens_returned' });

    const c = await setup(base(NOW, 10));
    c.as.metadataStatus = 500;
    await c.auth.tokens();
    expect(c.events.at(-1)).toMatchObject({ reason: 'metadata_discovery_failed' });
    expect(c.as.count('/token')).toBe(0);

    const d = await setup(base(NOW, 10));
    await d.auth.tokens();
    expect(d.events).toEqual([
      { type: 'refresh', serverKey: await d.auth.serverKey(), reason: 'success' },
    ]);
  });

  it('[R1] [H7] waits for the lock as long as a holder may hold it, and never refreshes without it', async () => {
    const waits: Array<number | undefined> = [];
    const busy: Lock = {
      withLock: async (_name, _fn, options) => {
        waits.push(options?.timeoutMs);
        throw new StoreError(ErrorCode.LockUnavailable, 'held');
      },
    };
    const { auth, as, debug } = await setup(base(NOW, 10), { lock: busy });
    // The old token is handed back (T3); no refresh request went out without the lock.
    expect((await auth.tokens())?.access_token).toBe('AT1');
    expect(waits).toEqual([RENEWAL_HOLD_MS]);
    expect(RENEWAL_HOLD_MS).toBeGreaterThanOrEqual(3 * 30_000 + 7_000);
    expect(as.count('/token')).toBe(0);
    expect(debug.mock.calls.some(([m]) => /not released in time; not refreshing/.test(m))).toBe(
      true,
    );
  });

  it('[H7] when the wait ends, tokens another process stored meanwhile are used', async () => {
    let holderFinishes = async () => {};
    const { auth, as, writeBehind } = await setup(base(NOW, 10), {
      lock: {
        withLock: async () => {
          await holderFinishes();
          throw new StoreError(ErrorCode.LockUnavailable, 'held');
        },
      },
    });
    // The holder stored fresh tokens before the wait ran out.
    holderFinishes = async () => {
      await writeBehind({ ...base(NOW, 3600), accessToken: 'FROM-OTHER' });
    };
    expect((await auth.tokens())?.access_token).toBe('FROM-OTHER');
    expect(as.count('/token')).toBe(0);
  });

  it('[R9] a waiter wakes when the store reports the record changed, not by polling it', async () => {
    const inner = memoryStore();
    let reads = 0;
    // Change notifications for the keys a waiter subscribed to; a write to
    // another key (the server key itself is not a store key) says nothing.
    const subscribers = new Map<string, () => void>();
    const watched: string[] = [];
    // A store that says when a record changes, with a lock another process holds.
    const store: Store = {
      capabilities: inner.capabilities,
      get: (key, options) => {
        if (options?.fresh) reads++;
        return inner.get(key, options);
      },
      set: (key, value) => inner.set(key, value),
      delete: (key) => inner.delete(key),
      keys: (prefix) => inner.keys(prefix),
      update: (key, fn) => inner.update(key, fn),
      changed: (key, options) =>
        new Promise((resolve, reject) => {
          watched.push(key);
          subscribers.set(key, () => resolve());
          options?.signal?.addEventListener('abort', () => reject(options.signal?.reason));
        }),
      withLock: (_name, _fn, options) =>
        new Promise((_resolve, reject) => {
          options?.signal?.addEventListener('abort', () =>
            reject(new StoreError(ErrorCode.LockUnavailable, 'held')),
          );
        }),
    };
    const { auth, as } = await setup(undefined, { store });
    const key = StoreKeys.server(await auth.serverKey());
    await inner.set(key, base(NOW, 10) as JsonValue);
    const result = auth.tokens();
    // The holder takes its time: well over the 15 ms a polling waiter would look after.
    await new Promise((resolve) => setTimeout(resolve, 120));
    const readsWhileWaiting = reads;
    await inner.set(key, { ...base(NOW, 3600), accessToken: 'FROM-OTHER' } as JsonValue);
    subscribers.get(key)?.();
    expect((await result)?.access_token).toBe('FROM-OTHER');
    expect(as.count('/token')).toBe(0);
    // One look when it started waiting; none until the change was reported.
    expect(readsWhileWaiting).toBeLessThanOrEqual(2);
    expect(watched.length).toBeGreaterThanOrEqual(1);
    expect(new Set(watched)).toEqual(new Set([key]));
  });

  it('[R9] the process that takes the lock stops watching the record: its own write wakes nothing', async () => {
    const inner = memoryStore();
    let reads = 0;
    let wrote = false;
    let readsAfterWrite = 0;
    const subscribers = new Set<() => void>();
    let watching = 0;
    const written = () => {
      wrote = true;
      for (const notify of subscribers) notify();
    };
    const store: Store = {
      capabilities: inner.capabilities,
      get: (key, options) => {
        if (options?.fresh) {
          reads++;
          if (wrote) readsAfterWrite++;
        }
        return inner.get(key, options);
      },
      set: async (key, value) => {
        await inner.set(key, value);
        written();
      },
      delete: (key) => inner.delete(key),
      keys: (prefix) => inner.keys(prefix),
      update: async (key, fn) => {
        const value = await inner.update(key, fn);
        written();
        return value;
      },
      changed: (_key, options) =>
        new Promise((resolve, reject) => {
          watching++;
          const notify = () => {
            if (subscribers.delete(notify)) watching--;
            resolve();
          };
          subscribers.add(notify);
          options?.signal?.addEventListener(
            'abort',
            () => {
              if (subscribers.delete(notify)) watching--;
              reject(options.signal?.reason);
            },
            { once: true },
          );
        }),
      withLock: (name, fn, options) => inner.withLock(name, fn, options),
    };
    const { auth, as } = await setup(undefined, { store });
    const key = StoreKeys.server(await auth.serverKey());
    await inner.set(key, base(NOW, 10) as JsonValue);
    expect((await auth.tokens())?.access_token).toBe('AT2');
    expect(as.count('/token')).toBe(1);
    expect(wrote).toBe(true);
    // The re-read under the lock (SPEC R2), and none after the write.
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(readsAfterWrite).toBe(0);
    expect(watching).toBe(0);
  });

  it('[R1] the lock is taken per server key and always released, even when the refresh throws', async () => {
    const names: string[] = [];
    const inner = memoryStore();
    const lock: Lock = {
      withLock: (name, fn, options) => {
        names.push(name);
        return inner.withLock(name, fn, options);
      },
    };
    const { auth, as } = await setup(base(NOW, 10), { lock });
    as.tokenReplies = [{ status: 400, body: { error: 'invalid_request' } }];
    await auth.tokens();
    expect(names).toEqual([`refresh:${await auth.serverKey()}`]);
    expect(await inner.withLock(names[0]!, async () => 'free', { timeoutMs: 0 })).toBe('free');
  });
});
