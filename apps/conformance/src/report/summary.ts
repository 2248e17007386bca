import type { Report, ReportSummary, ScenarioResult } from '../catalogue/types.js';
import { isAssumed } from './assumed.js';

/** Counts over scenario results. */
export function summarize(scenarios: readonly ScenarioResult[]): ReportSummary {
  return {
    scenarios: scenarios.length,
    passed: scenarios.filter((s) => s.outcome === 'pass').length,
    failed: scenarios.filter((s) => s.outcome === 'fail').length,
    skipped: scenarios.filter((s) => s.outcome === 'skip').length,
    // An assumed value (live mode, no metadata) is not a check.
    checks: scenarios.reduce((n, s) => n + s.checks.filter((c) => !isAssumed(c)).length, 0),
    checksFailed: scenarios.reduce(
      (n, s) => n + s.checks.filter((c) => !c.ok && !c.known).length,
      0,
    ),
    checksKnown: scenarios.reduce((n, s) => n + s.checks.filter((c) => c.known).length, 0),
    roundTrips: scenarios.reduce((n, s) => n + s.roundTrips.length, 0),
  };
}

/** Builds the report object the writers and the table take. */
export function buildReport(
  mode: string,
  startedAt: Date,
  scenarios: readonly ScenarioResult[],
  extra: Pick<Report, 'observations' | 'suggestions'> = {},
): Report {
  return {
    tool: '@mcp-oauth/conformance',
    mode,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    summary: summarize(scenarios),
    scenarios,
    ...extra,
  };
}

/** Whether the run should exit non-zero: anything failed, or nothing ran. */
export function reportFailed(report: Report): boolean {
  return report.summary.failed > 0 || report.summary.passed === 0;
}
