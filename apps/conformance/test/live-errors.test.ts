import { createOAuthFetch, ErrorCode, McpOAuthError, readOAuthJson } from '@mcp-oauth/core';
import { assertSecureUrl } from '@mcp-oauth/discovery';
import { normalizeErrors } from '@mcp-oauth/normalize-errors';
import { describe, expect, it } from 'vitest';
import { explainError, refusalOf } from '../src/live/errors.js';
import { recorder } from '../src/live/recorder.js';

/** What Node's fetch throws for a closed port: `fetch failed`, the real reason in `cause`. */
const refused = () =>
  new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:59999'), {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 59999,
    }),
  });

describe('explainError', () => {
  it('an unreachable server: the cause under "fetch failed" and what to check', () => {
    expect(explainError(refused())).toBe(
      'fetch failed (connect ECONNREFUSED 127.0.0.1:59999): nothing listens there: check that the server is running and the host and port',
    );
    const wrapped = new McpOAuthError(
      ErrorCode.Http,
      'Request to http://127.0.0.1:59999/mcp failed',
      {
        cause: refused(),
      },
    );
    expect(explainError(wrapped)).toContain(
      '(connect ECONNREFUSED 127.0.0.1:59999): nothing listens',
    );
    const dns = new TypeError('fetch failed', {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND mcp.example.invalid'), {
        code: 'ENOTFOUND',
      }),
    });
    expect(explainError(dns)).toContain(
      '(getaddrinfo ENOTFOUND mcp.example.invalid): the host name does not resolve',
    );
    // Port 9 is one of the Fetch standard's bad ports: no connection is even tried.
    const bad = new TypeError('fetch failed', { cause: new Error('bad port') });
    expect(explainError(bad)).toContain('(bad port): fetch refuses this port');
  });

  it('INSECURE_URL names the command-line flag --allow-insecure, not the library option', () => {
    let error: unknown;
    try {
      assertSecureUrl('http://mcp.example.com/mcp', { purpose: 'MCP server URL' });
    } catch (e) {
      error = e;
    }
    const text = explainError(error);
    expect(text).toMatch(
      /^INSECURE_URL: Refusing insecure MCP server URL http:\/\/mcp\.example\.com\/mcp\./,
    );
    expect(text).toContain('--allow-insecure');
    expect(text).not.toMatch(/allowInsecure/);
  });

  it('[N3] an error the normalize-errors wrapper rewrote: the status and body the server sent, the normalised code beside it', async () => {
    // A Slack-style token endpoint: HTTP 200 with { ok: false, error }.
    const slack = async () =>
      Response.json({ ok: false, error: 'invalid_refresh_token' }, { status: 200 });
    const rec = recorder(slack);
    rec.learn({ token: 'https://slack.example.com/api/oauth.v2.access' });
    const fetch = normalizeErrors(createOAuthFetch({ fetch: rec.fetch }));
    const response = await fetch('https://slack.example.com/api/oauth.v2.access', {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'r' }),
    });
    const error = await readOAuthJson(response).catch((e: unknown) => e);
    expect((error as McpOAuthError).status).toBe(400);
    const text = explainError(error, rec.seen);
    expect(text).toContain('(HTTP 400): invalid_grant');
    expect(text).toContain(
      '[the server sent HTTP 200 {"ok":false,"error":"invalid_refresh_token"}; normalised to HTTP 400 invalid_grant (SPEC N3)]',
    );
  });
});

describe('refusalOf', () => {
  it('names the provider fault and its RFC section; an iss in the login is not an issuer in metadata', () => {
    const mismatch = new McpOAuthError(
      ErrorCode.IssuerMismatch,
      'Issuer mismatch: expected a, got b',
    );
    expect(refusalOf(mismatch, 'discovery')).toMatchObject({
      code: 'ISSUER_MISMATCH',
      refs: ['RFC 8414 §3.3', 'D7'],
      mockProfile: 'issuer-mismatch',
    });
    expect(refusalOf(mismatch, 'login')).toMatchObject({
      refs: ['RFC 9207 §2.4', 'A15'],
      mockProfile: 'iss-wrong',
    });
    // Cross-app access wraps the refusal in EXCHANGE_FAILED (SPEC X9): the cause counts.
    const wrapped = new McpOAuthError(ErrorCode.Exchange, 'failed at discovery', {
      cause: new McpOAuthError(ErrorCode.ResourceMismatch, 'resource mismatch'),
    });
    expect(refusalOf(wrapped, 'login')?.fault).toBe(
      'its protected-resource metadata names another resource than this MCP server',
    );
    expect(refusalOf(refused(), 'discovery')).toBeUndefined();
  });
});
