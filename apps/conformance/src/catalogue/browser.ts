import type { RoundTrip } from './types.js';

/** The user's browser in an automated scenario. */
export interface ScenarioBrowser {
  /** Pass as the strategy's `openBrowser`. */
  open(url: string): Promise<boolean>;
  /** Resolves when every page opened so far has been delivered. */
  settled(): Promise<void>;
  /** URLs the strategy asked to open. */
  readonly opened: string[];
  /** Our own loopback callback requests, as round trips. */
  readonly callbacks: RoundTrip[];
  /** Status of the last callback page. */
  lastCallbackStatus(): number | undefined;
  /** Statuses the callback server gave the stray callbacks, in order. */
  readonly strayStatuses: number[];
}

/**
 * Follows the authorization URL to its redirect (the mock AS approves at
 * once) and delivers it to the strategy's loopback callback over real HTTP,
 * so every check of the callback server runs. `tamper` plays an attacker who
 * rewrites the redirect on the way (a forged `state`).
 */
export function scenarioBrowser(
  tamper?: (location: URL) => URL,
  strays?: (callback: URL) => URL[],
): ScenarioBrowser {
  const opened: string[] = [];
  const callbacks: RoundTrip[] = [];
  const strayStatuses: number[] = [];
  const pending: Promise<unknown>[] = [];
  let last: number | undefined;
  const deliver = async (url: string) => {
    const response = await fetch(url, { redirect: 'manual' });
    void response.body?.cancel().catch(() => {});
    const location = response.headers.get('location');
    if (!location) return;
    let target = new URL(location, url);
    if (tamper) target = tamper(target);
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) return;
    for (const stray of strays?.(new URL(location, url)) ?? []) {
      const answer = await fetch(tamper ? tamper(stray) : stray, { redirect: 'manual' });
      await answer.text().catch(() => '');
      strayStatuses.push(answer.status);
    }
    const page = await fetch(target, { redirect: 'manual' });
    await page.text().catch(() => '');
    last = page.status;
    callbacks.push({
      server: 'callback',
      endpoint: 'callback',
      method: 'GET',
      url: `${target.origin}${target.pathname}`,
      status: page.status,
    });
  };
  return {
    opened,
    callbacks,
    strayStatuses,
    lastCallbackStatus: () => last,
    async open(url) {
      opened.push(url);
      pending.push(deliver(url).catch(() => {}));
      return true;
    },
    async settled() {
      await Promise.all(pending);
    },
  };
}
