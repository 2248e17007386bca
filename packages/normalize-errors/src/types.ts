/** One non-standard error code and the standard code it stands for. */
export interface QuirkAlias {
  /** The RFC 6749 §5.2 (or RFC 7009 / RFC 7591) code to report instead. */
  readonly error: string;
  /** Where the provider documents (or users reported) the non-standard code. */
  readonly source: string;
}

/**
 * A provider's non-standard token endpoint behaviour (SPEC N6). Tables are
 * plain data: spread one to scope it or add codes,
 * `{ ...slackQuirks, hosts: ['slack.com'] }`.
 */
export interface QuirkTable {
  /** Provider name, for documentation and debugging. */
  readonly name: string;
  /** Non-standard `error` codes and their standard replacements. */
  readonly aliases: Readonly<Record<string, QuirkAlias>>;
  /**
   * Add `Accept: application/json` to POST requests that have no `Accept`
   * header, for providers that answer form-encoded bodies otherwise.
   */
  readonly acceptJson?: boolean;
  /** Apply the table only to requests to these hosts (or their subdomains). Default: every host. */
  readonly hosts?: readonly string[];
  /**
   * Also map the codes of non-2xx OAuth error answers (keeping their status
   * and headers), for providers whose 4xx bodies carry codes of their own
   * (SPEC Q2). Default false: error answers pass untouched (SPEC N1).
   */
  readonly errorResponses?: boolean;
}

/** Options of {@link normalizeErrors}. */
export interface NormalizeErrorsOptions {
  /** Provider tables, checked in order before the built-in aliases of SPEC N4. */
  readonly quirks?: readonly QuirkTable[];
  /** Bodies larger than this are passed through unread. Default 1 MiB (SPEC F3). */
  readonly maxBodyBytes?: number;
}
