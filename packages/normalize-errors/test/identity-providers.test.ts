import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  auth0Quirks,
  entraQuirks,
  githubQuirks,
  googleQuirks,
  normalizeErrors,
  type QuirkTable,
  slackQuirks,
  zohoQuirks,
} from '../src/index.js';
import { refreshBody, server } from './msw.js';

const ENTRA = 'https://login.microsoftonline.com/common/oauth2/v2.0/token';
const GOOGLE = 'https://oauth2.googleapis.com/token';
const AUTH0 = 'https://tenant.eu.auth0.com/oauth/token';

async function answer(table: QuirkTable, url: string, body: object, status: number) {
  server.use(
    http.post(url, () => HttpResponse.json(body, { status, headers: { 'x-trace': 't1' } })),
  );
  const response = await normalizeErrors(undefined, { quirks: [table] })(url, {
    method: 'POST',
    body: refreshBody(),
  });
  return {
    status: response.status,
    trace: response.headers.get('x-trace'),
    body: await response.json(),
  };
}

describe('identity provider quirk tables (SPEC Q2)', () => {
  it('[Q2] Entra: authorization_declined (400) becomes access_denied, status and description kept', async () => {
    expect(
      await answer(
        entraQuirks,
        ENTRA,
        {
          error: 'authorization_declined',
          error_description: 'AADSTS70000: The user declined the request.',
          error_codes: [70000],
        },
        400,
      ),
    ).toEqual({
      status: 400,
      trace: 't1',
      body: {
        error: 'access_denied',
        error_description: 'AADSTS70000: The user declined the request.',
      },
    });
  });

  it('[Q2] Entra: interaction_required on refresh becomes invalid_grant; unknown codes pass untouched', async () => {
    const mapped = await answer(entraQuirks, ENTRA, { error: 'interaction_required' }, 400);
    expect(mapped.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Server returned non-standard error code: interaction_required',
    });
    const kept = await answer(
      entraQuirks,
      ENTRA,
      {
        error: 'invalid_request',
        error_description: 'AADSTS9010010: resource',
        error_codes: [9010010],
      },
      400,
    );
    expect(kept.body.error_codes).toEqual([9010010]);
  });

  it('[Q2] Google: org_internal (403) becomes access_denied; deleted_client (401) invalid_client', async () => {
    expect((await answer(googleQuirks, GOOGLE, { error: 'org_internal' }, 403)).body.error).toBe(
      'access_denied',
    );
    const deleted = await answer(googleQuirks, GOOGLE, { error: 'deleted_client' }, 401);
    expect(deleted).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('[Q2] Auth0: mfa_required (403) on refresh becomes invalid_grant, so a new login is asked for', async () => {
    const mfa = await answer(
      auth0Quirks,
      AUTH0,
      {
        error: 'mfa_required',
        error_description: 'Multifactor authentication required',
        mfa_token: 'm',
      },
      403,
    );
    expect(mfa).toEqual({
      status: 403,
      trace: 't1',
      body: { error: 'invalid_grant', error_description: 'Multifactor authentication required' },
    });
  });

  it('[Q2] the tables apply only to their hosts', async () => {
    const elsewhere = await answer(
      entraQuirks,
      'https://auth.example.com/token',
      { error: 'authorization_declined' },
      400,
    );
    expect(elsewhere.body.error).toBe('authorization_declined');
  });

  it('[Q2] every entry of every table cites its source: provider documentation or a public issue', () => {
    for (const table of [
      entraQuirks,
      googleQuirks,
      auth0Quirks,
      slackQuirks,
      githubQuirks,
      zohoQuirks,
    ]) {
      for (const [code, alias] of Object.entries(table.aliases)) {
        expect(alias.source, `${table.name}.${code}`).toMatch(
          /^https:\/\/(learn\.microsoft\.com|developers\.google\.com|github\.com|docs\.slack\.dev|docs\.github\.com|help\.zoho\.com)\//,
        );
      }
    }
  });

  it('[N1] without errorResponses a table leaves error answers untouched', async () => {
    const { errorResponses: _, ...table } = entraQuirks;
    const kept = await answer(table, ENTRA, { error: 'authorization_declined' }, 400);
    expect(kept.body.error).toBe('authorization_declined');
  });
});
