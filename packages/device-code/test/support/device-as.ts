/// Test support: a scripted device-flow authorization server on MSW, and a
/// clock whose sleeps return at once after moving time forward.
import type { AuthEvent, Clock, ServerRecord } from '@mcp-oauth/core';
import { StoreKeys } from '@mcp-oauth/core';
import { memoryStore } from '@mcp-oauth/store-memory';
import { HttpResponse, http } from 'msw';
import type { SetupServer } from 'msw/node';
import { type DeviceCodeOptions, type DeviceUserCode, deviceCode } from '../../src/index.js';

export const MCP = 'https://mcp.example.com/mcp';
export const AS = 'https://auth.example.com';
export const DEVICE = `${AS}/device_authorization`;
export const TOKEN = `${AS}/token`;

/** A clock that never waits: each sleep moves `now` forward and is recorded. */
export function instantClock(start = 1_800_000_000_000) {
  let now = start;
  const sleeps: number[] = [];
  const clock: Clock & { sleeps: number[]; advance(ms: number): void } = {
    sleeps,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
      await Promise.resolve();
      if (signal?.aborted) throw signal.reason;
    },
  };
  return clock;
}

/** One answer of the token endpoint to a device_code poll. */
export type PollAnswer =
  | 'tokens'
  | 'authorization_pending'
  | 'slow_down'
  | 'access_denied'
  | 'expired_token'
  | 'invalid_grant'
  | 503
  | Response;

export interface DeviceAsOptions {
  /** Answers to the polls, in order; the last one repeats. */
  polls?: PollAnswer[];
  /** Fields merged over the device authorization response (`undefined` removes one). */
  device?: Record<string, unknown>;
  /** Fields merged over the AS metadata. */
  metadata?: Record<string, unknown>;
  /** HTTP status for authorization_pending (Google answers 428). */
  pendingStatus?: number;
}

export interface DeviceAs {
  /** Form bodies of every request to the device authorization endpoint. */
  deviceRequests: URLSearchParams[];
  /** Form bodies of every token request. */
  tokenRequests: URLSearchParams[];
  /** Registration bodies. */
  registrations: Record<string, unknown>[];
}

export function deviceAs(msw: SetupServer, options: DeviceAsOptions = {}): DeviceAs {
  const state: DeviceAs = { deviceRequests: [], tokenRequests: [], registrations: [] };
  const polls = [...(options.polls ?? ['tokens'])];
  let issued = 0;
  const tokens = (refresh = true) => {
    issued++;
    return HttpResponse.json({
      access_token: `at-${issued}`,
      token_type: 'Bearer',
      expires_in: 3600,
      ...(refresh ? { refresh_token: `rt-${issued}` } : {}),
      scope: 'mcp:read',
    });
  };
  const error = (code: string, status = 400) =>
    HttpResponse.json({ error: code, error_description: `${code} (test)` }, { status });
  msw.use(
    http.get(`https://mcp.example.com/.well-known/oauth-protected-resource/mcp`, () =>
      HttpResponse.json({
        resource: MCP,
        authorization_servers: [AS],
        scopes_supported: ['mcp:read'],
      }),
    ),
    http.get(`${AS}/.well-known/oauth-authorization-server`, () =>
      HttpResponse.json(
        Object.fromEntries(
          Object.entries({
            issuer: AS,
            authorization_endpoint: `${AS}/authorize`,
            token_endpoint: TOKEN,
            registration_endpoint: `${AS}/register`,
            revocation_endpoint: `${AS}/revoke`,
            device_authorization_endpoint: DEVICE,
            grant_types_supported: [
              'urn:ietf:params:oauth:grant-type:device_code',
              'refresh_token',
            ],
            code_challenge_methods_supported: ['S256'],
            ...options.metadata,
          }).filter(([, value]) => value !== undefined),
        ),
      ),
    ),
    http.post(`${AS}/register`, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      state.registrations.push(body);
      return HttpResponse.json(
        { ...body, client_id: `client-${state.registrations.length}` },
        { status: 201 },
      );
    }),
    http.post(DEVICE, async ({ request }) => {
      state.deviceRequests.push(new URLSearchParams(await request.text()));
      const body = Object.fromEntries(
        Object.entries({
          device_code: 'device-code-secret',
          user_code: 'WDJB-MJHT',
          verification_uri: `${AS}/device`,
          verification_uri_complete: `${AS}/device?user_code=WDJB-MJHT`,
          expires_in: 1800,
          interval: 5,
          ...options.device,
        }).filter(([, value]) => value !== undefined),
      );
      return HttpResponse.json(body);
    }),
    http.post(TOKEN, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      state.tokenRequests.push(form);
      if (form.get('grant_type') === 'refresh_token') return tokens(false);
      const answer = polls.length > 1 ? polls.shift()! : polls[0]!;
      if (answer instanceof Response) return answer;
      if (answer === 'tokens') return tokens();
      if (answer === 503) return new HttpResponse('unavailable', { status: 503 });
      if (answer === 'authorization_pending') return error(answer, options.pendingStatus ?? 400);
      return error(answer);
    }),
    http.post(`${AS}/revoke`, () => new HttpResponse(null, { status: 200 })),
  );
  return state;
}

/** The strategy on a memory store with the instant clock, the prompt captured (or on stderr). */
export function setup(options: Partial<DeviceCodeOptions> = {}, stderr = false) {
  const store = memoryStore();
  const clock = instantClock();
  const events: AuthEvent[] = [];
  const codes: DeviceUserCode[] = [];
  let written = '';
  const auth = deviceCode({
    server: { name: 'docs', type: 'streamable-http', url: MCP },
    store,
    clock,
    onEvent: (event) => events.push(event),
    ...(stderr ? {} : { output: { write: (text: string) => (written += text) } }),
    ...options,
  });
  return {
    auth,
    store,
    clock,
    events,
    codes,
    written: () => written,
    record: async () => store.get<ServerRecord>(StoreKeys.server(await auth.serverKey())),
  };
}
