import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ServerRecord, StoreKeys } from '@mcp-oauth/core';
import { fileStore } from '@mcp-oauth/store-file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCredentials } from '../src/index.js';
import { clients, type MachineServers, startMachineServers } from './support/real-servers.js';

const run = promisify(execFile);
const child = new URL('./support/renew-child.mjs', import.meta.url).pathname;
const PROCESSES = 8;
const ROUNDS = 3;

let servers: MachineServers;
let dir: string;
beforeAll(async () => {
  servers = await startMachineServers();
  dir = mkdtempSync(join(tmpdir(), 'm2-'));
});
afterAll(async () => {
  await servers?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('[M2] client credentials across processes', () => {
  it(`[M2] ${PROCESSES} processes with a soon-expiring token (or none) make one token request between them, ${ROUNDS + 1} times`, async () => {
    const store = fileStore({ dir });
    const server = { name: 'm2', type: 'streamable-http', url: servers.mcp.url };
    const auth = clientCredentials({
      server,
      store,
      clientId: clients.basic.id,
      clientSecret: clients.basic.secret,
    });
    await auth.tokens();
    const key = StoreKeys.server(await auth.serverKey());
    const rounds = [];
    for (let round = 0; round <= ROUNDS; round++) {
      if (round === 0) {
        await auth.invalidate('tokens'); // no token at all
      } else {
        // Issued 58 minutes ago, 2 minutes left: inside the 300 s window.
        await store.update<ServerRecord>(key, (record) => ({
          ...record,
          issuedAt: Date.now() - 3480_000,
          expiresAt: Date.now() + 120_000,
        }));
      }
      const before = servers.as.count('/token');
      const startAt = String(Date.now() + 1500);
      const outputs = await Promise.all(
        Array.from({ length: PROCESSES }, () =>
          run(process.execPath, [
            child,
            dir,
            servers.mcp.url,
            clients.basic.id,
            clients.basic.secret,
            startAt,
          ]).catch((error: { stderr?: string }) => {
            throw new Error(`a process failed: ${error.stderr}`);
          }),
        ),
      );
      const results = outputs.map(
        (o) => JSON.parse(o.stdout.trim()) as { accessToken: string | null; events: string[] },
      );
      const valid = await Promise.all(
        results.map(async (r) => !!r.accessToken && (await servers.valid(r.accessToken))),
      );
      rounds.push({
        tokenRequests: servers.as.count('/token') - before,
        valid: valid.filter(Boolean).length,
        distinctTokens: new Set(results.map((r) => r.accessToken)).size,
        successEvents: results.flatMap((r) => r.events).filter((e) => e === 'success').length,
      });
    }
    console.log(`[M2] ${JSON.stringify(rounds)}`);
    expect(rounds.map((r) => r.tokenRequests)).toEqual(Array(ROUNDS + 1).fill(1));
    expect(rounds.map((r) => r.valid)).toEqual(Array(ROUNDS + 1).fill(PROCESSES));
    expect(rounds.map((r) => r.distinctTokens)).toEqual(Array(ROUNDS + 1).fill(1));
    expect(rounds.map((r) => r.successEvents)).toEqual(Array(ROUNDS + 1).fill(1));
  });
});
