// One process of an app that shares a store-file folder with its siblings:
// at the common start time it asks for tokens. It has no token but a cached
// id_token, so it re-authenticates silently (SPEC X11), or finds a sibling's
// tokens after the lock (SPEC X12), and prints the result.
import { fileStore } from '@mcp-oauth/store-file';
import { crossAppAccess, idpConnection } from '../../dist/index.js';

const [dir, serverUrl, issuer, idpClientId, asClientId, startAt] = process.argv.slice(2);
const events = [];
const auth = crossAppAccess({
  server: { name: 'x12', type: 'streamable-http', url: serverUrl },
  store: fileStore({ dir }),
  // Secrets come from the shared store (SPEC X3, X4); no browser in a child.
  idp: idpConnection({ issuer, clientId: idpClientId, openBrowser: false }),
  clientId: asClientId,
  onEvent: (event) => events.push(event.reason),
});
await auth.serverKey();
const wait = Number(startAt) - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
const tokens = await auth.tokens();
process.stdout.write(`${JSON.stringify({ accessToken: tokens?.access_token ?? null, events })}\n`);
