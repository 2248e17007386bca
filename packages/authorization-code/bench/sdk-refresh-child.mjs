// One process refreshing with the MCP SDK's own helpers and no coordination,
// as an SDK-based client does: metadata discovery, then refreshAuthorization.
import {
  discoverAuthorizationServerMetadata,
  refreshAuthorization,
} from '@modelcontextprotocol/sdk/client/auth.js';

const [issuer, clientId, refreshToken, resource, startAt] = process.argv.slice(2);
const wait = Number(startAt) - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
try {
  const metadata = await discoverAuthorizationServerMetadata(issuer);
  const tokens = await refreshAuthorization(issuer, {
    metadata,
    clientInformation: { client_id: clientId },
    refreshToken,
    resource: new URL(resource),
  });
  process.stdout.write(`${JSON.stringify({ accessToken: tokens.access_token })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ accessToken: null, error: String(error) })}\n`);
}
