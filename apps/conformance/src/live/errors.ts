import { describeError } from '../scenarios/connect.js';
import type { SeenRequest } from './recorder.js';

/** What to check for a network error, by the code (or message) Node or undici puts on `error.cause`. */
const NETWORK_HINTS: ReadonlyArray<[RegExp, string]> = [
  [
    /^bad port$/,
    'fetch refuses this port (a "bad port" of the Fetch standard, such as 1, 9, 25 or 6000): use another port',
  ],
  [
    /^ECONNREFUSED$/,
    'nothing listens there: check that the server is running and the host and port',
  ],
  [/^(ENOTFOUND|EAI_AGAIN)$/, 'the host name does not resolve: check the URL and the DNS'],
  [
    /^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/,
    'no answer in time: check the URL, a firewall or a proxy',
  ],
  [/^(ENETUNREACH|EHOSTUNREACH)$/, 'this machine has no route to that host: check the network'],
  [
    /^(ECONNRESET|UND_ERR_SOCKET|EPIPE)$/,
    'the connection was closed: is it an https server behind an http URL, or the reverse?',
  ],
  [/^(EPROTO|ERR_SSL_)/, 'TLS failed: is it a plain http server behind an https URL?'],
  [
    /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/,
    "the server's TLS certificate is not trusted: for a private CA, set NODE_EXTRA_CA_CERTS to its certificate file",
  ],
];

/** An error from an HTTP answer: core's errors carry the status and (non-enumerable) the response. */
interface HttpFailure {
  readonly status?: unknown;
  readonly oauthError?: unknown;
  readonly response?: { readonly url?: unknown };
}

interface Link {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly errors?: unknown;
}

/** The error and its causes, outermost first (at most 6; a cycle stops the walk). */
export function causeChain(error: unknown): Link[] {
  const chain: Link[] = [];
  for (let e = error as Link | undefined; e && typeof e === 'object'; e = e.cause as Link) {
    if (chain.includes(e) || chain.length > 5) break;
    chain.push(e);
  }
  return chain;
}

/** The stable codes of an error and its causes, outermost first (`EXCHANGE_FAILED`, `ISSUER_MISMATCH`). */
export function codesOf(error: unknown): string[] {
  return causeChain(error).flatMap((e) => (typeof e.code === 'string' ? [e.code] : []));
}

/** The OAuth error an answer carried, as an error (or one of its causes) holds it. */
export interface OAuthErrorFields {
  readonly error: string;
  readonly description?: string;
}

/**
 * The OAuth `error` and `error_description` of an error or its causes. An
 * authorization response's error arrives through the browser at the
 * callback server, so the recorder never sees it: this is the only place
 * live mode can read it (`invalid_target` with AADSTS9010010, Auth0's
 * `Service not found`).
 */
export function oauthErrorOf(error: unknown): OAuthErrorFields | undefined {
  for (const link of causeChain(error) as Array<
    Link & { oauthError?: unknown; errorDescription?: unknown }
  >) {
    if (typeof link.oauthError !== 'string' || !link.oauthError) continue;
    return typeof link.errorDescription === 'string' && link.errorDescription
      ? { error: link.oauthError, description: link.errorDescription }
      : { error: link.oauthError };
  }
  return undefined;
}

/** The cause a bare `fetch failed` hides: its code (when it has one) and message. */
function networkCause(error: unknown): { code: string; message: string } | undefined {
  const [top, ...causes] = causeChain(error);
  // The deepest cause is the most specific: `connect ECONNREFUSED …` under `fetch failed`.
  for (const e of causes.reverse()) {
    if (typeof e.code === 'string' && !/^(E[A-Z_]+|UND_ERR_|ERR_SSL_|[A-Z_]*CERT)/.test(e.code))
      continue;
    const inner = Array.isArray(e.errors) ? (e.errors[0] as Link | undefined) : undefined;
    const message =
      typeof e.message === 'string' && e.message
        ? e.message
        : typeof inner?.message === 'string'
          ? inner.message
          : undefined;
    const code = typeof e.code === 'string' ? e.code : (message ?? '');
    if (message && message !== top?.message) return { code, message };
    if (typeof e.code === 'string') return { code, message: e.code };
  }
  return undefined;
}

/** A recorded body's shape without its secrets: `{"ok":false,"error":"invalid_refresh_token"}`. */
export function bodyShape(r: SeenRequest): string {
  if (!r.json)
    return r.nonJson === 'other' ? 'a body that is neither JSON nor form fields' : 'no body';
  const shown = JSON.stringify(
    Object.fromEntries(Object.entries(r.json).map(([k, v]) => [k, v === '[present]' ? '…' : v])),
  );
  return r.nonJson === 'form' ? `form fields ${shown}` : shown;
}

/** What the server sent, as this run saw it before any normalisation: `HTTP 200 {"ok":false,…}`. */
export function answerOf(r: SeenRequest): string {
  return `HTTP ${r.status} ${bodyShape(r)}`;
}

const sameUrl = (a: string, b: string) => {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.origin === y.origin && x.pathname === y.pathname;
  } catch {
    return false;
  }
};

