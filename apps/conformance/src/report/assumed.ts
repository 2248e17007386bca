import type { Check } from '../catalogue/types.js';

/**
 * A value the server never stated and the client assumed (live mode: the
 * MCP 2025-03-26 default endpoints and PKCE S256 when a server publishes no
 * metadata). It cannot fail, so it is shown as assumed and not counted as a
 * passed check.
 */
export interface AssumedCheck extends Check {
  /** Where the value came from instead of the server. */
  readonly assumed: string;
}

/** Whether a check records an assumed value rather than something the server did. */
export function isAssumed(check: Check): check is AssumedCheck {
  return typeof (check as Partial<AssumedCheck>).assumed === 'string';
}
