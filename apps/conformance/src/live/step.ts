import { CheckList } from '../catalogue/checks.js';
import type { ScenarioResult } from '../catalogue/types.js';
import type { AssumedCheck } from '../report/assumed.js';
import { explainError, type Refusal, refusalOf } from './errors.js';
import type { Recorder } from './recorder.js';

/**
 * A live step's checks. Besides checks that can fail, it records values
 * discovery assumed because the server did not say (the 2025-03-26 default
 * endpoints, PKCE S256), marked as assumed instead of passed, and why a
 * step had nothing to check.
 */
export class LiveCheckList extends CheckList {
  /** Why the step checked nothing, naming what was missing. */
  skipReason?: string;

  /** Records a value the server never stated; `why` says where it came from. */
  assumed(name: string, why: string, refs?: readonly string[]): void {
    const check: AssumedCheck = {
      name,
      ok: true,
      detail: `assumed: ${why}`,
      assumed: why,
      ...(refs?.length ? { refs } : {}),
    };
    this.checks.push(check);
  }

  /** Ends the step with nothing to check, and says why. */
  skip(reason: string): void {
    this.skipReason = reason;
  }
}

/** A live step's result: a scenario of the report, and the refusal that ended it, if one did. */
export interface LiveStepResult extends ScenarioResult {
  readonly refusal?: Refusal;
}

/** How a step ended: every check passed, one failed, an error ended it, or it checked nothing. */
export type StepOutcome = 'pass' | 'fail' | 'error' | 'skip';

/** What {@link stepRunner} needs. */
export interface StepRunnerOptions {
  readonly recorder: Recorder;
  readonly strategy: string;
  readonly storeKind: string;
  /** Where each step's result goes. */
  readonly results: LiveStepResult[];
  /** Prints the step's title as it starts. */
  readonly log: (line: string) => void;
  /** Receives the error that ended a step, for what only the error knows (an authorization response's OAuth error). */
  readonly onError?: (step: string, error: unknown) => void;
}

/**
 * Live-mode steps as scenarios of the report: each gets its checks, the
 * round trips made while it ran, and a failed check for an error that ended
 * it early — a refusal named as the provider's fault with its RFC section,
 * any other error with its cause and the status the server really sent. A
 * step with nothing to check is a skip that names the step and the reason;
 * `notRun` records a step an earlier failure kept from running.
 */
export function stepRunner(options: StepRunnerOptions) {
  const { recorder, strategy, storeKind, results, log, onError } = options;
  const base = (name: string, title: string) => ({
    id: `live/${name}/${storeKind}`,
    strategy,
    profile: name,
    store: storeKind,
    title,
  });
  const run = async (
    name: string,
    title: string,
    fn: (checks: LiveCheckList) => Promise<void>,
  ): Promise<StepOutcome> => {
    log(`· ${title}`);
    const checks = new LiveCheckList();
    const mark = recorder.mark();
    const started = performance.now();
    let error: string | undefined;
    let refusal: Refusal | undefined;
    try {
      await fn(checks);
    } catch (thrown) {
      onError?.(name, thrown);
      error = explainError(thrown, recorder.seen);
      refusal = refusalOf(thrown, name);
      if (refusal) checks.check(`refused: ${refusal.fault}`, false, error, refusal.refs);
      else checks.check(title, false, error);
    }
    const checked = checks.checks.length > 0;
    const outcome: StepOutcome = error
      ? 'error'
      : !checked
        ? 'skip'
        : checks.checks.every((c) => c.ok)
          ? 'pass'
          : 'fail';
    results.push({
      ...base(name, title),
      outcome: outcome === 'error' ? 'fail' : outcome,
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
      ...(refusal ? { refusal } : {}),
      ...(outcome === 'skip'
        ? { skipReason: `${title}: ${checks.skipReason ?? 'no check applied to this server'}` }
        : {}),
    });
    return outcome;
  };
  return Object.assign(run, {
    /** Records a step that did not run, and why. */
    notRun(name: string, title: string, reason: string): void {
      results.push({
        ...base(name, title),
        outcome: 'skip',
        checks: [],
        roundTrips: [],
        durationMs: 0,
        skipReason: `${title}: not run, ${reason}`,
      });
    },
  });
}
