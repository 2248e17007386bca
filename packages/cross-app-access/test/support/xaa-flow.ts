/// Test support: the cross-app access strategy against @mcp-oauth/mock-servers
/// on MSW (IdP, AS, MCP server), with an injected clock and the loopback
/// callback left to the real network.
import {
  type AuthEvent,
  type Clock,
  type IdTokenRecord,
  type ServerRecord,
  StoreKeys,
} from '@mcp-oauth/core';
import { createMockEnvironment, type MockEnvironmentOptions } from '@mcp-oauth/mock-servers';
import { memoryStore } from '@mcp-oauth/store-memory';
import type { SetupServer } from 'msw/node';
import {
  type CrossAppAccessOptions,
  crossAppAccess,
  type IdpConnectionOptions,
  idpConnection,
} from '../../src/index.js';

/** A clock that moves only when told; sleepers wake when their time has come. */
export function fakeClock(start = Date.now()) {
  let now = start;
  const sleepers: Array<{ at: number; wake: () => void }> = [];
  const clock: Clock & { advance(ms: number): void; sleepers(): number } = {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const sleeper = { at: now + ms, wake: resolve };
        sleepers.push(sleeper);
        signal?.addEventListener(
          'abort',
          () => {
            sleepers.splice(sleepers.indexOf(sleeper), 1);
            reject(signal.reason);
          },
          { once: true },
        );
      }),
    advance(ms) {
      now += ms;
      for (const sleeper of [...sleepers]) {
        if (sleeper.at <= now) {
          sleepers.splice(sleepers.indexOf(sleeper), 1);
          sleeper.wake();
        }
      }
    },
    sleepers: () => sleepers.length,
  };
  return clock;
}

/** Acts as the browser: follows the authorization URL to its redirect and delivers it to the callback. */
export async function deliver(authorizationUrl: string): Promise<Response | undefined> {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (!location) return undefined;
  return fetch(location, { redirect: 'manual' });
}

/** MSW lets loopback requests (our real callback server) through and refuses everything else. */
export const onUnhandledRequest = (request: Request, print: { error(): void }) => {
  const host = new URL(request.url).hostname;
  if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') return;
  print.error();
};

export interface SetupOptions {
  env?: MockEnvironmentOptions;
  idp?: Partial<IdpConnectionOptions>;
  strategy?: Partial<CrossAppAccessOptions>;
  /** Don't deliver the authorization URL (the user never finishes). */
  noBrowser?: boolean;
}

export async function setup(msw: SetupServer, options: SetupOptions = {}) {
  const clock = fakeClock();
  const env = createMockEnvironment({
    client: { authMethod: 'client_secret_basic', clientSecret: 'as-secret' },
    now: () => clock.now(),
    ...options.env,
  });
  msw.use(...env.handlers);
  const store = memoryStore();
  const events: AuthEvent[] = [];
  const logs: string[] = [];
  const opened: string[] = [];
  const pages: Promise<Response | undefined>[] = [];
  const idp = idpConnection({
    issuer: env.idp.issuer,
    clientId: env.idp.clientId,
    openBrowser: async (url) => {
      opened.push(url);
      if (!options.noBrowser) pages.push(deliver(url));
      return true;
    },
    ...options.idp,
  });
  const make = (name = 'docs', extra: Partial<CrossAppAccessOptions> = {}) =>
    crossAppAccess({
      server: { name, type: 'streamable-http', url: env.mcp.url },
      store,
      idp,
      clientId: env.authorizationServer.client.client_id,
      clientSecret: 'as-secret',
      clock,
      onEvent: (event) => events.push(event),
      logger: {
        debug: (message, data) =>
          logs.push(`${message} ${data === undefined ? '' : JSON.stringify(data)}`),
        warn: (message, data) =>
          logs.push(`WARN ${message} ${data === undefined ? '' : JSON.stringify(data)}`),
      },
      ...options.strategy,
      ...extra,
    });
  const auth = make();
  const key = await auth.serverKey();
  const idTokenKey = StoreKeys.idToken(env.idp.issuer);
  return {
    env,
    clock,
    store,
    events,
    logs,
    opened,
    pages,
    idp,
    auth,
    key,
    make,
    record: async () => store.get<ServerRecord>(StoreKeys.server(key)),
    idToken: async () => store.get<IdTokenRecord>(idTokenKey),
    /** Seeds the id_token cache as if the user had logged in at the IdP. */
    async seedIdToken(expiresIn = 3600) {
      const idToken = await env.idp.issueIdToken({ expiresIn });
      await store.set(idTokenKey, { idToken, expiresAt: clock.now() + expiresIn * 1000 });
      return idToken;
    },
    crossAppEvents: () => events.filter((event) => event.type === 'cross_app_access'),
  };
}
