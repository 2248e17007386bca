import type { QuirkTable } from '../types.js';

const TROUBLESHOOTING =
  'https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors';
/**
 * `POST /login/oauth/access_token` answering HTTP 200 with
 * `{"error": "bad_refresh_token", …}`. GitHub's own refresh page does not
 * list the code, and the `error_uri` GitHub sends with it points at
 * {@link TROUBLESHOOTING}, which does not list it either.
 */
const REFRESH = 'https://github.com/interlink-hq/interLink/pull/262';

/**
 * GitHub's `POST https://github.com/login/oauth/access_token` answers errors
 * with HTTP 200 (octokit/oauth-methods.js turns a 200 carrying `error` into a
 * 400 for the same reason), uses its own codes, and without
 * `Accept: application/json` answers form-encoded bodies
 * (https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps,
 * "By default, the response takes the following form").
 */
export const githubQuirks: QuirkTable = {
  name: 'github',
  acceptJson: true,
  aliases: {
    bad_verification_code: { error: 'invalid_grant', source: TROUBLESHOOTING },
    bad_refresh_token: { error: 'invalid_grant', source: REFRESH },
    redirect_uri_mismatch: { error: 'invalid_grant', source: TROUBLESHOOTING },
    incorrect_client_credentials: { error: 'invalid_client', source: TROUBLESHOOTING },
    unverified_user_email: { error: 'invalid_grant', source: TROUBLESHOOTING },
  },
};
