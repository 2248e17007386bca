import type { QuirkTable } from '../types.js';

const METHOD = 'https://docs.slack.dev/reference/methods/oauth.v2.access';
/** `oauth.v2.access` answering a refresh with `{'ok': False, 'error': 'invalid_refresh_token'}`. */
const REFRESH_REFUSED = 'https://github.com/CogniQ/CogniQ/issues/72';
/** `{ ok: false, error: 'token_expired' }` once a rotating access token has expired. */
const EXPIRED = 'https://github.com/slackapi/bolt-js/issues/1968';

/**
 * Slack answers every Web API call, `oauth.v2.access` included, with HTTP
 * 200 and `{"ok": false, "error": "<code>"}` on failure
 * (https://docs.slack.dev/apis/web-api/#responses), using its own codes:
 * those of {@link METHOD}'s "Errors" table; `invalid_refresh_token` as
 * `oauth.v2.access` sent it for a spent rotating refresh token
 * ({@link REFRESH_REFUSED}); `token_expired` as Slack answers a call made
 * with an expired rotating access token ({@link EXPIRED}: a Web API call,
 * not the token endpoint; the built-in aliases of SPEC N4 map it too);
 * `token_revoked`, "the app has been removed", is an error Slack lists for
 * methods called with a user token (on the `oauth.access` and
 * `oauth.v2.user.access` pages; the `oauth.v2.access` table we could read
 * does not list it).
 */
export const slackQuirks: QuirkTable = {
  name: 'slack',
  aliases: {
    invalid_refresh_token: { error: 'invalid_grant', source: REFRESH_REFUSED },
    invalid_code: { error: 'invalid_grant', source: METHOD },
    bad_redirect_uri: { error: 'invalid_grant', source: METHOD },
    token_expired: { error: 'invalid_grant', source: EXPIRED },
    token_revoked: { error: 'invalid_grant', source: METHOD },
    invalid_client_id: { error: 'invalid_client', source: METHOD },
    bad_client_secret: { error: 'invalid_client', source: METHOD },
    invalid_grant_type: { error: 'unsupported_grant_type', source: METHOD },
  },
};
