import { ErrorCode, McpOAuthError, redactUrl } from '@mcp-oauth/core';

/** Options of {@link assertSecureUrl}. */
export interface SecureUrlOptions {
  /** Allow `http://` to any host (development only). Other schemes stay refused. */
  readonly allowInsecure?: boolean | undefined;
  /** What the URL is for, named in the error message ("token endpoint"). */
  readonly purpose?: string | undefined;
}

/**
 * True for literal loopback addresses (127.0.0.0/8, `[::1]`) and `localhost`
 * itself (RFC 8252 §8.3), never for `*.localhost` or any other name: a
 * resolver may send those anywhere, and a token would go there in plain
 * text (SPEC H3).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * Parses `url` and checks the https-or-loopback rule (SPEC D9): `https:`
 * anywhere, `http:` only to a loopback host unless `allowInsecure` is set.
 * `javascript:`, `file:`, `data:` and every other scheme are always refused,
 * so a hostile metadata document cannot smuggle one to a browser or a fetch
 * (CVE-2025-6514). Throws `INSECURE_URL` naming the URL.
 */
export function assertSecureUrl(url: string | URL, options: SecureUrlOptions = {}): URL {
  const purpose = options.purpose ?? 'URL';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new McpOAuthError(
      ErrorCode.InsecureUrl,
      `The ${purpose} ${JSON.stringify(String(url).slice(0, 200))} is not an absolute URL`,
    );
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && (options.allowInsecure || isLoopbackHost(parsed.hostname))) {
    return parsed;
  }
  const shown = redactUrl(parsed).slice(0, 200);
  const hint =
    parsed.protocol === 'http:'
      ? ' Use https, or set allowInsecure: true for local development only.'
      : ' Only https (or http on a loopback host) is allowed.';
  throw new McpOAuthError(ErrorCode.InsecureUrl, `Refusing insecure ${purpose} ${shown}.${hint}`);
}
