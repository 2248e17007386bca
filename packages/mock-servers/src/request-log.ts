/**
 * Which mock answered a request: `second-authorization-server` is the AS the
 * resource moves to (`switchAuthorizationServer()`), `thief` the origin the
 * redirect quirks point at.
 */
export type ServerKind =
  | 'mcp'
  | 'authorization-server'
  | 'second-authorization-server'
  | 'idp'
  | 'thief';

/**
 * The endpoint a request reached; `not-found` is any other URL on a mocked
 * origin, `thief` any URL on the thief origin.
 */
export type EndpointName =
  | 'mcp'
  | 'protected-resource-metadata'
  | 'authorization-server-metadata'
  | 'registration'
  | 'authorize'
  | 'token'
  | 'revocation'
  | 'device-authorization'
  | 'idp-metadata'
  | 'idp-authorize'
  | 'idp-token'
  | 'idp-jwks'
  | 'thief'
  | 'not-found';

/** One request as a mock saw it. */
export interface RecordedRequest {
  /** Which mock answered. */
  readonly server: ServerKind;
  /** Which endpoint was reached. */
  readonly endpoint: EndpointName;
  /** HTTP method, upper case. */
  readonly method: string;
  /** Full request URL, query included. */
  readonly url: string;
  /** Request headers, lower-case names; `authorization` keeps its scheme only (`Bearer [REDACTED]`). */
  readonly headers: Readonly<Record<string, string>>;
  /** Query parameters merged with form-encoded body fields (body wins). */
  readonly params: Readonly<Record<string, string>>;
  /** Parsed JSON body (DCR requests, JSON-RPC messages), else `undefined`. */
  readonly body: unknown;
  /** How the client authenticated: from the Authorization header or the body. */
  readonly clientAuth: 'basic' | 'post' | 'bearer' | 'none';
  /** HTTP status the mock answered with (`0` for a simulated network error). */
  status: number;
  /** The mock's clock (ms) when the request arrived. */
  readonly at: number;
}

/** Selects requests: an endpoint name, a partial match, or a predicate. */
export type RequestFilter =
  | EndpointName
  | Partial<Pick<RecordedRequest, 'server' | 'endpoint' | 'method' | 'status'>>
  | ((request: RecordedRequest) => boolean);

/** Every request the mocks answered, in arrival order. */
export interface RequestLog {
  /** All recorded requests, oldest first (a copy). */
  all(): RecordedRequest[];
  /** Requests that match the filter, oldest first. */
  filter(filter: RequestFilter): RecordedRequest[];
  /** How many requests match the filter; every request without one. */
  count(filter?: RequestFilter): number;
  /** The newest request that matches the filter, if any. */
  last(filter?: RequestFilter): RecordedRequest | undefined;
  /** Forgets every recorded request. */
  clear(): void;
}

/** @internal The log plus the method the handlers record with. */
export interface WritableRequestLog extends RequestLog {
  record(request: RecordedRequest): void;
}

const matcher = (filter: RequestFilter | undefined): ((r: RecordedRequest) => boolean) => {
  if (filter === undefined) return () => true;
  if (typeof filter === 'function') return filter;
  if (typeof filter === 'string') return (r) => r.endpoint === filter;
  const entries = Object.entries(filter);
  return (r) => entries.every(([key, value]) => r[key as keyof RecordedRequest] === value);
};

/** @internal Creates an empty request log. */
export function createRequestLog(): WritableRequestLog {
  const entries: RecordedRequest[] = [];
  return {
    record: (request) => {
      entries.push(request);
    },
    all: () => [...entries],
    filter: (filter) => entries.filter(matcher(filter)),
    count: (filter) => entries.filter(matcher(filter)).length,
    last: (filter) => entries.findLast(matcher(filter)),
    clear: () => {
      entries.length = 0;
    },
  };
}
