// One request to the MCP server (a benchmark's stand-in) with a bearer
// token, as a client makes before each call; resolves whether the server
// accepted it.
export async function mcpRequest(url, accessToken) {
  const headers = accessToken ? { authorization: `Bearer ${accessToken}` } : {};
  const response = await fetch(url, { headers });
  await response.text();
  return response.ok;
}
