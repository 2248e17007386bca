// The refresh storm: N processes whose token the server just rejected ask
// for a new one at the same moment. Wall time from that moment until every
// process holds a token, token requests made, and how many processes end
// with a token the server accepts; medians over RUNS runs, against
// oidc-provider with rotating refresh tokens and reuse detection.
// Ours: @mcp-oauth/authorization-code on a shared store-file folder. The
// SDK: its refreshAuthorization with everything the SDK discovered kept in a
// shared file (the competent set-up; the SDK has no cross-process lock).
// Two set-ups of the processes, the same for both clients: `running` (each
// has made one HTTP request before, to a stand-in for the MCP server, as a
// client that has been working has) and `fresh` (the storm is the process's
// first network use: Node's lazily loaded fetch and its HTTP parser start
// inside the measured time).
// Run: pnpm --filter @mcp-oauth/authorization-code bench
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { StoreKeys, serverKey } from '@mcp-oauth/core';
import { startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { fileStore } from '@mcp-oauth/store-file';

const RUNS = Number(process.env.STORM_RUNS ?? 10);
const SIZES = [1, 8, 16];
const as = await startAuthorizationServer({ accessTokenFormat: 'opaque' });
const resource = 'http://127.0.0.1:9/mcp';
const metadata = await (await fetch(`${as.issuer}/.well-known/oauth-authorization-server`)).json();
// A stand-in for the MCP server the processes were talking to before the storm.
const mcp = createServer((_request, response) => response.end('{}')).listen(0, '127.0.0.1');
await once(mcp, 'listening');
const warmUrl = `http://127.0.0.1:${mcp.address().port}/`;

async function storm(kind, processes, warm) {
  const { client, tokens } = await as.obtainTokens({ resource, scope: 'mcp:tools' });
  const dir = mkdtempSync(join(tmpdir(), 'bench-storm-'));
  let argv;
  if (kind === 'ours') {
    const key = StoreKeys.server(
      await serverKey({ name: 'r7', type: 'streamable-http', url: resource }),
    );
    await fileStore({ dir }).set(key, {
      client: { client_id: client.client_id },
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      // Rejected by the server a moment ago: renew now.
      issuedAt: Date.now() - 3_600_000,
      expiresAt: Date.now() + 1_000,
      authorizationServerUrl: as.issuer,
      issuer: as.issuer,
      tokenEndpoint: metadata.token_endpoint,
    });
    argv = [
      new URL('../test/support/refresh-child.mjs', import.meta.url).pathname,
      dir,
      resource,
      'stdin',
    ];
  } else {
    const file = join(dir, 'session.json');
    writeFileSync(
      file,
      JSON.stringify({ client: { client_id: client.client_id }, tokens, metadata, resource }),
    );
    argv = [new URL('./sdk-storm-child.mjs', import.meta.url).pathname, file, 'stdin'];
  }
  as.resetCounts();
  // Every process set up (and warmed) first; then one start time for all.
  const children = Array.from({ length: processes }, () =>
    spawn(process.execPath, argv, {
      env: { ...process.env, WARM_URL: warm ? warmUrl : '' },
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const lines = children.map((child) => createInterface({ input: child.stdout }));
  await Promise.all(lines.map((l) => once(l, 'line')));
  const startAt = Date.now() + 250;
  for (const child of children) child.stdin.end(`${startAt}\n`);
  const results = await Promise.all(lines.map(async (l) => JSON.parse((await once(l, 'line'))[0])));
  if (results.some((r) => r.late)) throw new Error('a process started after the common start time');
  const valid = (
    await Promise.all(
      results.map(
        async (r) => !!r.accessToken && !!(await as.verifyAccessToken(r.accessToken, { resource })),
      ),
    )
  ).filter(Boolean).length;
  return {
    wallMs: Math.max(...results.map((r) => r.doneAt)) - startAt,
    tokenRequests: as.count('/token', 'POST'),
    valid,
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const rows = [];
for (const warm of [true, false]) {
  for (const kind of ['ours', 'sdk']) {
    for (const processes of SIZES) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await storm(kind, processes, warm));
      rows.push({
        warm,
        kind,
        processes,
        wallMs: median(runs.map((r) => r.wallMs)),
        tokenRequests: median(runs.map((r) => r.tokenRequests)),
        valid: median(runs.map((r) => r.valid)),
        allValidRuns: runs.filter((r) => r.valid === processes).length,
      });
    }
  }
}
await as.close();
mcp.close();
console.log(
  `\nRefresh storm, medians over ${RUNS} runs (oidc-provider, rotating refresh tokens with reuse detection):\n`,
);
console.log(
  '| processes were | client | processes | wall time to every token | token requests | processes with a valid token | runs where all kept a valid token |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.warm ? 'running (one HTTP request before)' : 'fresh (first network use)'} | ${r.kind === 'ours' ? '@mcp-oauth/authorization-code' : 'MCP SDK 1.x refreshAuthorization, shared file'} | ${r.processes} | ${r.wallMs} ms | ${r.tokenRequests} | ${r.valid} | ${r.allValidRuns}/${RUNS} |`,
  );
}
for (const warm of [true, false]) {
  const ours = (n) => rows.find((r) => r.warm === warm && r.kind === 'ours' && r.processes === n);
  console.log(
    `ours, ${warm ? 'running' : 'fresh'} processes: storm of 16 / single = ${(ours(16).wallMs / ours(1).wallMs).toFixed(2)}× (target ≤ 2×)`,
  );
}
process.exit(0);
