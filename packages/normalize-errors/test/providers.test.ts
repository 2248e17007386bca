import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { githubQuirks, normalizeErrors, slackQuirks, zohoQuirks } from '../src/index.js';
import { refreshBody, server } from './msw.js';

const SLACK = 'https://slack.com/api/oauth.v2.access';
const GITHUB = 'https://github.com/login/oauth/access_token';
const ZOHO = 'https://accounts.zoho.com/oauth/v2/token';

describe('provider quirk tables', () => {
  it('[N6] Slack: {"ok":false,"error":"invalid_refresh_token"} with HTTP 200 becomes invalid_grant', async () => {
    server.use(
      http.post(SLACK, () => HttpResponse.json({ ok: false, error: 'invalid_refresh_token' })),
    );
    const response = await normalizeErrors(undefined, { quirks: [slackQuirks] })(SLACK, {
      method: 'POST',
      body: refreshBody(),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Server returned non-standard error code: invalid_refresh_token',
    });
  });

  it('[N6] Slack aliases map to standard codes', async () => {
    const fetch = normalizeErrors(undefined, { quirks: [slackQuirks] });
    for (const [code, standard] of [
      ['invalid_code', 'invalid_grant'],
      ['bad_client_secret', 'invalid_client'],
      ['invalid_grant_type', 'unsupported_grant_type'],
    ]) {
      server.use(http.post(SLACK, () => HttpResponse.json({ ok: false, error: code })));
      expect((await (await fetch(SLACK, { method: 'POST' })).json()).error).toBe(standard);
    }
  });

  it('[N6] Slack success bodies (ok:true with access_token) pass through', async () => {
    const body = {
      ok: true,
      access_token: 'xoxe.xoxp-1',
      refresh_token: 'xoxe-1',
      expires_in: 43200,
    };
    server.use(http.post(SLACK, () => HttpResponse.json(body)));
    const response = await normalizeErrors(undefined, { quirks: [slackQuirks] })(SLACK, {
      method: 'POST',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(body);
  });

  it('[N6] GitHub: HTTP 200 with bad_refresh_token / bad_verification_code becomes invalid_grant', async () => {
    const fetch = normalizeErrors(undefined, { quirks: [githubQuirks] });
    for (const code of ['bad_refresh_token', 'bad_verification_code']) {
      server.use(
        http.post(GITHUB, () =>
          HttpResponse.json({
            error: code,
            error_description: 'The code passed is incorrect or expired.',
            error_uri: 'https://docs.github.com/apps/troubleshooting',
          }),
        ),
      );
      const response = await fetch(GITHUB, { method: 'POST', body: refreshBody() });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'The code passed is incorrect or expired.',
        error_uri: 'https://docs.github.com/apps/troubleshooting',
      });
    }
  });

  it('[N6] GitHub: asks for JSON when Accept is missing, and normalises form bodies when it is not honoured', async () => {
    const accepts: Array<string | null> = [];
    server.use(
      http.post(GITHUB, ({ request }) => {
        accepts.push(request.headers.get('accept'));
        return new HttpResponse('error=bad_verification_code&error_description=expired', {
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        });
      }),
    );
    const fetch = normalizeErrors(undefined, { quirks: [githubQuirks] });
    const response = await fetch(GITHUB, { method: 'POST', body: refreshBody() });
    expect(await response.json()).toEqual({ error: 'invalid_grant', error_description: 'expired' });
    await fetch(new Request(GITHUB, { method: 'POST', headers: { Accept: 'text/plain' } }));
    expect(accepts).toEqual(['application/json', 'text/plain']);
  });

  it('[N6] Zoho: HTTP 200 with invalid_code becomes invalid_grant', async () => {
    server.use(http.post(ZOHO, () => HttpResponse.json({ error: 'invalid_code' })));
    const response = await normalizeErrors(undefined, { quirks: [zohoQuirks] })(ZOHO, {
      method: 'POST',
      body: refreshBody(),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_grant');
  });

  it('[N6] every shipped table entry maps to a standard code and cites a source URL', () => {
    const standard = new Set([
      'invalid_request',
      'invalid_client',
      'invalid_grant',
      'unauthorized_client',
      'unsupported_grant_type',
      'invalid_scope',
    ]);
    for (const table of [slackQuirks, githubQuirks, zohoQuirks]) {
      for (const alias of Object.values(table.aliases)) {
        expect(standard.has(alias.error)).toBe(true);
        expect(alias.source).toMatch(/^https:\/\//);
      }
    }
  });
});
