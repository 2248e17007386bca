// One process of an app: a strategy on the shared file store asks for tokens
// (a soon-expiring token makes it refresh) and prints what it got.
import { authorizationCode } from '@mcp-oauth/authorization-code';
import { fileStore } from '@mcp-oauth/store-file';

const [url, dir] = process.argv.slice(2);
const auth = authorizationCode({
  server: { name: 'hostile', type: 'streamable-http', url },
  store: fileStore({ dir }),
  openBrowser: false,
  clientId: 'pre-registered',
  clientSecret: 'the-secret',
});
const tokens = await auth.tokens();
process.stdout.write(`${JSON.stringify({ token: tokens?.access_token ?? null })}\n`);
