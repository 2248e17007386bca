import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { accessTokenHash, DPOP_ALGORITHMS, dpop, htuOf } from '../src/index.js';
import { manualClock, target, verifyProof } from './support/target.js';

describe('dpop', () => {
  it('[P2] a proof is a dpop+jwt signed with the key in its jwk header, which holds the public key only', async () => {
    const clock = manualClock();
    const prover = dpop().forServer(target(undefined, { clock }));
    const proof = await prover.proof({ method: 'POST', url: 'https://as.example.com/token' });
    const { header, claims } = await verifyProof(proof, clock);
    expect(header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
    expect(Object.keys(header.jwk ?? {}).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(claims).toEqual({
      htm: 'POST',
      htu: 'https://as.example.com/token',
      iat: Math.floor(clock.now() / 1000),
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('[P2] every proof has its own jti and the iat of the injected clock', async () => {
    const clock = manualClock();
    const prover = dpop().forServer(target(undefined, { clock }));
    const request = { method: 'get', url: 'https://mcp.example.com/mcp' };
    const first = (await verifyProof(await prover.proof(request), clock)).claims;
    clock.advance(90_000);
    const second = (await verifyProof(await prover.proof(request), clock)).claims;
    expect(first.jti).not.toBe(second.jti);
    expect(first.htm).toBe('GET');
    expect(Number(second.iat) - Number(first.iat)).toBe(90);
  });

  it('[P2] a resource request proof carries ath, the base64url SHA-256 of the access token', async () => {
    const prover = dpop().forServer(target());
    const accessToken = 'eyJhbGciOiJSUzI1NiJ9.payload.signature';
    const { claims } = await verifyProof(
      await prover.proof({ method: 'POST', url: 'https://mcp.example.com/mcp', accessToken }),
    );
    const expected = createHash('sha256').update(accessToken, 'ascii').digest('base64url');
    expect(claims.ath).toBe(expected);
    expect(await accessTokenHash(accessToken)).toBe(expected);
  });

  it('[P2] htu is the request URL without query and fragment, normalised', async () => {
    expect(htuOf('https://MCP.Example.com:443/mcp?session=1&token=x#frag')).toBe(
      'https://mcp.example.com/mcp',
    );
    expect(htuOf(new URL('http://127.0.0.1:8080/tenant/token?x=1'))).toBe(
      'http://127.0.0.1:8080/tenant/token',
    );
    const prover = dpop().forServer(target());
    const { claims } = await verifyProof(
      await prover.proof({ method: 'POST', url: 'https://mcp.example.com/mcp?a=1#b' }),
    );
    expect(claims.htu).toBe('https://mcp.example.com/mcp');
  });

  it('[P1] keys are ES256 by default; ES384, ES512 and EdDSA on request', async () => {
    expect(DPOP_ALGORITHMS).toEqual(['ES256', 'ES384', 'ES512', 'EdDSA']);
    for (const algorithm of DPOP_ALGORITHMS) {
      const prover = dpop({ algorithm }).forServer(target());
      const proof = await prover.proof({ method: 'POST', url: 'https://as.example.com/token' });
      const { header } = await verifyProof(proof);
      expect(header.alg).toBe(algorithm);
      expect(await calculateJwkThumbprint(header.jwk!)).toMatch(/^[\w-]{43}$/);
    }
  });

  it('[P1] options are checked up front with TypeErrors that say what to pass', () => {
    expect(() => dpop({ algorithm: 'RS256' as never })).toThrow(
      new TypeError('dpop() requires algorithm to be one of ES256, ES384, ES512, EdDSA, got RS256'),
    );
    expect(() => dpop({ algorithm: 'HS256' as never })).toThrow(TypeError);
    expect(() => dpop({ required: 'yes' as never })).toThrow(
      new TypeError('dpop() requires required to be true or false'),
    );
    expect(dpop()).toMatchObject({ required: false, algorithm: 'ES256' });
    expect(dpop({ required: true })).toMatchObject({ required: true });
  });

  it('[P2] the proof header never carries a private member', async () => {
    const prover = dpop({ algorithm: 'EdDSA' }).forServer(target());
    const header = decodeProtectedHeader(
      await prover.proof({ method: 'POST', url: 'https://as.example.com/token' }),
    );
    expect(header.jwk).not.toHaveProperty('d');
    expect(Object.keys(header.jwk ?? {}).sort()).toEqual(['crv', 'kty', 'x']);
  });
});
