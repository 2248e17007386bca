import type { QuirkTable } from '../types.js';

const HELP =
  'https://help.zoho.com/portal/en/kb/accounts/faqs-troubleshooting/faqs/oauth/articles/invalid-code-redirect-uri';

/**
 * Zoho Accounts (`https://accounts.zoho.com/oauth/v2/token`) answers a
 * reused or expired grant code, and a refresh token the user revoked, with
 * `{"error": "invalid_code"}` ({@link HELP}) and HTTP 200, reported as
 * "IdentityProviderException(code: 200): invalid_code" in
 * https://github.com/Weble/ZohoBooksApi/issues/84.
 */
export const zohoQuirks: QuirkTable = {
  name: 'zoho',
  aliases: {
    invalid_code: { error: 'invalid_grant', source: HELP },
    invalid_redirect_uri: { error: 'invalid_grant', source: HELP },
  },
};