/** The last recorded answer from `url` (query ignored). */
function lastAnswerFrom(seen: readonly SeenRequest[], url: string): SeenRequest | undefined {
  return seen.findLast((r) => r.status > 0 && sameUrl(r.url, url));
}

/**
 * An error as the command line should show it: its stable code and message,
 * the cause a bare `fetch failed` hides (`connect ECONNREFUSED 127.0.0.1:9`)
 * and what to check, the command-line flag where the library names its
 * option, and for an HTTP error the status and body the server really sent
 * when `@mcp-oauth/normalize-errors` rewrote them (SPEC N3), with the
 * normalised code beside it.
 */
export function explainError(error: unknown, seen: readonly SeenRequest[] = []): string {
  let text = describeError(error);
  const codes = codesOf(error);
  if (codes.includes('INSECURE_URL')) {
    // The library names its option; on the command line it is a flag.
    text = text.replace(
      /set allowInsecure(?:Urls)?: true|allowInsecure(?:Urls)?/g,
      'pass --allow-insecure',
    );
    if (!text.includes('--allow-insecure') && /\bhttp:/.test(text))
      text += ' Pass --allow-insecure for local development only.';
  }
  const network = networkCause(error);
  if (network && !text.includes(network.message)) {
    const hint = NETWORK_HINTS.find(
      ([pattern]) => pattern.test(network.code) || pattern.test(network.message),
    )?.[1];
    text += ` (${network.message})${hint ? `: ${hint}` : ''}`;
  }
  // The error (or the cause) that came from an HTTP answer: its response knows the URL.
  const failed = causeChain(error).find(
    (e) =>
      typeof (e as HttpFailure).status === 'number' &&
      typeof (e as HttpFailure).response?.url === 'string',
  ) as HttpFailure | undefined;
  const answer = failed ? lastAnswerFrom(seen, failed.response!.url as string) : undefined;
  if (failed && answer && answer.status !== failed.status) {
    const normalised = `HTTP ${failed.status}${typeof failed.oauthError === 'string' ? ` ${failed.oauthError}` : ''}`;
    text += ` [the server sent ${answerOf(answer)}; normalised to ${normalised} (SPEC N3)]`;
  }
  return text;
}

/** A refusal: the provider's fault, in words, with the RFC section and the SPEC behaviour. */
export interface Refusal {
  /** The stable code the library refused with. */
  readonly code: string;
  /** What the provider did wrong. */
  readonly fault: string;
  readonly refs: readonly string[];
  /** The `@mcp-oauth/mock-servers` profile that reproduces it, when there is one. */
  readonly mockProfile?: string;
}

/**
 * Names the provider's fault behind a refusal the library made. `step` tells
 * an `iss` refused in the authorization response (login) from an `issuer`
 * refused in metadata (discovery). Undefined for errors that are not refusals.
 */
export function refusalOf(error: unknown, step: string): Refusal | undefined {
  const codes = codesOf(error);
  const has = (code: string) => codes.includes(code);
  if (has('ISSUER_MISMATCH')) {
    return step === 'discovery'
      ? {
          code: 'ISSUER_MISMATCH',
          fault:
            'its authorization-server metadata names another issuer than the URL it was discovered at',
          refs: ['RFC 8414 §3.3', 'D7'],
          mockProfile: 'issuer-mismatch',
        }
      : {
          code: 'ISSUER_MISMATCH',
          fault:
            "its authorization response carries an iss that is not the authorization server's issuer (mix-up defence)",
          refs: ['RFC 9207 §2.4', 'A15'],
          mockProfile: 'iss-wrong',
        };
  }
  if (has('RESOURCE_MISMATCH')) {
    return {
      code: 'RESOURCE_MISMATCH',
      fault: 'its protected-resource metadata names another resource than this MCP server',
      refs: ['RFC 9728 §3.3', 'D8'],
      mockProfile: 'resource-mismatch',
    };
  }
  if (has('INSECURE_URL')) {
    return {
      code: 'INSECURE_URL',
      fault:
        'a URL it uses is neither https nor http on a loopback host (or has a forbidden scheme)',
      refs: ['RFC 6749 §3.1', 'RFC 6749 §3.2', 'D9', 'A16'],
    };
  }
  if (has('PKCE_UNSUPPORTED')) {
    return {
      code: 'PKCE_UNSUPPORTED',
      fault: 'its metadata does not list PKCE S256 in code_challenge_methods_supported',
      refs: ['RFC 7636 §4.2', 'RFC 8414 §2', 'C7'],
      mockProfile: 'no-s256',
    };
  }
  if (has('STATE_MISMATCH')) {
    return {
      code: 'STATE_MISMATCH',
      fault: 'its authorization response did not return the state the request sent',
      refs: ['RFC 6749 §4.1.2', 'A4'],
    };
  }
  if (has('RESPONSE_TOO_LARGE')) {
    return {
      code: 'RESPONSE_TOO_LARGE',
      fault: 'it answered with a body over the 1 MiB cap',
      refs: ['F3'],
    };
  }
  if (has('INVALID_RESPONSE')) {
    return {
      code: 'INVALID_RESPONSE',
      fault: 'it answered a metadata or token request with a body that is not the JSON expected',
      refs: ['RFC 8414 §3.2', 'RFC 6749 §5.1', 'F3'],
    };
  }
  return undefined;
}
