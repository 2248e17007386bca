// One process of an app that shares a store-file folder with its siblings:
// at the common start time it asks for tokens, which refreshes the
// soon-expiring token (or finds a sibling's refresh), and prints the result.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileStore } from '@mcp-oauth/store-file';
import { authorizationCode } from '../../dist/index.js';

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
// A running client has made requests before its token was rejected: its HTTP
// stack is warm (one request to a stand-in for the MCP server, not the AS).
if (process.env.WARM_URL) await (await fetch(process.env.WARM_URL)).text();
// `stdin`: say "ready" once set up, and read the common start time from stdin.
if (startAt === 'stdin') {
  process.stdout.write('ready\n');
  const [line] = await once(createInterface({ input: process.stdin }), 'line');
  startAt = line;
}
const wait = Number(startAt) - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
const tokens = await auth.tokens();
const doneAt = Date.now();
process.stdout.write(
  `${JSON.stringify({ accessToken: tokens?.access_token ?? null, events, doneAt, late: wait < 0 })}\n`,
);
