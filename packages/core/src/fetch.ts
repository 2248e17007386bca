import { unref } from './clock.js';
import { ErrorCode, McpOAuthError, OAuthResponseError } from './errors.js';
import { redactUrl } from './redact.js';

/** The subset of `fetch` this project calls; any WHATWG fetch fits. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Options of {@link createOAuthFetch}. */
export interface OAuthFetchOptions {
  /** The underlying fetch. Default: `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /** Time for each whole request, body included. Default 30 s (SPEC F1). */
  readonly timeoutMs?: number;
  /** Largest body read; larger ones fail with `RESPONSE_TOO_LARGE`. Default 1 MiB (SPEC F3). */
  readonly maxBodyBytes?: number;
}

const urlOf = (input: string | URL | Request) =>
  redactUrl(typeof input === 'object' && 'url' in input ? input.url : input);

const tooLarge = (url: string, status: number, max: number) =>
  new McpOAuthError(
    ErrorCode.ResponseTooLarge,
    `Response from ${url} (HTTP ${status}) exceeds ${max} bytes`,
    { status },
  );

async function readCapped(
  response: Response,
  url: string,
  max: number,
): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(response.headers.get('content-length')) > max) {
    void response.body?.cancel().catch(() => {});
    throw tooLarge(url, response.status, max);
  }
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const result = await reader?.read();
    if (!result || result.done) break;
    size += result.value.byteLength;
    if (size > max) {
      void reader?.cancel().catch(() => {});
      throw tooLarge(url, response.status, max);
    }
    chunks.push(result.value);
  }
  return new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
}

/**
 * A fetch for OAuth requests: every request gets a fresh timeout combined with
 * the caller's signal (SPEC F1), and the body is read up front under a size
 * cap (SPEC F3), so the timer and the abort listener are gone by the time the
 * response is returned. The returned response is a buffered copy.
 */
export function createOAuthFetch(options: OAuthFetchOptions = {}): FetchLike {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  return async (input, init = {}) => {
    const url = urlOf(input);
    const callerSignal = init.signal ?? undefined;
    callerSignal?.throwIfAborted();
    const controller = new AbortController();
    const onAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () =>
        controller.abort(
          new McpOAuthError(ErrorCode.Timeout, `Request to ${url} timed out after ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
    unref(timer);
    try {
      const response = await (options.fetch ?? fetch)(input, {
        ...init,
        signal: controller.signal,
      });
      const body = await readCapped(response, url, maxBodyBytes);
      const nullBody = response.status === 204 || response.status === 304;
      const buffered = new Response(nullBody ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      Object.defineProperty(buffered, 'url', { value: response.url || url });
      return buffered;
    } catch (error) {
      throw controller.signal.aborted ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onAbort);
    }
  };
}

/**
 * The response body as a JSON object. Anything else fails with
 * `INVALID_RESPONSE` naming the URL and status, never a raw parser exception
 * (SPEC F3).
 */
export async function readJson<T = unknown>(response: Response, url = response.url): Promise<T> {
  const text = await response.text();
  try {
    const value = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as T;
  } catch {}
  throw new McpOAuthError(
    ErrorCode.InvalidResponse,
    `Expected a JSON object from ${redactUrl(url)} (HTTP ${response.status})`,
    { status: response.status, response },
  );
}

/** An OAuth error response body (RFC 6749 §5.2). */
export interface OAuthErrorBody {
  error: string;
  error_description?: string;
  error_uri?: string;
}

/** True for a body shaped like an OAuth error response (RFC 6749 §5.2). */
export function isOAuthErrorBody(body: unknown): body is OAuthErrorBody {
  const b = body as Record<string, unknown> | null;
  return (
    !!b &&
    typeof b === 'object' &&
    typeof b.error === 'string' &&
    ['error_description', 'error_uri'].every((f) => b[f] === undefined || typeof b[f] === 'string')
  );
}

/**
 * Reads a JSON response, turning a non-2xx status into an
 * {@link OAuthResponseError} that carries the OAuth `error` fields when the
 * body has them.
 */
export async function readOAuthJson<T = unknown>(
  response: Response,
  url = response.url,
): Promise<T> {
  if (response.ok) return readJson<T>(response, url);
  const body = await readJson(response, url).catch(() => undefined);
  const where = `${redactUrl(url)} (HTTP ${response.status})`;
  if (isOAuthErrorBody(body)) {
    throw new OAuthResponseError(
      ErrorCode.OAuth,
      `OAuth error from ${where}: ${body.error}${body.error_description ? ` - ${body.error_description}` : ''}`,
      {
        oauthError: body.error,
        errorDescription: body.error_description,
        errorUri: body.error_uri,
        status: response.status,
        response,
      },
    );
  }
  throw new OAuthResponseError(ErrorCode.Http, `Unexpected answer from ${where}`, {
    status: response.status,
    response,
  });
}
