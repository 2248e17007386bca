/// Test support: the authorization code strategy against @mcp-oauth/mock-servers
/// on MSW, with the loopback callback left to the real network.
import type { AuthEvent, ServerRecord } from '@mcp-oauth/core';
import { StoreKeys } from '@mcp-oauth/core';
import { createMockEnvironment, type MockEnvironmentOptions } from '@mcp-oauth/mock-servers';
import { memoryStore } from '@mcp-oauth/store-memory';
import type { SetupServer } from 'msw/node';
import { type AuthorizationCodeOptions, authorizationCode } from '../../src/index.js';

/** Acts as the browser: follows the authorization URL to its redirect and delivers it to the callback. */
export async function deliver(
  authorizationUrl: string,
  tamper?: (location: URL) => URL,
): Promise<Response | undefined> {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (!location) return undefined;
  const target = tamper ? tamper(new URL(location)) : new URL(location);
  return fetch(target, { redirect: 'manual' });
}

export interface FlowSetup {
  env: ReturnType<typeof createMockEnvironment>;
  auth: ReturnType<typeof authorizationCode>;
  store: ReturnType<typeof memoryStore>;
  events: AuthEvent[];
  logs: string[];
  urls: string[];
  opened: string[];
  pages: Promise<Response | undefined>[];
  record(): Promise<ServerRecord | undefined>;
}

export async function setupFlow(
  msw: SetupServer,
  envOptions: MockEnvironmentOptions = {},
  options: Partial<AuthorizationCodeOptions> & {
    tamper?: (location: URL) => URL;
    noBrowser?: boolean;
  } = {},
): Promise<FlowSetup> {
  const env = createMockEnvironment(envOptions);
  msw.use(...env.handlers);
  const store = memoryStore();
  const events: AuthEvent[] = [];
  const logs: string[] = [];
  const urls: string[] = [];
  const opened: string[] = [];
  const pages: Promise<Response | undefined>[] = [];
  const { tamper, noBrowser, ...rest } = options;
  const auth = authorizationCode({
    server: { name: 'docs', type: 'streamable-http', url: env.mcp.url },
    store,
    onEvent: (event) => events.push(event),
    logger: {
      debug: (message, data) =>
        logs.push(`${message} ${data === undefined ? '' : JSON.stringify(data)}`),
      warn: (message, data) =>
        logs.push(`WARN ${message} ${data === undefined ? '' : JSON.stringify(data)}`),
    },
    onAuthorizationUrl: (url) => urls.push(url),
    openBrowser: async (url) => {
      opened.push(url);
      if (!noBrowser) pages.push(deliver(url, tamper));
      return true;
    },
    ...rest,
  });
  const key = StoreKeys.server(await auth.serverKey());
  return {
    env,
    auth,
    store,
    events,
    logs,
    urls,
    opened,
    pages,
    record: async () => store.get<ServerRecord>(key),
  };
}

/** MSW lets loopback requests (our real callback server) through and refuses everything else. */
export const onUnhandledRequest = (request: Request, print: { error(): void }) => {
  const host = new URL(request.url).hostname;
  if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') return;
  print.error();
};
