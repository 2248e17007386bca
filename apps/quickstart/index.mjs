// A tour of @mcp-oauth/core with the reference memory store. Run: pnpm example
import {
  applyTokens,
  cachedStore,
  createOAuthFetch,
  ErrorCode,
  McpOAuthError,
  needsLogin,
  redactUrl,
  safeLogger,
  serverKey,
  serverRecords,
  toTokens,
} from '@mcp-oauth/core';
import { memoryStore } from '@mcp-oauth/store-memory';

const log = safeLogger({
  debug: (message, data) => console.log(`  debug: ${message}`, data ?? ''),
});

// 1. One record per server, keyed by name and a hash of how it is reached (SPEC K1).
const server = { name: 'docs', type: 'streamable-http', url: 'https://mcp.example.com/mcp' };
const key = await serverKey(server);
console.log(`server key:        ${key}`);
console.log(
  `same name, other URL: ${await serverKey({ ...server, url: 'https://other.example.com/mcp' })}`,
);

// 2. A store, a cached view for the hot path, and typed records over it.
const store = cachedStore(memoryStore());
const records = serverRecords(store);
await records.patch(key, { authorizationServerUrl: 'https://auth.example.com' });
console.log(`needs login (discovery state, no token): ${needsLogin(await records.get(key))}`);
await records.update(key, (record) =>
  applyTokens(
    record,
    { access_token: 'at-123', refresh_token: 'rt-456', expires_in: 3600, scope: 'read' },
    Date.now(),
  ),
);
const tokens = toTokens(await records.get(key), Date.now());
console.log(
  `tokens:            token_type=${tokens.token_type} expires_in=${tokens.expires_in} scope=${tokens.scope}`,
);

// 3. Logs never carry secrets (SPEC A14).
const authorizeUrl =
  'https://auth.example.com/authorize?client_id=abc&state=Zm9vYmFy&code_challenge=E9Melhoa2Ow&code_challenge_method=S256';
console.log(`redacted URL:      ${redactUrl(authorizeUrl)}`);
log.debug(`opening ${authorizeUrl}`, { refresh_token: tokens.refresh_token, scope: tokens.scope });

// 4. OAuth requests get a timeout and a body cap, and fail with typed errors (SPEC F1, F3).
const huge = async () => new Response('x'.repeat(2 * 1024 * 1024), { status: 200 });
try {
  await createOAuthFetch({ fetch: huge })(
    'https://auth.example.com/.well-known/oauth-authorization-server',
  );
} catch (error) {
  if (!(error instanceof McpOAuthError) || error.code !== ErrorCode.ResponseTooLarge) throw error;
  console.log(`typed error:       ${error.code}: ${error.message}`);
}
