import { describe, expect, it } from 'vitest';
import { canonicalJson, serverKey } from '../src/index.js';

const base = { name: 'linear', type: 'streamable-http', url: 'https://mcp.linear.app/mcp' };

describe('serverKey', () => {
  it('[K1] is name|first 16 hex chars of SHA-256 over canonical {type, url, headers}', async () => {
    const json = '{"headers":{},"type":"streamable-http","url":"https://mcp.linear.app/mcp"}';
    const digest = new Uint8Array(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(json)),
    );
    const hex = [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(await serverKey(base)).toBe(`linear|${hex}`);
    expect(await serverKey(base)).toMatch(/^linear\|[0-9a-f]{16}$/);
  });

  it('[K1] same name with another URL, type or headers never shares a key', async () => {
    const keys = await Promise.all([
      serverKey(base),
      serverKey({ ...base, url: 'https://mcp.linear.app/sse' }),
      serverKey({ ...base, type: 'sse' }),
      serverKey({ ...base, headers: { 'X-Team': 'a' } }),
      serverKey({ ...base, headers: { 'X-Team': 'b' } }),
    ]);
    expect(new Set(keys).size).toBe(5);
  });

  it('[K1] missing headers hash like an empty object, and header order does not matter', async () => {
    expect(await serverKey(base)).toBe(await serverKey({ ...base, headers: {} }));
    expect(await serverKey({ ...base, headers: { a: '1', b: '2' } })).toBe(
      await serverKey({ ...base, headers: { b: '2', a: '1' } }),
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });
});
