import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AS_CLIENT,
  IDP_CLIENT,
  type RealServers,
  startRealServers,
} from '@mcp-oauth/cross-app-servers';
import { fileStore } from '@mcp-oauth/store-file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  crossAppAccess,
  idpConnection,
  storeClientSecret,
  storeIdpClientSecret,
} from '../src/index.js';

const run = promisify(execFile);
const child = new URL('./support/exchange-child.mjs', import.meta.url).pathname;
const PROCESSES = 6;
const RUNS = 5;

let servers: RealServers;
let dir: string;
beforeAll(async () => {
  servers = await startRealServers();
  dir = mkdtempSync(join(tmpdir(), 'x12-'));
});
afterAll(async () => {
  await servers?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('[X12] silent exchange across processes', () => {
  it(`[X12] ${PROCESSES} processes without a token make one exchange chain between them, ${RUNS} times`, async () => {
    const store = fileStore({ dir });
    const server = { name: 'x12', type: 'streamable-http', url: servers.mcp.url };
    await storeClientSecret(store, server, AS_CLIENT.secret);
    await storeIdpClientSecret(store, servers.idp.issuer, IDP_CLIENT.secret);
    // One real login at the IdP caches the id_token for everyone.
    const auth = crossAppAccess({
      server,
      store,
      clientId: AS_CLIENT.id,
      idp: idpConnection({
        issuer: servers.idp.issuer,
        clientId: IDP_CLIENT.id,
        openBrowser: async (url) => {
          void fetch(await servers.idp.completeAuthorization(url)).then((r) => r.text());
          return true;
        },
      }),
    });
    await auth.authorize();

    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      await auth.invalidate('tokens');
      const before = { ...servers.counts };
      const startAt = String(Date.now() + 1500);
      const outputs = await Promise.all(
        Array.from({ length: PROCESSES }, () =>
          run(process.execPath, [
            child,
            dir,
            servers.mcp.url,
            servers.idp.issuer,
            IDP_CLIENT.id,
            AS_CLIENT.id,
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
        results.map(async (r) => !!r.accessToken && (await servers.verify(r.accessToken))),
      );
      runs.push({
        tokenExchanges: servers.counts.tokenExchange - before.tokenExchange,
        jwtBearerGrants: servers.counts.jwtBearer - before.jwtBearer,
        valid: valid.filter(Boolean).length,
        distinctTokens: new Set(results.map((r) => r.accessToken)).size,
        successEvents: results.flatMap((r) => r.events).filter((e) => e === 'success').length,
      });
    }
    console.log(`[X12] ${JSON.stringify(runs)}`);
    expect(runs.map((r) => r.tokenExchanges)).toEqual(Array(RUNS).fill(1));
    expect(runs.map((r) => r.jwtBearerGrants)).toEqual(Array(RUNS).fill(1));
    expect(runs.map((r) => r.valid)).toEqual(Array(RUNS).fill(PROCESSES));
    expect(runs.map((r) => r.distinctTokens)).toEqual(Array(RUNS).fill(1));
    expect(runs.map((r) => r.successEvents)).toEqual(Array(RUNS).fill(1));
  });
});
