import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startCallbackServer } from '../src/callback-server.js';

const STATE = 'the-real-state';
const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  '</title><svg onload=alert(1)>',
  '%3Cscript%3E',
  '{{constructor.constructor("alert(1)")()}}',
  '\u0000\u202e',
];

function randomString(rand: () => number, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-_/%.?&=#<>"\'';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}

/** A small deterministic PRNG so a failure can be replayed. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function send(port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'GET', headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', () => resolve({ status: -1, body }));
      },
    );
    req.on('error', () => resolve({ status: -1, body: '' }));
    req.end();
  });
}

describe('callback server under abuse', () => {
  it('[A4] [A17] 10,000 hostile requests: no crash, no unescaped reflection, and the flow still completes', async () => {
    const server = await startCallbackServer({ state: STATE });
    const rand = mulberry32(20261127);
    let reflected = 0;
    let answered = 0;
    const batch = 50;
    for (let sent = 0; sent < 10_000; sent += batch) {
      const results = await Promise.all(
        Array.from({ length: batch }, (_, i) => {
          const payload = PAYLOADS[(sent + i) % PAYLOADS.length]!;
          const kind = Math.floor(rand() * 5);
          const headers: Record<string, string> = {};
          let path: string;
          if (kind === 0) path = `/${randomString(rand, 1 + Math.floor(rand() * 200))}`;
          else if (kind === 1)
            path = `/callback?error=${encodeURIComponent(payload)}&error_description=${encodeURIComponent(payload)}`;
          else if (kind === 2)
            path = `/callback?error=access_denied&state=${encodeURIComponent(payload)}`;
          else if (kind === 3) {
            path = '/callback?error=x';
            headers['x-oversized'] = 'a'.repeat(16 * 1024);
          } else
            path = `/callback?${randomString(rand, 100)}&error_uri=${encodeURIComponent(payload)}`;
          return send(server.port, path.replace(/[^\x21-\x7e]/g, encodeURIComponent), headers);
        }),
      );
      for (const r of results) {
        if (r.status > 0) answered++;
        for (const payload of PAYLOADS) {
          if (/[<>"]/.test(payload) && r.body.includes(payload)) reflected++;
        }
        expect(r.status === -1 || (r.status >= 400 && r.status < 500) || r.status === 431).toBe(
          true,
        );
      }
    }
    expect(reflected).toBe(0);
    expect(answered).toBeGreaterThanOrEqual(9_900);
    // The flow is still waiting and completes with the real callback.
    const ok = send(server.port, `/callback?code=real-code&state=${STATE}`, {});
    const receipt = await server.result;
    expect(receipt.code).toBe('real-code');
    receipt.finish(true);
    expect((await ok).status).toBe(200);
    await server.close();
  });
});
