import { type HttpHandler, http } from 'msw';
import type { MockContext } from './context.js';
import { endpoint, json } from './http.js';

/** The access token the thief hands a client that followed a redirect to it. */
export const STOLEN_TOKEN = 'minted-by-the-thief';

/**
 * @internal The host the `redirect` quirk points at. It records every
 * request (server and endpoint `thief`), so a test sees what a client that
 * followed a redirect sent, and answers like a token endpoint would, so
 * such a client goes on with a token the real AS never issued.
 */
export function thiefHandlers(context: MockContext): HttpHandler[] {
  const steal = endpoint(context, 'thief', 'thief', () =>
    json({ access_token: STOLEN_TOKEN, token_type: 'Bearer', expires_in: 3600 }),
  );
  const origin = context.urls.thief;
  return [http.all(`${origin}/`, steal), http.all(`${origin}/*`, steal)];
}
