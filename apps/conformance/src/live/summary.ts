import type { Observation } from '../catalogue/types.js';
import { isAssumed } from '../report/assumed.js';
import type { ProviderSummary } from '../report/provider.js';
import type { LiveStepResult } from './step.js';

const refs = (list: readonly string[] | undefined) => (list?.length ? ` [${list.join(', ')}]` : '');

/**
 * The provider summary from every check, failed ones first: a refusal is
 * named as the provider's fault with its RFC section and the code the
 * library refused with; any other failed check or error follows with its
 * step; observations split into departures (`warning`) and allowed
 * behaviour worth knowing (`info`); steps that did not run are listed with
 * their reasons and claim nothing.
 */
export function summarizeProvider(
  host: string,
  results: readonly LiveStepResult[],
  observations: readonly Observation[],
): ProviderSummary {
  const wrong: string[] = [];
  for (const step of results.filter((s) => s.outcome === 'fail')) {
    for (const check of step.checks.filter((c) => !c.ok && !c.known)) {
      if (step.refusal && check.name.startsWith('refused: ')) {
        wrong.push(
          `${step.profile}: ${step.refusal.fault}${refs(step.refusal.refs)}; @mcp-oauth refused it with ${step.refusal.code} — ${check.detail ?? ''}`.trimEnd(),
        );
      } else {
        wrong.push(
          `${step.profile}: ${check.name}${refs(check.refs)}${check.detail ? ` — ${check.detail}` : ''}`,
        );
      }
    }
  }
  const failed = results.some((s) => s.outcome === 'fail');
  return {
    host,
    wrong,
    departs: observations.filter((o) => o.severity === 'warning').map((o) => o.message),
    allowed: observations.filter((o) => o.severity === 'info').map((o) => o.message),
    notChecked: results.filter((s) => s.outcome === 'skip').map((s) => s.skipReason ?? s.title),
    clean: !failed,
    passedChecks: results.reduce(
      (n, s) => n + s.checks.filter((c) => c.ok && !isAssumed(c)).length,
      0,
    ),
  };
}
