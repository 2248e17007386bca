/**
 * Drives oidc-provider's devInteractions (login form, then consent form)
 * with a cookie-keeping fetch loop, so tests log in without a browser.
 */

const MAX_STEPS = 20;

/**
 * @param {string | URL} authorizationUrl
 * @param {{ issuer: string, login?: string, fetch?: typeof fetch }} options
 * @returns {Promise<string>} the URL the AS redirected to outside itself (the client's redirect_uri)
 */
export async function completeAuthorization(authorizationUrl, options) {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const origin = new URL(options.issuer).origin;
  /** @type {Map<string, string>} */
  const cookies = new Map();
  let url = new URL(authorizationUrl);
  /** @type {URLSearchParams | undefined} */
  let body;
  for (let step = 0; step < MAX_STEPS; step++) {
    const headers = { accept: 'text/html' };
    if (cookies.size > 0) {
      headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    const response = await fetchImpl(url, {
      method: body ? 'POST' : 'GET',
      headers: body ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers,
      body,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    body = undefined;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, url);
      if (next.origin !== origin) return next.href;
      url = next;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action || !prompt) {
      throw new Error(
        `completeAuthorization: unexpected HTTP ${response.status} at ${url.pathname}: ${html.slice(0, 300)}`,
      );
    }
    url = new URL(action.replace(/&amp;/g, '&'), url);
    body =
      prompt === 'login'
        ? new URLSearchParams({ prompt, login: options.login ?? 'user', password: 'any' })
        : new URLSearchParams({ prompt });
  }
  throw new Error(`completeAuthorization: no redirect to the client after ${MAX_STEPS} steps`);
}
