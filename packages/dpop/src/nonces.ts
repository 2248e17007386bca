/** At most this many origins are remembered; the oldest is dropped first. */
const MAX_ORIGINS = 64;
/** RFC 9449 §8.1: `nonce = 1*NQCHAR`; a longer or odd value is not kept. */
const NONCE = /^[\x21\x23-\x5b\x5d-\x7e]{1,1024}$/;

const originOf = (url: string | URL) => new URL(url).origin;

/** The nonces servers handed out, newest per origin (RFC 9449 §8.2, §9; SPEC P3). */
export interface NonceCache {
  /** The nonce last seen from `url`'s origin. */
  get(url: string | URL): string | undefined;
  /** Keeps the response's `DPoP-Nonce` header, if it has a valid one, for `url`'s origin. */
  observe(url: string | URL, response: Response): void;
}

/** An in-memory nonce cache; nonces are short-lived, so they are never stored. */
export function nonceCache(): NonceCache {
  const nonces = new Map<string, string>();
  return {
    get: (url) => nonces.get(originOf(url)),
    observe(url, response) {
      const nonce = response.headers.get('dpop-nonce');
      if (!nonce || !NONCE.test(nonce)) return;
      const origin = originOf(url);
      nonces.delete(origin);
      nonces.set(origin, nonce);
      if (nonces.size > MAX_ORIGINS) nonces.delete(nonces.keys().next().value as string);
    },
  };
}
