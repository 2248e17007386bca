/// Test support: an injected fetch that plays an MCP server's RFC 9728
/// metadata and an authorization server (RFC 8414 metadata, token endpoint),
/// records every request, plus a manual clock and a store with a recorded lock.
import type { AuthEvent, Clock, FetchLike, Lock } from '@mcp-oauth/core';
import { memoryStore } from '@mcp-oauth/store-memory';
import {
  type ClientCredentialsOptions,
  clientCredentials,
  type WorkloadIdentityOptions,
  workloadIdentity,
} from '../../src/index.js';

export const AS = 'https://auth.example.com';
export const MCP = 'https://mcp.example.com/mcp';
export const server = { name: 'reports', type: 'streamable-http', url: MCP };

export interface Reply {
  status: number;
  body: unknown;
}

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  headers: Headers;
  params: URLSearchParams;
}

export interface FakeServers {
  fetch: FetchLike;
  /** Replies of the token endpoint, in order; the last one repeats. */
  tokenReplies: Array<Reply | (() => Reply)>;
  /** Fields merged into the AS metadata. */
  metadata: Record<string, unknown>;
  requests: RecordedRequest[];
  tokenRequests(): RecordedRequest[];
}

let issued = 0;
/** A fresh token reply: `AT-<n>`, one hour. */
export const token = (fields: Record<string, unknown> = {}): Reply => ({
  status: 200,
  body: { access_token: `AT-${++issued}`, token_type: 'Bearer', expires_in: 3600, ...fields },
});

export const oauthError = (error: string, status = 400): Reply => ({
  status,
  body: { error, error_description: `${error} from the test AS` },
});

export function fakeServers(): FakeServers {
  const servers: FakeServers = {
    tokenReplies: [() => token()],
    metadata: {},
    requests: [],
    tokenRequests: () => servers.requests.filter((r) => r.path === '/token'),
    fetch: async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = init?.method ?? 'GET';
      const { origin, pathname: path } = new URL(url);
      const params = new URLSearchParams(typeof init?.body === 'string' ? init.body : '');
      servers.requests.push({ method, url, path, headers: new Headers(init?.headers), params });
      if (origin === new URL(MCP).origin && path === '/.well-known/oauth-protected-resource/mcp') {
        return Response.json({ resource: MCP, authorization_servers: [AS] });
      }
      if (origin === AS && path === '/.well-known/oauth-authorization-server') {
        return Response.json({
          issuer: AS,
          authorization_endpoint: `${AS}/authorize`,
          token_endpoint: `${AS}/token`,
          grant_types_supported: [
            'client_credentials',
            'urn:ietf:params:oauth:grant-type:jwt-bearer',
          ],
          token_endpoint_auth_methods_supported: [
            'client_secret_basic',
            'client_secret_post',
            'private_key_jwt',
          ],
          ...servers.metadata,
        });
      }
      if (origin === AS && path === '/token' && method === 'POST') {
        const next =
          servers.tokenReplies.length > 1
            ? servers.tokenReplies.shift()!
            : servers.tokenReplies[0]!;
        const reply = typeof next === 'function' ? next() : next;
        return Response.json(reply.body, { status: reply.status });
      }
      return new Response('not found', { status: 404 });
    },
  };
  return servers;
}

export interface ManualClock extends Clock {
  advance(ms: number): void;
  /** Every sleep asked for, in ms; sleeps return at once and move the clock. */
  sleeps: number[];
}

export function manualClock(start = 1_800_000_000_000): ManualClock {
  let now = start;
  const clock: ManualClock = {
    sleeps: [],
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      clock.sleeps.push(ms);
      now += ms;
    },
  };
  return clock;
}

/** Everything a test needs: servers, clock, store, the lock names taken, the events. */
export function setup() {
  const servers = fakeServers();
  const clock = manualClock();
  const store = memoryStore();
  const locks: string[] = [];
  const events: AuthEvent[] = [];
  const lock: Lock = {
    withLock: (name, fn, options) => {
      locks.push(name);
      return store.withLock(name, fn, options);
    },
  };
  const common = {
    server,
    store,
    lock,
    clock,
    fetch: servers.fetch,
    onEvent: (event: AuthEvent) => events.push(event),
  };
  return {
    servers,
    clock,
    store,
    locks,
    events,
    common,
    clientCredentials: (options: Partial<ClientCredentialsOptions> = {}) =>
      clientCredentials({
        ...common,
        clientId: 'reporting-job',
        clientSecret: 's3cret',
        ...options,
      }),
    workloadIdentity: (
      options: Partial<WorkloadIdentityOptions> & Pick<WorkloadIdentityOptions, 'assertion'>,
    ) => workloadIdentity({ ...common, ...options }),
  };
}

/** An unsigned-looking JWT with these claims (the client never verifies it; the AS does). */
export function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}
