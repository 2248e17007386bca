// One process of an app built on the MCP SDK's own helpers, as a competent
// SDK user shares one session between processes: tokens, client and the
// metadata the SDK discovered live in one JSON file; at the common start
// time the process refreshes (the SDK has no cross-process lock), writes
// the new tokens back and makes the refused request again.
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { refreshAuthorization } from '@modelcontextprotocol/sdk/client/auth.js';
import { mcpRequest } from '../test/support/mcp-request.mjs';
import { settled } from '../test/support/settle.mjs';

const [file] = process.argv.slice(2);
let startAt = process.argv[3];
const session = JSON.parse(readFileSync(file, 'utf8'));
// The same warm-up as ours: its token read (above) and one request with it
// to a stand-in for the MCP server, and the background work it started done.
if (process.env.WARM_URL) {
  await mcpRequest(process.env.WARM_URL, session.tokens.access_token);
  await settled();
}
// `stdin`: say "ready" once set up, and read the common start time from stdin.
if (startAt === 'stdin') {
  process.stdout.write('ready\n');
  const [line] = await once(createInterface({ input: process.stdin }), 'line');
  startAt = line;
}
const wait = Number(startAt) - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
const cpuAtStart = process.cpuUsage();
let accessToken = null;
try {
  const tokens = await refreshAuthorization(session.metadata.issuer, {
    metadata: session.metadata,
    clientInformation: session.client,
    refreshToken: session.tokens.refresh_token,
    resource: new URL(session.resource),
  });
  writeFileSync(file, JSON.stringify({ ...session, tokens }));
  accessToken = tokens.access_token;
} catch {}
// The request the rejected token was for, made again with the new token.
const accepted =
  process.env.MCP_URL && accessToken ? await mcpRequest(process.env.MCP_URL, accessToken) : null;
const cpu = process.cpuUsage(cpuAtStart);
process.stdout.write(
  `${JSON.stringify({ accessToken, accepted, doneAt: Date.now(), late: wait < 0, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`,
);
