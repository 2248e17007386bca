import { CheckList } from '../catalogue/checks.js';
import type { ScenarioResult } from '../catalogue/types.js';
import { describeError } from '../scenarios/connect.js';
import type { Recorder } from './recorder.js';

/** What {@link stepRunner} needs. */
export interface StepRunnerOptions {
  readonly recorder: Recorder;
  readonly strategy: string;
  readonly storeKind: string;
  /** Where each step's result goes. */
  readonly results: ScenarioResult[];
  /** Prints the step's title as it starts. */
  readonly log: (line: string) => void;
}

/**
 * Live-mode steps as scenarios of the report: each gets its checks, the
 * round trips made while it ran, and a failed check for an error that ended
 * it early. A step with nothing to check (no refresh token, say) is a skip.
 * Resolves to whether every check passed.
 */
export function stepRunner(options: StepRunnerOptions) {
  const { recorder, strategy, storeKind, results, log } = options;
  return async (
    name: string,
    title: string,
    fn: (checks: CheckList) => Promise<void>,
  ): Promise<boolean> => {
    log(`· ${title}`);
    const checks = new CheckList();
    const mark = recorder.mark();
    const started = performance.now();
    let error: string | undefined;
    try {
      await fn(checks);
    } catch (thrown) {
      error = describeError(thrown);
      checks.check(title, false, error);
    }
    const ok = checks.checks.length > 0 && checks.ok;
    results.push({
      id: `live/${name}/${storeKind}`,
      strategy,
      profile: name,
      store: storeKind,
      title,
      outcome: checks.checks.length === 0 ? 'skip' : ok ? 'pass' : 'fail',
      checks: checks.checks,
      roundTrips: recorder.since(mark).map(({ server, endpoint, method, url, status }) => ({
        server,
        endpoint,
        method,
        url,
        status,
      })),
      durationMs: Math.round(performance.now() - started),
      ...(error ? { error } : {}),
      ...(checks.checks.length === 0 ? { skipReason: 'nothing to check on this server' } : {}),
    });
    return ok;
  };
}
