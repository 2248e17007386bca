import type { EndpointName, MockEnvironment, RecordedRequest } from '@mcp-oauth/mock-servers';

/** A window on the request log: the requests made since it was opened. */
export interface RequestWindow {
  all(): RecordedRequest[];
  to(endpoint: EndpointName): RecordedRequest[];
  count(endpoint: EndpointName): number;
}

/** Opens a window on `env.requests` at its current end. */
export function requestsFrom(env: MockEnvironment): RequestWindow {
  const start = env.requests.all().length;
  const all = () => env.requests.all().slice(start);
  return {
    all,
    to: (endpoint) => all().filter((r) => r.endpoint === endpoint),
    count: (endpoint) => all().filter((r) => r.endpoint === endpoint).length,
  };
}

/** Requests to the MCP server that carried a bearer token (the log keeps only the scheme). */
export function bearerRequests(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter(
    (r) => r.server === 'mcp' && /^bearer/i.test(String(r.headers.authorization ?? '')),
  );
}

/**
 * Whether the MCP server answered 2xx to a request that carried a bearer
 * token: the login ended authorized (SPEC A12), not merely connected.
 */
export function acceptedBearer(requests: readonly RecordedRequest[]): boolean {
  return bearerRequests(requests).some((r) => r.status >= 200 && r.status < 300);
}

/** A request's form or query parameter. */
export function param(request: RecordedRequest | undefined, name: string): string | undefined {
  const value = request?.params[name];
  return typeof value === 'string' ? value : undefined;
}
