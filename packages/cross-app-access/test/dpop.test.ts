import { dpop } from '@mcp-oauth/dpop';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { onUnhandledRequest, setup } from './support/xaa-flow.js';

/** The claims of a proof, read as the server reads them before verifying. */
const decodeJwt = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest }));
afterEach(() => msw.resetHandlers());
afterAll(() => msw.close());

describe('crossAppAccess() with dpop', () => {
  it('[P5] the jwt-bearer grant at the MCP server’s authorization server carries a proof; the IdP gets none', async () => {
    const s = await setup(msw, { strategy: { dpop: dpop() } });
    await s.auth.authorize();
    const grant = s.env.requests.last('token')!;
    const proof = decodeJwt(grant.headers.dpop!);
    expect(proof).toMatchObject({ htm: 'POST', htu: grant.url.split('?')[0] });
    expect(proof.ath).toBeUndefined();
    const idp = s.env.requests.filter((r) => r.endpoint === 'idp-token');
    expect(idp.length).toBeGreaterThan(0);
    expect(idp.map((r) => r.headers.dpop)).toEqual(idp.map(() => undefined));
    // The key is the server record's own (SPEC P1).
    expect((await s.record())?.dpopKey).toMatchObject({ alg: 'ES256', d: expect.any(String) });
    expect(s.auth.dpop).toBeDefined();
  });

  it('[P4] [P5] this authorization server issues Bearer tokens: they are kept as Bearer, unless DPoP is required', async () => {
    const s = await setup(msw, { strategy: { dpop: dpop() } });
    expect((await s.auth.authorize()).token_type).toBe('Bearer');
    expect(await s.record()).not.toHaveProperty('tokenType');

    const strict = await setup(msw, { strategy: { dpop: dpop({ required: true }) } });
    const error = await strict.auth.authorize().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EXCHANGE_FAILED', stage: 'jwt_bearer' });
    expect((error as Error & { cause?: unknown }).cause).toMatchObject({
      code: 'DPOP_UNSUPPORTED',
    });
    expect((await strict.record())?.accessToken).toBeUndefined();
  });
});
