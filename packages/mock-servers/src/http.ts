import { HttpResponse } from 'msw';
import type { MockContext } from './context.js';
import type { EndpointName, RecordedRequest, ServerKind } from './request-log.js';

/** @internal A request with its parameters parsed once. */
export interface Incoming {
  readonly request: Request;
  readonly url: URL;
  /** Query parameters merged with form body fields. */
  readonly params: Readonly<Record<string, string>>;
  /** Parsed JSON body, if any. */
  readonly body: unknown;
  /** The body is `application/x-www-form-urlencoded` (RFC 6749 §4.1.3 requires it). */
  readonly form: boolean;
}

const headersOf = (headers: Headers) => {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] =
      name === 'authorization' ? `${value.split(' ')[0] ?? ''} [REDACTED]`.trimStart() : value;
  });
  return out;
};

async function parse(request: Request): Promise<Incoming> {
  const url = new URL(request.url);
  const params: Record<string, string> = Object.fromEntries(url.searchParams);
  let body: unknown;
  const type = request.headers.get('content-type') ?? '';
  const form = type.includes('application/x-www-form-urlencoded');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    const text = await request.clone().text();
    if (form) {
      Object.assign(params, Object.fromEntries(new URLSearchParams(text)));
    } else if (text) {
      try {
        body = JSON.parse(text);
      } catch {}
    }
  }
  return { request, url, params, body, form };
}

const clientAuthOf = (request: Request, params: Record<string, string>) => {
  const scheme = request.headers.get('authorization')?.split(' ')[0]?.toLowerCase();
  if (scheme === 'basic') return 'basic';
  if (scheme === 'bearer') return 'bearer';
  return params.client_secret !== undefined ? 'post' : 'none';
};

/** @internal 400 `invalid_request` unless the body is form-encoded. */
export const formRequired = (incoming: Incoming) =>
  incoming.form
    ? undefined
    : json(
        {
          error: 'invalid_request',
          error_description: 'body must be application/x-www-form-urlencoded',
        },
        400,
      );

/** @internal JSON response with `Cache-Control: no-store` (RFC 6749 §5.1). */
export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  HttpResponse.json(body as Record<string, unknown>, {
    status,
    headers: { 'cache-control': 'no-store', ...headers },
  });

/** Never answers; settles as a network error once the client aborts (timeout tests). */
const hang = (request: Request) =>
  new Promise<Response>((resolve) => {
    const settle = () => resolve(HttpResponse.error());
    if (request.signal.aborted) settle();
    else request.signal.addEventListener('abort', settle, { once: true });
  });

const isRedirect = (status: number) => status >= 300 && status < 400;

/**
 * A redirect to the thief origin, as a compromised or misconfigured server
 * sends it: a client that follows it hands the code, refresh token, client
 * secret or assertion to another host (SPEC H1).
 */
const redirectAnswer = (context: MockContext, endpoint: EndpointName, status: number) =>
  new Response(null, {
    status,
    headers: { location: `${context.urls.thief}/${endpoint}`, 'cache-control': 'no-store' },
  });

function flakyAnswer(
  context: MockContext,
  endpoint: EndpointName,
  request: Request,
): Response | Promise<Response> | undefined {
  const steps = context.quirks.flaky[endpoint];
  if (!steps) return undefined;
  const index = context.flakyCounts.get(endpoint) ?? 0;
  context.flakyCounts.set(endpoint, index + 1);
  const step = steps[index];
  if (step === undefined || step === 'ok') return undefined;
  if (step === 'network-error') return HttpResponse.error();
  if (step === 'hang') return hang(request);
  if (isRedirect(step)) return redirectAnswer(context, endpoint, step);
  if (step === 429) {
    return json({ error: 'temporarily_unavailable', error_description: 'Rate limited' }, 429, {
      'retry-after': '1',
    });
  }
  const error = step === 503 ? 'temporarily_unavailable' : 'server_error';
  return json({ error, error_description: `Simulated HTTP ${step}` }, step);
}

/** The resource moved to another AS: this one is down (SPEC H2: "cannot be reached"). */
const movedAway = (context: MockContext, server: ServerKind) =>
  server === context.authorizationServerKind &&
  context.asSwitch.to !== undefined &&
  context.asSwitch.to !== context.urls.issuer;

/**
 * @internal Wraps an endpoint: records the request, answers 503 for an AS
 * the resource moved away from, applies the endpoint's flaky steps and
 * redirect, then answers and records the status.
 */
export function endpoint(
  context: MockContext,
  server: ServerKind,
  name: EndpointName,
  answer: (incoming: Incoming) => Response | Promise<Response>,
) {
  return async ({ request }: { request: Request }): Promise<Response> => {
    const incoming = await parse(request);
    const entry: RecordedRequest = {
      server,
      endpoint: name,
      method: request.method,
      url: request.url,
      headers: headersOf(request.headers),
      params: incoming.params,
      body: incoming.body,
      clientAuth: clientAuthOf(request, incoming.params),
      status: 0,
      at: context.now(),
    };
    context.log.record(entry);
    if (movedAway(context, server)) {
      entry.status = 503;
      return json({ error: 'temporarily_unavailable', error_description: 'Moved away' }, 503);
    }
    const redirect = context.quirks.redirect[name];
    const response = await (flakyAnswer(context, name, request) ??
      (redirect ? redirectAnswer(context, name, redirect) : answer(incoming)));
    entry.status = response.type === 'error' ? 0 : response.status;
    return response;
  };
}

/** @internal Parses `Authorization: Basic` per RFC 6749 §2.3.1 (form-urlencoded id and secret). */
export function basicCredentials(
  request: Request,
): { clientId: string; clientSecret: string } | undefined {
  const header = request.headers.get('authorization');
  const match = header && /^basic\s+(.+)$/i.exec(header);
  if (!match?.[1]) return undefined;
  try {
    const decoded = atob(match[1]);
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const decodePart = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));
    return {
      clientId: decodePart(decoded.slice(0, colon)),
      clientSecret: decodePart(decoded.slice(colon + 1)),
    };
  } catch {
    return undefined;
  }
}

/** @internal The bearer token of a request, if any. */
export const bearerToken = (request: Request) =>
  /^bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
