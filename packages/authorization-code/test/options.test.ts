import { memoryStore } from '@mcp-oauth/store-memory';
import { describe, expect, it } from 'vitest';
import { authorizationCode } from '../src/index.js';

const server = { name: 'docs', type: 'streamable-http', url: 'https://mcp.example.com/mcp' };

describe('authorizationCode options', () => {
  it('validates options up front with clear TypeErrors', () => {
    const store = memoryStore();
    expect(() => authorizationCode(undefined as never)).toThrow(TypeError);
    expect(() => authorizationCode({ server: { ...server, name: '' }, store })).toThrow(
      'authorizationCode() requires server.name',
    );
    expect(() => authorizationCode({ server: { ...server, url: 'ftp://x' }, store })).toThrow(
      'authorizationCode() requires server.url to be an http(s) URL, got ftp://x',
    );
    expect(() => authorizationCode({ server, store, callbackPort: 0 })).toThrow(
      "authorizationCode() requires a redirect port between 1 and 65535, 'auto' or 'stable'",
    );
    expect(() => authorizationCode({ server, store: {} as never })).toThrow(/requires a store/);
    const { withLock: _, ...noLock } = store;
    expect(() => authorizationCode({ server, store: noLock })).toThrow(/requires a lock/);
    expect(() => authorizationCode({ server, store, clientMetadataUrl: 'http://x' })).toThrow(
      /clientMetadataUrl to be an https URL/,
    );
    expect(() => authorizationCode({ server, store, callbackPort: 'auto' })).not.toThrow();
  });
});
