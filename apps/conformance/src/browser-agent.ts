import type { FetchLike } from '@mcp-oauth/core';

/**
 * Acts as the user's browser for an automated run: fetches the authorization
 * URL without following redirects and delivers the redirect target to the
 * client's own loopback callback server over HTTP, so every check of the
 * callback server (state, iss, error handling) runs as it would for a person.
 */
export async function actAsBrowser(
  authorizationUrl: string,
  fetch: FetchLike = globalThis.fetch,
): Promise<void> {
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(url, { redirect: 'manual' });
    await response.body?.cancel().catch(() => {});
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(
        `the authorization server answered HTTP ${response.status} without a redirect`,
      );
    }
    const next = new URL(location, url);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new Error(`refusing to follow a redirect to ${next.protocol}`);
    }
    if (
      next.pathname === '/callback' &&
      (next.hostname === '127.0.0.1' || next.hostname === 'localhost')
    ) {
      // The loopback callback: deliver it and stop, whatever page comes back.
      const page = await fetch(next.href, { redirect: 'manual' });
      await page.body?.cancel().catch(() => {});
      return;
    }
    url = next.href;
  }
  throw new Error('too many redirects before reaching the callback');
}
