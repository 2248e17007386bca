/// Test support: an injected fetch that plays an authorization server's
/// metadata and token endpoints, counts requests and records parameters.
import type { Clock, FetchLike } from '@mcp-oauth/core';

export const AS = 'https://auth.example.com';
export const MCP = 'https://mcp.example.com/mcp';

export type TokenReply =
  | { status: number; body: unknown }
  | (() => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>);

export interface FakeAs {
  fetch: FetchLike;
  /** Replies for the next token requests, in order; the last one repeats. */
  tokenReplies: TokenReply[];
  metadataStatus: number;
  requests: Array<{ method: string; url: string; params?: URLSearchParams; headers: Headers }>;
  count(path: string): number;
}

export function fakeAs(): FakeAs {
  const as: FakeAs = {
    tokenReplies: [
      {
        status: 200,
        body: { access_token: 'AT2', refresh_token: 'RT2', expires_in: 3600, token_type: 'Bearer' },
      },
    ],
    metadataStatus: 200,
    requests: [],
    count: (path) => as.requests.filter((r) => new URL(r.url).pathname === path).length,
    fetch: async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = init?.method ?? 'GET';
      const headers = new Headers(init?.headers);
      const params = typeof init?.body === 'string' ? new URLSearchParams(init.body) : undefined;
      as.requests.push({ method, url, headers, ...(params ? { params } : {}) });
      const path = new URL(url).pathname;
      if (path === '/.well-known/oauth-authorization-server') {
        if (as.metadataStatus !== 200)
          return new Response('unavailable', { status: as.metadataStatus });
        return Response.json({
          issuer: AS,
          authorization_endpoint: `${AS}/authorize`,
          token_endpoint: `${AS}/token`,
          registration_endpoint: `${AS}/register`,
          code_challenge_methods_supported: ['S256'],
          response_types_supported: ['code'],
        });
      }
      if (path === '/token' && method === 'POST') {
        const next = as.tokenReplies.length > 1 ? as.tokenReplies.shift()! : as.tokenReplies[0]!;
        const reply = typeof next === 'function' ? await next() : next;
        return Response.json(reply.body, { status: reply.status });
      }
      return new Response('not found', { status: 404 });
    },
  };
  return as;
}

export interface FakeClock extends Clock {
  advance(ms: number): void;
  sleeps: number[];
}

export function fakeClock(start = 1_700_000_000_000): FakeClock {
  let now = start;
  const clock: FakeClock = {
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
