// One process of a job that shares a store-file folder with its siblings: at
// the common start time it asks for a token. Its stored token is missing or
// soon-expiring, so it renews under the shared lock (SPEC M2) or finds a
// sibling's token after taking it, and prints the result.
import { fileStore } from '@mcp-oauth/store-file';
import { clientCredentials } from '../../dist/index.js';

const [dir, serverUrl, clientId, clientSecret, startAt] = process.argv.slice(2);
const events = [];
const auth = clientCredentials({
  server: { name: 'm2', type: 'streamable-http', url: serverUrl },
  store: fileStore({ dir }),
  clientId,
  clientSecret,
  onEvent: (event) => events.push(event.reason),
});
await auth.serverKey();
const wait = Number(startAt) - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
const tokens = await auth.tokens();
process.stdout.write(`${JSON.stringify({ accessToken: tokens?.access_token ?? null, events })}\n`);
