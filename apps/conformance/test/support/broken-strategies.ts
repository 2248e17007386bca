/// Strategies broken on purpose, to prove the catalogue notices. They keep the
/// adapter id, so the known-failures baseline applies to them as to the original.
import type { fileAssertion } from '@mcp-oauth/client-credentials';
import type { FetchLike, JsonValue, Updater } from '@mcp-oauth/core';
import { dpop } from '@mcp-oauth/dpop';
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

/**
 * A fetch that follows a redirect answered to a credential-bearing POST by
 * sending the same request to `Location`, as undici's `redirect: 'follow'`
 * does for a 307 or 308: the code, refresh token, client secret or
 * assertion goes to whoever the server named (SPEC H1 defeated).
 */
const followingFetch: FetchLike = async (input, init = {}) => {
  const response = await fetch(input, init);
  const location = response.headers.get('location');
  const redirect = response.status >= 300 && response.status < 400;
  if (init.method !== 'POST' || !redirect || !location) return response;
  const url = typeof input === 'string' || input instanceof URL ? input : input.url;
  return fetch(new URL(location, url), init);
};

/** The given adapter sending its OAuth requests through a fetch that follows redirects (SPEC H1). */
export function followsRedirects(adapter: StrategyAdapter): StrategyAdapter {
  return { ...adapter, run: (ctx) => adapter.run({ ...ctx, fetch: followingFetch }) };
}

/** A record without its binding to the AS that issued its credentials. */
function unbound<T extends JsonValue | undefined>(value: T): T {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const { issuer: _issuer, tokenEndpoint: _tokenEndpoint, ...rest } = value;
  return rest as T;
}

/**
 * The given adapter on a store that drops `issuer` and `tokenEndpoint` from
 * every record it writes: what a runtime that never binds credentials to
 * their AS looks like from the outside (SPEC H2 defeated).
 */
export function forgetsIssuingServer(adapter: StrategyAdapter): StrategyAdapter {
  return {
    ...adapter,
    run: (ctx) => {
      const store = new Proxy(ctx.store, {
        get(target, member) {
          if (member === 'set') {
            return (key: string, value: JsonValue) => target.set(key, unbound(value));
          }
          if (member === 'update') {
            return <T extends JsonValue>(key: string, fn: Updater<T>) =>
              target.update<T>(key, async (current) => unbound(await fn(current)));
          }
          const found = Reflect.get(target, member, target);
          return typeof found === 'function' ? found.bind(target) : found;
        },
      });
      return adapter.run({ ...ctx, store });
    },
  };
}

/** A token file read once and remembered: what a client that caches the platform token does (SPEC M4 defeated). */
export function readOnce(source: typeof fileAssertion): typeof fileAssertion {
  return (path) => {
    const inner = source(path);
    let first: Promise<string | undefined> | undefined;
    return { ...inner, read: (signal) => (first ??= Promise.resolve(inner.read(signal))) };
  };
}

/** `dpop()` whose resource proofs carry no `ath` (SPEC P2 defeated). */
export const withoutAth: typeof dpop = (options) => {
  const real = dpop(options);
  return {
    ...real,
    forServer(target) {
      const prover = real.forServer(target);
      return {
        ...prover,
        proof: (request) => prover.proof({ method: request.method, url: request.url }),
      };
    },
  };
};

/** `dpop()` that takes any token as DPoP-bound or not without complaint (SPEC P4 `required` defeated). */
export const ignoresRequired: typeof dpop = (options) => {
  const real = dpop(options);
  return {
    ...real,
    forServer(target) {
      const prover = real.forServer(target);
      return {
        ...prover,
        accept: (tokenType) => (tokenType.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer'),
      };
    },
  };
};
