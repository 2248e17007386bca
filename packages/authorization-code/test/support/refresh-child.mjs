// One process of an app that shares a store-file folder with its siblings:
// at the common start time it asks for tokens, which refreshes the
// soon-expiring token (or finds a sibling's refresh), and prints the result.
// With CHALLENGE set (the access token the MCP server just refused), it
// reports that refusal instead, as a binding does on a 401, and ends with
// the tokens to retry with (and, with MCP_URL set, the retried request).
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileStore } from '@mcp-oauth/store-file';
import { authorizationCode } from '../../dist/index.js';
import { mcpRequest } from './mcp-request.mjs';
import { settled } from './settle.mjs';

const [dir, serverUrl] = process.argv.slice(2);
let startAt = process.argv[4];
const events = [];
const auth = authorizationCode({
  server: { name: 'r7', type: 'streamable-http', url: serverUrl },
  store: fileStore({ dir }),
  openBrowser: false,
  onEvent: (event) => events.push(event.reason),
});
await auth.serverKey();
// A running client has made requests before its token was rejected: it has
// read its token and its HTTP stack is warm (one request to a stand-in for
// the MCP server, with that token), and the work Node started in the
// background after that request is done.
if (process.env.WARM_URL) {
  const current = await auth.tokens();
  await mcpRequest(process.env.WARM_URL, current?.access_token);
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
let tokens;
if (process.env.CHALLENGE) {
  const outcome = await auth.challenge({
    status: 401,
    wwwAuthenticate: 'Bearer error="invalid_token"',
    rejectedToken: process.env.CHALLENGE,
  });
  tokens = outcome.kind === 'retry' ? outcome.tokens : undefined;
} else {
  tokens = await auth.tokens();
}
// When this process had its tokens, and the CPU it spent until then.
const tokensAt = Date.now();
const tokensCpu = process.cpuUsage(cpuAtStart);
// MCP_URL: the request the rejected token was for, made again with the
// new token, as the binding retries it (a benchmark's end point).
const accepted =
  process.env.MCP_URL && tokens?.access_token
    ? await mcpRequest(process.env.MCP_URL, tokens.access_token)
    : null;
const doneAt = Date.now();
const cpu = process.cpuUsage(cpuAtStart);
process.stdout.write(
  `${JSON.stringify({ accessToken: tokens?.access_token ?? null, accepted, events, doneAt, tokensAt, tokensCpuMs: (tokensCpu.user + tokensCpu.system) / 1000, late: wait < 0, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`,
);
