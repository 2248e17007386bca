import type { Clock } from './clock.js';
import type { Logger } from './events.js';
import type { ServerRecords } from './records.js';

/**
 * The error code of `@mcp-oauth/dpop`: DPoP is required by configuration
 * and the authorization server issued a token that is not DPoP-bound
 * (SPEC P4).
 */
export type DPoPErrorCode = 'DPOP_UNSUPPORTED';

/** The request a DPoP proof is made for (RFC 9449 §4.2). */
export interface DPoPRequest {
  /** The HTTP method (`htm`). */
  readonly method: string;
  /** The target URL (`htu`); its query and fragment are left out of the proof. */
  readonly url: string | URL;
  /** The access token a resource request carries: the proof gets its hash as `ath`. */
  readonly accessToken?: string | undefined;
}

/**
 * DPoP (RFC 9449) for one server record: its key, its proofs and the
 * nonces servers handed out. The runtime adds a proof to every token
 * request and the bindings to every MCP request (SPEC P2).
 */
export interface DPoPProver {
  /** Only DPoP-bound tokens are accepted: a Bearer token response is refused (SPEC P4). */
  readonly required: boolean;
  /**
   * A fresh proof (unique `jti`) signed with the record's key, created and
   * stored on first use (SPEC P1), carrying the nonce last seen from the
   * URL's origin (SPEC P3).
   */
  proof(request: DPoPRequest): Promise<string>;
  /** Keeps the response's `DPoP-Nonce` header, if any, for the origin of `url` (SPEC P3). */
  observe(url: string | URL, response: Response): void;
  /**
   * The token type of an answer to a request that carried a proof: `DPoP`
   * (the token is bound to the key) or `Bearer`; throws when DPoP is
   * required and the server issued another type (SPEC P4).
   */
  accept(tokenType: string, endpoint: string): 'DPoP' | 'Bearer';
}

/** What a {@link DPoPOption} is bound to: one server's record. */
export interface DPoPTarget {
  /** The record's server key. */
  readonly serverKey: Promise<string>;
  /** Where the key is kept, as the record's private JWK (`dpopKey`). */
  readonly records: ServerRecords;
  /** Time for the proofs' `iat`. */
  readonly clock: Clock;
  /** Redacting logger; never given key material. */
  readonly logger: Logger;
}

/** The `dpop` option every strategy takes: `dpop()` from `@mcp-oauth/dpop`. */
export interface DPoPOption {
  /** The prover for one server record; called once per strategy instance. */
  forServer(target: DPoPTarget): DPoPProver;
}
