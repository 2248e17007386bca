import { describe, expect, it } from 'vitest';
import {
  applyTokens,
  cachedStore,
  clientSecrets,
  idTokens,
  invalidateRecord,
  type JsonValue,
  needsLogin,
  type ServerRecord,
  type Store,
  serverRecords,
  toTokens,
} from '../src/index.js';

function mapStore(): Store {
  const data = new Map<string, JsonValue>();
  return {
    capabilities: { crossProcess: false, cachedReads: false },
    get: (key) => data.get(key) as never,
    set: (key, value) => void data.set(key, value),
    delete: (key) => data.delete(key),
    keys: () => [...data.keys()],
    update: async (key, fn) => {
      const next = await fn(data.get(key) as never);
      if (next === undefined) data.delete(key);
      else data.set(key, next);
      return next;
    },
  };
}

const full: ServerRecord = {
  client: { client_id: 'cid', client_secret: 'cs' },
  accessToken: 'AT',
  refreshToken: 'RT',
  expiresAt: 10_000,
  scope: 'read',
  authorizationServerUrl: 'https://as.example.com',
  resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource',
  stepUpScope: 'read write',
};

describe('needsLogin', () => {
  it('[K2] true when a record exists with neither access nor refresh token', () => {
    expect(needsLogin({ authorizationServerUrl: 'https://as.example.com' })).toBe(true);
    expect(needsLogin(undefined)).toBe(false);
    expect(needsLogin({ accessToken: 'AT' })).toBe(false);
    expect(needsLogin({ refreshToken: 'RT' })).toBe(false);
  });

  it('[K2] never true for cross-app access servers, which re-authenticate silently', () => {
    expect(needsLogin({ authorizationServerUrl: 'x' }, { crossAppAccess: true })).toBe(false);
  });
});

describe('applyTokens', () => {
  it('[T5] [H6] stores tokens, expiry, issue time and scope, clears step-up, keeps other fields; no lifetime means no expiry', () => {
    const next = applyTokens(full, { access_token: 'AT2', refresh_token: 'RT2' }, 1_000);
    const { expiresAt: _unknown, ...rest } = full;
    expect(next).toEqual({
      ...rest,
      accessToken: 'AT2',
      refreshToken: 'RT2',
      issuedAt: 1_000,
      stepUpScope: undefined,
    });
    expect('stepUpScope' in next).toBe(false);
    expect('expiresAt' in next).toBe(false);
    expect(applyTokens(undefined, { access_token: 'a', expires_in: 60, scope: 's' }, 0)).toEqual({
      accessToken: 'a',
      expiresAt: 60_000,
      issuedAt: 0,
      scope: 's',
    });
  });

  it('[R8] keeps the old refresh token when the response has none', () => {
    expect(applyTokens(full, { access_token: 'AT2' }, 0).refreshToken).toBe('RT');
  });
});

describe('toTokens', () => {
  it('[T6] returns access_token, refresh_token, remaining expires_in, scope and Bearer', () => {
    expect(toTokens(full, 4_500)).toEqual({
      access_token: 'AT',
      refresh_token: 'RT',
      expires_in: 5,
      scope: 'read',
      token_type: 'Bearer',
    });
    expect(toTokens(full, 20_000)?.expires_in).toBe(0);
    expect(toTokens({ refreshToken: 'RT' }, 0)).toBeUndefined();
  });
});

describe('invalidateRecord', () => {
  it('[I1] all deletes; client, tokens and discovery clear only their fields', () => {
    expect(invalidateRecord(full, 'all')).toBeUndefined();
    const { client: _c, ...noClient } = full;
    expect(invalidateRecord(full, 'client')).toEqual(noClient);
    const { accessToken: _a, refreshToken: _r, expiresAt: _e, ...noTokens } = full;
    expect(invalidateRecord(full, 'tokens')).toEqual(noTokens);
    const {
      authorizationServerUrl: _s,
      resourceMetadataUrl: _m,
      stepUpScope: _u,
      ...noDiscovery
    } = full;
    expect(invalidateRecord(full, 'discovery')).toEqual(noDiscovery);
  });
});

describe('serverRecords', () => {
  it('[C4] patch merges into the record and keeps the other fields', async () => {
    const records = serverRecords(mapStore());
    await records.patch('s|1', { accessToken: 'AT', scope: 'a' });
    await records.patch('s|1', { client: { client_id: 'new' } });
    expect(await records.get('s|1')).toEqual({
      accessToken: 'AT',
      scope: 'a',
      client: { client_id: 'new' },
    });
    await records.invalidate('s|1', 'all');
    expect(await records.get('s|1')).toBeUndefined();
  });

  it('works over a cached store (frozen values are copied, not mutated)', async () => {
    const records = serverRecords(cachedStore(mapStore()));
    await records.patch('s|1', { accessToken: 'AT' });
    await records.patch('s|1', { scope: 'x' });
    expect(await records.get('s|1')).toEqual({ accessToken: 'AT', scope: 'x' });
  });
});

describe('clientSecrets and idTokens', () => {
  it('keep secrets per server key and id_tokens per issuer, expiring by time', async () => {
    const store = mapStore();
    const secrets = clientSecrets(store);
    await secrets.set('a|1', 'S1');
    expect(await secrets.get('a|1')).toBe('S1');
    expect(await secrets.get('b|2')).toBeUndefined();
    await secrets.delete('a|1');
    expect(await secrets.get('a|1')).toBeUndefined();
    const tokens = idTokens(store);
    await tokens.set('https://idp.example.com', { idToken: 'IDT', expiresAt: 100 });
    expect(await tokens.get('https://idp.example.com', 99)).toEqual({
      idToken: 'IDT',
      expiresAt: 100,
    });
    expect(await tokens.get('https://idp.example.com', 100)).toBeUndefined();
  });
});
