import { createOAuthFetch, ErrorCode, OAuthResponseError, readOAuthJson } from '@mcp-oauth/core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { normalizeErrors, slackQuirks } from '../src/index.js';
import { refreshBody, server } from './msw.js';

const TOKEN = 'https://slack.com/api/oauth.v2.access';

describe('normalizeErrors with the OAuth fetch', () => {
  it('[F2] POST responses of the OAuth fetch go through N, so a Slack 200 error reads as invalid_grant', async () => {
    server.use(
      http.post(TOKEN, () => HttpResponse.json({ ok: false, error: 'invalid_refresh_token' })),
    );
    const oauthFetch = normalizeErrors(createOAuthFetch(), { quirks: [slackQuirks] });
    const response = await oauthFetch(TOKEN, { method: 'POST', body: refreshBody() });
    const error = await readOAuthJson(response, TOKEN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthResponseError);
    expect(error).toMatchObject({
      code: ErrorCode.OAuth,
      oauthError: 'invalid_grant',
      status: 400,
      errorDescription: 'Server returned non-standard error code: invalid_refresh_token',
    });
  });

  it('[F2] a successful token response still parses through both wrappers', async () => {
    server.use(
      http.post(TOKEN, () => HttpResponse.json({ access_token: 'at', token_type: 'Bearer' })),
    );
    const oauthFetch = normalizeErrors(createOAuthFetch());
    const response = await oauthFetch(TOKEN, { method: 'POST', body: refreshBody() });
    expect(await readOAuthJson(response, TOKEN)).toEqual({
      access_token: 'at',
      token_type: 'Bearer',
    });
  });
});
