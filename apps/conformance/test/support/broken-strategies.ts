/// Strategies broken on purpose, to prove the catalogue notices. They keep the
/// adapter id, so the known-failures baseline applies to them as to the original.
import { OTHER_ISSUER } from '@mcp-oauth/mock-servers';
import { type ScenarioBrowser, scenarioBrowser } from '../../src/catalogue/browser.js';
import type { StrategyAdapter } from '../../src/strategies/types.js';

/**
 * A browser whose callbacks always carry the `state` (or `iss`) the client
 * sent: the forged value never reaches the client's check, which is what a
 * client without that check looks like from the outside.
 */
function launderingBrowser(
  tamper: ((location: URL) => URL) | undefined,
  launder: (location: URL, sent: URL) => void,
  strays?: (callback: URL) => URL[],
): ScenarioBrowser {
  const browsers: ScenarioBrowser[] = [];
  return {
    opened: [],
    get callbacks() {
      return browsers.flatMap((b) => b.callbacks);
    },
    get strayStatuses() {
      return browsers.flatMap((b) => b.strayStatuses);
    },
    lastCallbackStatus: () => browsers.at(-1)?.lastCallbackStatus(),
    async open(url) {
      this.opened.push(url);
      const sent = new URL(url);
      const browser = scenarioBrowser((location) => {
        const forged = tamper ? tamper(location) : location;
        launder(forged, sent);
        return forged;
      }, strays);
      browsers.push(browser);
      return browser.open(url);
    },
    async settled() {
      await Promise.all(browsers.map((b) => b.settled()));
    },
  };
}

/** The given adapter with its `state` check defeated (SPEC A3, A4). */
export function skipsStateCheck(adapter: StrategyAdapter): StrategyAdapter {
  return {
    ...adapter,
    run: (ctx) =>
      adapter.run({
        ...ctx,
        browser: launderingBrowser(
          ctx.profile.tamperRedirect,
          (location, sent) => {
            location.searchParams.set('state', sent.searchParams.get('state') ?? '');
          },
          ctx.profile.strayCallbacks,
        ),
      }),
  };
}

/** The given adapter with its RFC 9207 `iss` check defeated (SPEC A15): a foreign `iss` becomes `issuer`. */
export function skipsIssCheck(adapter: StrategyAdapter, issuer: string): StrategyAdapter {
  return {
    ...adapter,
    run: (ctx) =>
      adapter.run({
        ...ctx,
        browser: launderingBrowser(
          ctx.profile.tamperRedirect,
          (location) => {
            if (location.searchParams.get('iss') === OTHER_ISSUER)
              location.searchParams.set('iss', issuer);
          },
          ctx.profile.strayCallbacks,
        ),
      }),
  };
}
