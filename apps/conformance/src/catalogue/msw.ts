import { setupServer } from 'msw/node';

/**
 * Lets loopback requests through (the strategy's real callback server, a
 * local MCP server) and refuses everything else, so the catalogue never
 * touches the network.
 */
export function onUnhandledRequest(request: Request, print: { error(): void }): void {
  const host = new URL(request.url).hostname;
  if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') return;
  print.error();
}

/** One MSW server for the whole run; each scenario swaps its handlers in. */
export function startMsw(): ReturnType<typeof setupServer> {
  const server = setupServer();
  server.listen({ onUnhandledRequest });
  return server;
}
