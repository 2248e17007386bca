import { createHash } from 'node:crypto';
import type { ChallengeOutcome, FetchLike, Strategy, Tokens } from '@mcp-oauth/core';
import * as v2 from '@mcp-oauth/mcp-client';
import * as v1 from '@mcp-oauth/mcp-sdk';
import { dpopFetch } from '@mcp-oauth/oauth';
import { describe, expect, it } from 'vitest';
import { dpop } from '../src/index.js';
import { target, verifyProof } from './support/target.js';

const MCP = 'https://mcp.example.com/mcp';

/** A strategy that is none of ours, with DPoP (SPEC B1, P5). */
function strategy(tokens: Tokens, outcome?: ChallengeOutcome): Strategy & { current: Tokens } {
  const s = {
    name: 'hand-written',
    dpop: dpop().forServer(target()),
    current: tokens,
    serverKey: async () => 'hand-written|0000000000000000',
    tokens: async () => s.current,
    authorize: async () => s.current,
    challenge: async () => {
      if (outcome?.kind === 'retry') s.current = outcome.tokens;
      return outcome ?? { kind: 'pass' };
    },
  };
  return s;
}

function recording(answer: (request: Request) => Response = () => new Response('{}')) {
  const seen: Request[] = [];
  const fetch: FetchLike = async (input, init) => {
    const request = new Request(input, init);
    seen.push(request);
    return answer(request);
  };
  return { fetch, seen };
}

const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

describe('dpopFetch', () => {
  it('[P2] a DPoP-bound token goes out as Authorization: DPoP with a proof of method, URL and ath', async () => {
    const auth = strategy({ access_token: 'bound-1', token_type: 'DPoP' });
    const { fetch, seen } = recording();
    await dpopFetch(auth, fetch)(`${MCP}?x=1`, {
      method: 'POST',
      headers: { Authorization: 'Bearer bound-1', 'mcp-protocol-version': '2025-11-25' },
      body: '{"jsonrpc":"2.0"}',
    });
    const sent = seen[0]!;
    expect(sent.headers.get('authorization')).toBe('DPoP bound-1');
    expect(sent.headers.get('mcp-protocol-version')).toBe('2025-11-25');
    const { claims } = await verifyProof(sent.headers.get('dpop')!);
    expect(claims).toMatchObject({ htm: 'POST', htu: MCP, ath: ath('bound-1') });
  });

  it('[P4] a Bearer token (a server without DPoP) and a request without a token pass unchanged', async () => {
    const auth = strategy({ access_token: 'plain', token_type: 'Bearer' });
    const { fetch, seen } = recording();
    const send = dpopFetch(auth, fetch);
    await send(MCP, { headers: { Authorization: 'Bearer plain' } });
    await send(MCP, {});
    expect(seen.map((r) => [r.headers.get('authorization'), r.headers.get('dpop')])).toEqual([
      ['Bearer plain', null],
      [null, null],
    ]);
  });

  it('[P5] without DPoP it is the base fetch itself', () => {
    const { fetch } = recording();
    const { dpop: _none, ...plain } = strategy({ access_token: 'x', token_type: 'Bearer' });
    expect(dpopFetch(plain, fetch)).toBe(fetch);
  });
});

describe('@mcp-oauth/mcp-sdk authFetch', () => {
  it('[P2] [P5] sends DPoP proofs, and a token renewed after a 401 goes out with DPoP too', async () => {
    const auth = strategy(
      { access_token: 'bound-1', token_type: 'DPoP' },
      { kind: 'retry', tokens: { access_token: 'bound-2', token_type: 'DPoP' } },
    );
    let first = true;
    const { fetch, seen } = recording(() => {
      if (!first) return new Response('{}');
      first = false;
      return new Response(null, {
        status: 401,
        headers: { 'WWW-Authenticate': 'DPoP error="invalid_token"' },
      });
    });
    const response = await v1.authFetch(auth, fetch)(MCP, {
      method: 'POST',
      headers: { Authorization: 'Bearer bound-1' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual([
      'DPoP bound-1',
      'DPoP bound-2',
    ]);
    const proofs = await Promise.all(seen.map((r) => verifyProof(r.headers.get('dpop')!)));
    expect(proofs.map((p) => p.claims.ath)).toEqual([ath('bound-1'), ath('bound-2')]);
  });

  it('[P3] a use_dpop_nonce 401 is retried inside the binding, never shown to the strategy', async () => {
    const auth = strategy({ access_token: 'bound-1', token_type: 'DPoP' });
    let challenged = false;
    const { fetch, seen } = recording(() => {
      if (challenged) return new Response('{}');
      challenged = true;
      return new Response(null, {
        status: 401,
        headers: { 'WWW-Authenticate': 'DPoP error="use_dpop_nonce"', 'DPoP-Nonce': 'rs-n' },
      });
    });
    const challenges: unknown[] = [];
    const watched = {
      ...auth,
      challenge: async (c: unknown) => {
        challenges.push(c);
        return { kind: 'pass' as const };
      },
    };
    const response = await v1.authFetch(watched, fetch)(MCP, {
      method: 'POST',
      headers: { Authorization: 'Bearer bound-1' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(challenges).toEqual([]);
    expect((await verifyProof(seen[1]!.headers.get('dpop')!)).claims.nonce).toBe('rs-n');
  });

  it('[P2] sdkAuth gives the SDK the DPoP token type and a fetch that presents it', async () => {
    const auth = strategy({ access_token: 'bound-1', token_type: 'DPoP' });
    const { authProvider } = v1.sdkAuth(auth);
    expect(await authProvider.tokens()).toEqual({ access_token: 'bound-1', token_type: 'DPoP' });
  });
});

describe('@mcp-oauth/mcp-client', () => {
  it('[P2] [P5] connect hands the transport factory a fetch that presents DPoP-bound tokens', async () => {
    const auth = strategy({ access_token: 'bound-1', token_type: 'DPoP' });
    let given: FetchLike | undefined;
    const client = {
      connect: async () => {
        await given!(MCP, { method: 'GET', headers: { Authorization: 'Bearer bound-1' } });
      },
      close: async () => {},
    };
    const { fetch, seen } = recording();
    const realFetch = globalThis.fetch;
    globalThis.fetch = fetch as typeof globalThis.fetch;
    try {
      await v2.connect(client as never, auth, (_authProvider, transportFetch) => {
        given = transportFetch;
        return {} as never;
      });
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(seen[0]!.headers.get('authorization')).toBe('DPoP bound-1');
    expect((await verifyProof(seen[0]!.headers.get('dpop')!)).claims).toMatchObject({
      htm: 'GET',
      ath: ath('bound-1'),
    });
    expect(v2.dpopFetch).toBe(dpopFetch);
  });
});
