// One process refreshing with an MCP SDK line's own helpers and no
// coordination, as an SDK-based client does: metadata discovery, then
// refreshAuthorization. argv: sdk1 | sdk2, issuer, client id, refresh token,
// resource, start time.
const [line, issuer, clientId, refreshToken, resource, startAt] = process.argv.slice(2);
const { discoverAuthorizationServerMetadata, refreshAuthorization } =
  line === 'sdk2'
    ? await import('@modelcontextprotocol/client')
    : await import('@modelcontextprotocol/sdk/client/auth.js');
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
