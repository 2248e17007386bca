import { describe, expect, it, vi } from 'vitest';
import { REDACTED, redact, redactText, redactUrl, safeLogger } from '../src/index.js';

const authorizeUrl =
  'https://as.example.com/authorize?response_type=code&client_id=abc&state=s3cr3t-state&nonce=n0nce' +
  '&code_challenge=ch4llenge&code_challenge_method=S256&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback';

describe('redactUrl', () => {
  it('[A14] redacts state, nonce, code_challenge, code_verifier and code, keeps the rest', () => {
    const out = redactUrl(authorizeUrl);
    for (const secret of ['s3cr3t-state', 'n0nce', 'ch4llenge']) expect(out).not.toContain(secret);
    expect(out).toContain('client_id=abc');
    expect(out).toContain('code_challenge_method=S256');
    const callback = redactUrl('http://127.0.0.1:1/callback?code=AUTHCODE&state=x&code_verifier=v');
    expect(callback).not.toContain('AUTHCODE');
    expect(new URL(callback).searchParams.get('code')).toBe(REDACTED);
    expect(new URL(callback).searchParams.get('code_verifier')).toBe(REDACTED);
  });

  it('[A14] redacts tokens in fragments and credentials in userinfo', () => {
    const out = redactUrl('https://user:pw@example.com/cb#access_token=AT123&token_type=bearer');
    expect(out).not.toContain('AT123');
    expect(out).not.toContain('pw@');
    expect(out).toContain('token_type=bearer');
  });

  it('returns non-URLs unchanged', () => {
    expect(redactUrl('not a url')).toBe('not a url');
  });
});

describe('redact', () => {
  it('[A14] replaces secret-named fields at any depth and scrubs URLs inside strings', () => {
    const out = redact({
      access_token: 'AT',
      nested: { refreshToken: 'RT', client_secret: 'CS', list: [{ id_token: 'IT' }] },
      headers: { Authorization: 'Bearer AT' },
      message: `opening ${authorizeUrl}`,
      status: 400,
    });
    const text = JSON.stringify(out);
    for (const secret of ['"AT"', 'RT', 'CS', 'IT', 's3cr3t-state', 'Bearer AT']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('"status":400');
  });

  it('[A14] redacts bearer credentials in free text', () => {
    expect(redactText('sent Authorization: Bearer eyJhbGciOi.abc.def')).toBe(
      `sent Authorization: Bearer ${REDACTED}`,
    );
  });

  it('cuts cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redact(a)).toEqual({ name: 'a', self: '[Circular]' });
  });
});

describe('safeLogger', () => {
  it('[A14] no token, code or secret reaches the underlying logger', () => {
    const debug = vi.fn();
    const log = safeLogger({ debug });
    log.debug(`redirecting to ${authorizeUrl}`, { code: 'AUTHCODE', refresh_token: 'RT', ok: 1 });
    const seen = JSON.stringify(debug.mock.calls);
    for (const secret of ['s3cr3t-state', 'AUTHCODE', '"RT"']) expect(seen).not.toContain(secret);
    expect(seen).toContain('"ok":1');
  });

  it('swallows logger exceptions and ignores missing levels', () => {
    const log = safeLogger({
      debug: () => {
        throw new Error('boom');
      },
    });
    expect(() => log.debug('x')).not.toThrow();
    expect(() => log.warn('x')).not.toThrow();
  });
});
