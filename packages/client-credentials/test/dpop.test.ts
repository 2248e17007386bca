import { dpop } from '@mcp-oauth/dpop';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { setup, token } from './support/fake-servers.js';

describe('client credentials with DPoP', () => {
  it('[P5] [P2] [P4] the grant carries a proof, the DPoP-bound token is kept as such, and the strategy offers the prover to the bindings', async () => {
    const s = setup();
    s.servers.tokenReplies = [token({ token_type: 'DPoP' })];
    const auth = s.clientCredentials({ dpop: dpop() });
    const tokens = await auth.tokens();
    expect(tokens?.token_type).toBe('DPoP');
    const [request] = s.servers.tokenRequests();
    const proof = request!.headers.get('dpop')!;
    expect(decodeProtectedHeader(proof)).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
    expect(decodeJwt(proof)).toMatchObject({ htm: 'POST', htu: 'https://auth.example.com/token' });
    expect(auth.dpop).toBeDefined();
  });

  it('[P4] a server without DPoP gets a plain bearer token unless DPoP is required', async () => {
    const s = setup();
    const auth = s.clientCredentials({ dpop: dpop() });
    expect((await auth.tokens())?.token_type).toBe('Bearer');
    const strict = setup();
    await expect(
      strict.clientCredentials({ dpop: dpop({ required: true }) }).tokens(),
    ).rejects.toMatchObject({
      code: 'DPOP_UNSUPPORTED',
    });
  });
});
