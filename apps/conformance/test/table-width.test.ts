import { describe, expect, it } from 'vitest';
import { buildCatalogue } from '../src/catalogue/catalogue.js';
import { catalogueProfiles } from '../src/catalogue/profiles.js';
import type { ScenarioResult } from '../src/catalogue/types.js';
import { buildReport } from '../src/report/summary.js';
import { colours, renderTable, TABLE_WIDTH, tableLines } from '../src/report/table.js';
import { type StoreFactory, storeKinds } from '../src/stores/index.js';
import { strategyAdapters } from '../src/strategies/index.js';

const stores: StoreFactory[] = storeKinds.map((kind) => ({
  kind,
  create: () => Promise.reject(new Error('not in this test')),
}));

const check = (ok: boolean, known?: string) => ({ name: 'c', ok, ...(known ? { known } : {}) });

/** The full catalogue with the widest cell texts it can show (`✔ 99 +9 known`, `✘ 99/99`). */
function fullCatalogue(): ScenarioResult[] {
  return buildCatalogue(strategyAdapters, catalogueProfiles, stores).map((s, i) => ({
    id: s.id,
    strategy: s.strategy.id,
    profile: s.profile.id,
    group: s.profile.group,
    store: s.store.kind,
    title: s.title,
    outcome: i % 3 === 0 ? 'pass' : i % 3 === 1 ? 'fail' : 'skip',
    checks:
      i % 3 === 0
        ? [
            ...Array.from({ length: 90 }, () => check(true)),
            ...Array.from({ length: 9 }, () => check(false, 'k')),
          ]
        : Array.from({ length: 99 }, () => check(false)),
    roundTrips: [],
    durationMs: 1,
  }));
}

const ansi = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g');
const widest = (lines: readonly string[]) =>
  Math.max(...lines.map((l) => [...l.replace(ansi, '')].length));

describe('renderTable width (the results table was 203 columns wide)', () => {
  it('fits 120 columns for the full catalogue: one table per strategy', () => {
    const report = buildReport('catalogue', new Date(), fullCatalogue());
    const lines = tableLines(report, colours);
    expect(widest(lines)).toBeLessThanOrEqual(TABLE_WIDTH);
    // Every strategy has its own table, and every scenario's cell is still shown.
    for (const adapter of strategyAdapters)
      expect(lines).toContain(`\u001b[1m${adapter.id}\u001b[0m`);
    const cells = lines.join('\n').match(/✔ 90 \+9 known|✘ 99\/99|– skip/g) ?? [];
    expect(cells).toHaveLength(report.scenarios.length);
    const text = renderTable(report);
    const grid = text.slice(0, text.indexOf('failed:'));
    expect(widest(grid.split('\n'))).toBeLessThanOrEqual(TABLE_WIDTH);
  });

  it('keeps one grid when it fits, with group headings on the first row shown in each table', () => {
    const small = buildReport(
      'catalogue',
      new Date(),
      fullCatalogue()
        .filter(
          (s) =>
            ['compliant', 'slack'].includes(s.profile) &&
            ['authorization-code', 'cross-app-access', 'revocation'].includes(s.strategy),
        )
        .map((s) => ({ ...s, outcome: 'pass', checks: [check(true)] })),
    );
    const lines = tableLines(small);
    expect(lines[0]).toMatch(/^profile\s+authorization-code\s+cross-app-access\s+revocation$/);
    expect(widest(lines)).toBeLessThanOrEqual(TABLE_WIDTH);
    const split = tableLines(buildReport('catalogue', new Date(), fullCatalogue()));
    const from = split.indexOf('cross-app-access');
    const crossApp = split.slice(from, split.indexOf('', from));
    // cross-app-access does not apply to every profile: its table has fewer rows, and a heading per group.
    expect(crossApp.filter((l) => l.startsWith('· hostile')).length).toBe(1);
    expect(crossApp.filter((l) => l.startsWith('step-up '))).toEqual([]);
  });
});
