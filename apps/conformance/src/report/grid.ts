import type { Report, ScenarioResult } from '../catalogue/types.js';
import { isAssumed } from './assumed.js';

/** The report laid out as the table shows it: a row per profile, a column per strategy × store. */
export interface Grid {
  readonly columns: ReadonlyArray<{ readonly strategy: string; readonly store: string }>;
  readonly rows: ReadonlyArray<{
    readonly profile: string;
    /** Set on the first row of a new group. */
    readonly group?: string;
    readonly cells: ReadonlyArray<ScenarioResult | undefined>;
  }>;
}

/** Groups results into a {@link Grid}, keeping first-seen order. */
export function toGrid(report: Report): Grid {
  const columns: Array<{ strategy: string; store: string }> = [];
  const profiles: string[] = [];
  const byKey = new Map<string, ScenarioResult>();
  const groups = new Map<string, string>();
  for (const s of report.scenarios) {
    if (s.group) groups.set(s.profile, s.group);
    if (!columns.some((c) => c.strategy === s.strategy && c.store === s.store)) {
      columns.push({ strategy: s.strategy, store: s.store });
    }
    if (!profiles.includes(s.profile)) profiles.push(s.profile);
    byKey.set(`${s.profile}\u0000${s.strategy}\u0000${s.store}`, s);
  }
  // Keep each strategy's stores side by side, strategies in first-seen order.
  const order = [...new Set(columns.map((c) => c.strategy))];
  columns.sort((a, b) => order.indexOf(a.strategy) - order.indexOf(b.strategy));
  return {
    columns,
    rows: profiles.map((profile, i) => {
      const group = groups.get(profile);
      const first = group !== undefined && (i === 0 || groups.get(profiles[i - 1]!) !== group);
      return {
        profile,
        ...(first ? { group } : {}),
        cells: columns.map((c) => byKey.get(`${profile}\u0000${c.strategy}\u0000${c.store}`)),
      };
    }),
  };
}

/** Headings of the profile groups. */
export const GROUP_TITLES: Record<string, string> = {
  standard: 'standard servers',
  legacy: '2025-03-26 servers',
  provider: 'provider quirks',
  resilience: 'flakiness and rotation',
  hostile: 'hostile servers: must be refused',
};

/** A cell's short text: `✔ 18`, `✘ 3/18`, `– skip` (assumed values are not counted). */
export function cellText(s: ScenarioResult | undefined): string {
  if (!s) return '';
  if (s.outcome === 'skip') return '– skip';
  // An assumed value is not a check the server passed (live mode, no metadata).
  const checks = s.checks.filter((c) => !isAssumed(c));
  const failed = checks.filter((c) => !c.ok && !c.known).length;
  const known = checks.filter((c) => c.known).length;
  if (s.outcome === 'pass')
    return known ? `✔ ${checks.length - known} +${known} known` : `✔ ${checks.length}`;
  return `✘ ${failed || '!'}/${checks.length}`;
}
