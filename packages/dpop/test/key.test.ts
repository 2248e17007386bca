import { StoreKeys } from '@mcp-oauth/core';
import { memoryStore } from '@mcp-oauth/store-memory';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { dpop } from '../src/index.js';
import { recordingLogger, target, verifyProof } from './support/target.js';

const TOKEN_ENDPOINT = { method: 'POST', url: 'https://as.example.com/token' };

async function thumbprintOf(proof: string): Promise<string> {
  return calculateJwkThumbprint((await verifyProof(proof)).header.jwk as JWK);
}

describe('dpop key', () => {
  it('[P1] is created on first use and kept in the server record as a private JWK', async () => {
    const t = target();
    const key = await t.serverKey;
    const prover = dpop().forServer(t);
    expect(await t.records.get(key)).toBeUndefined();
    const proof = await prover.proof(TOKEN_ENDPOINT);
    const stored = (await t.records.get(key))?.dpopKey;
    expect(stored).toEqual({
      alg: 'ES256',
      kty: 'EC',
      crv: 'P-256',
      x: expect.any(String),
      y: expect.any(String),
      d: expect.any(String),
    });
    expect(await thumbprintOf(proof)).toBe(await calculateJwkThumbprint(stored as JWK));
    // Small enough to keep a record well under 2 KB (SPEC ST2).
    expect(JSON.stringify(stored).length).toBeLessThan(300);
  });

  it('[P1] is reused by every proof, and by a second instance reading the same store', async () => {
    const store = memoryStore();
    const first = dpop().forServer(target(store));
    const a = await thumbprintOf(await first.proof(TOKEN_ENDPOINT));
    const b = await thumbprintOf(await first.proof(TOKEN_ENDPOINT));
    // A new dpop() value, a new prover: what another process or a restart has.
    const second = dpop().forServer(target(store));
    const c = await thumbprintOf(await second.proof(TOKEN_ENDPOINT));
    expect(new Set([a, b, c]).size).toBe(1);
  });

  it('[P1] concurrent first proofs, in one instance or two, end with one stored key', async () => {
    const store = memoryStore();
    const one = dpop().forServer(target(store));
    const two = dpop().forServer(target(store));
    const proofs = await Promise.all([
      one.proof(TOKEN_ENDPOINT),
      one.proof(TOKEN_ENDPOINT),
      two.proof(TOKEN_ENDPOINT),
      two.proof(TOKEN_ENDPOINT),
    ]);
    const thumbprints = await Promise.all(proofs.map(thumbprintOf));
    expect(new Set(thumbprints).size).toBe(1);
    const t = target(store);
    const stored = (await t.records.get(await t.serverKey))?.dpopKey as JWK;
    expect(await calculateJwkThumbprint(stored)).toBe(thumbprints[0]);
  });

  it('[P1] one key per server record: two servers in one store have two keys', async () => {
    const store = memoryStore();
    const option = dpop();
    const docs = option.forServer(target(store, { name: 'docs' }));
    const other = option.forServer(target(store, { name: 'other' }));
    expect(await thumbprintOf(await docs.proof(TOKEN_ENDPOINT))).not.toBe(
      await thumbprintOf(await other.proof(TOKEN_ENDPOINT)),
    );
  });

  it('[P1] keeps the record’s other fields when it adds the key', async () => {
    const t = target();
    const key = await t.serverKey;
    await t.records.patch(key, { accessToken: 'at', scope: 'mcp:tools' });
    await dpop().forServer(t).proof(TOKEN_ENDPOINT);
    expect(await t.records.get(key)).toMatchObject({ accessToken: 'at', scope: 'mcp:tools' });
  });

  it('[P1] a new key replaces one deleted with the record (sign-out), and an unusable one', async () => {
    const logger = recordingLogger();
    const t = target(memoryStore(), { logger });
    const key = await t.serverKey;
    const prover = dpop().forServer(t);
    const before = await thumbprintOf(await prover.proof(TOKEN_ENDPOINT));
    await t.store.delete(StoreKeys.server(key));
    const after = await thumbprintOf(await prover.proof(TOKEN_ENDPOINT));
    expect(after).not.toBe(before);
    await t.records.patch(key, { dpopKey: { alg: 'ES256', kty: 'EC', crv: 'P-256', d: 'AAAA' } });
    const replaced = await thumbprintOf(await prover.proof(TOKEN_ENDPOINT));
    expect(replaced).not.toBe(after);
    expect(logger.lines).toContain('warn "the stored DPoP key is unusable; creating a new one"');
  });

  it('[P1] the private key never reaches the logger', async () => {
    const logger = recordingLogger();
    const t = target(memoryStore(), { logger });
    const prover = dpop().forServer(t);
    await prover.proof(TOKEN_ENDPOINT);
    const stored = (await t.records.get(await t.serverKey))?.dpopKey;
    prover.accept('Bearer', 'https://as.example.com/token');
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const line of logger.lines) expect(line).not.toContain(String(stored?.d));
  });
});
