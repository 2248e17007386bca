/** What one check found. */
export interface Check {
  /** What was checked, in words a person reads in the report. */
  readonly name: string;
  readonly ok: boolean;
  /** Why it failed, or what was seen. */
  readonly detail?: string;
  /** SPEC behaviour IDs or RFC sections the check stands for. */
  readonly refs?: readonly string[];
  /** Set on a failed check listed in the known failures: why it fails and where to fix it. */
  readonly known?: string;
}

/** One HTTP round trip a scenario made. */
export interface RoundTrip {
  /** `mcp`, `authorization-server`, `idp` or `callback` (our own loopback server). */
  readonly server: string;
  /** Endpoint name (`token`, `registration`, …). */
  readonly endpoint: string;
  readonly method: string;
  /** URL with query and secrets removed. */
  readonly url: string;
  /** HTTP status; 0 for a simulated network error. */
  readonly status: number;
}

/** `pass`: every check passed; `fail`: at least one failed or the scenario threw; `skip`: not run. */
export type Outcome = 'pass' | 'fail' | 'skip';

/** The result of one scenario. */
export interface ScenarioResult {
  /** `strategy/profile/store`, stable across runs. */
  readonly id: string;
  readonly strategy: string;
  readonly profile: string;
  /** The profile's group (`standard`, `legacy`, `provider`, `resilience`, `hostile`), for the table. */
  readonly group?: string;
  readonly store: string;
  /** One line: what the scenario proves. */
  readonly title: string;
  readonly outcome: Outcome;
  readonly checks: readonly Check[];
  readonly roundTrips: readonly RoundTrip[];
  readonly durationMs: number;
  /** Why it was skipped. */
  readonly skipReason?: string;
  /** An unexpected error that ended the scenario early. */
  readonly error?: string;
}

/** The whole run, as the JSON report holds it. */
export interface Report {
  readonly tool: '@mcp-oauth/conformance';
  /** `catalogue`, `live` or `official`, or several joined by `+`. */
  readonly mode: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly summary: ReportSummary;
  readonly scenarios: readonly ScenarioResult[];
  /** What a real provider does that the specification does not (live mode). */
  readonly observations?: readonly Observation[];
  /** Quirk tables that fit the observations (live mode). */
  readonly suggestions?: readonly string[];
}

/** Counts over a report's scenarios. */
export interface ReportSummary {
  readonly scenarios: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly checks: number;
  readonly checksFailed: number;
  /** Failed checks listed as known failures (they do not fail the run). */
  readonly checksKnown: number;
  readonly roundTrips: number;
}

/** A deviation from the specification seen at a real provider. */
export interface Observation {
  /** Stable id, e.g. `no-prm`, `error-body-200`. */
  readonly id: string;
  /** What the provider did. */
  readonly message: string;
  /** `warning` for a deviation the client works around, `info` for a missing optional feature. */
  readonly severity: 'info' | 'warning';
}
