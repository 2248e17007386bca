import type { Report, ScenarioResult } from '../catalogue/types.js';
import { cellText, GROUP_TITLES, type Grid, toGrid } from './grid.js';

/** ANSI colours, or none (pipes, CI logs, `NO_COLOR`). */
export interface Palette {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const paint = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
/** Colours for a terminal. */
export const colours: Palette = {
  green: paint(32),
  red: paint(31),
  yellow: paint(33),
  dim: paint(2),
  bold: paint(1),
};
/** No colours. */
export const plain: Palette = {
  green: (t) => t,
  red: (t) => t,
  yellow: (t) => t,
  dim: (t) => t,
  bold: (t) => t,
};

/** Whether to colour output on this stream. */
export function paletteFor(stream: { isTTY?: boolean }): Palette {
  return stream.isTTY && !process.env.NO_COLOR ? colours : plain;
}

const width = (text: string) => [...text].length;
const pad = (text: string, n: number) => text + ' '.repeat(Math.max(0, n - width(text)));

function colourCell(s: ScenarioResult | undefined, text: string, p: Palette): string {
  if (!s) return text;
  if (s.outcome === 'pass') return s.checks.some((c) => c.known) ? p.yellow(text) : p.green(text);
  return s.outcome === 'fail' ? p.red(text) : p.dim(text);
}

/** Widest table the terminal output allows: a 120-column terminal shows it without wrapping. */
export const TABLE_WIDTH = 120;

/** Options of {@link renderTable}. */
export interface TableOptions {
  /** Widest line of the grid; wider grids are split into one table per strategy. Default 120. */
  readonly maxWidth?: number;
  /** List the skip reasons under the table (default true; live mode lists them itself). */
  readonly skipReasons?: boolean;
  /** List failed scenarios and their failed checks (default true; live mode's summary does). */
  readonly failures?: boolean;
}

/**
 * Lays out a grid: header lines, a rule, then a row per profile with group
 * headings. A column is as wide as its store name and cells; a strategy
 * name spans its stores' columns (widening the last only when it is longer
 * than them all). With a `title` (one table per strategy) the strategy is
 * the title and the store names are the one header line.
 */
function gridLines(grid: Grid, title: string | undefined, p: Palette): string[] {
  const stores = grid.columns.map((c) => c.store);
  const body = grid.rows.map((r) => [r.profile, ...r.cells.map(cellText)]);
  const widths = ['profile', ...stores].map((h, i) =>
    Math.max(width(h), ...body.map((row) => width(row[i]!))),
  );
  // Column groups: consecutive columns of one strategy.
  const groups: Array<{ strategy: string; from: number; to: number }> = [];
  grid.columns.forEach((c, i) => {
    const last = groups.at(-1);
    if (last?.strategy === c.strategy) last.to = i + 1;
    else groups.push({ strategy: c.strategy, from: i + 1, to: i + 1 });
  });
  const span = (g: { from: number; to: number }) =>
    widths.slice(g.from, g.to + 1).reduce((n, w) => n + w, 0) + 2 * (g.to - g.from);
  if (!title) {
    for (const g of groups) widths[g.to]! += Math.max(0, width(g.strategy) - span(g));
  }
  const line = (cells: string[], colour?: (i: number, text: string) => string) =>
    cells
      .map((c, i) => (colour ? colour(i, pad(c, widths[i]!)) : pad(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  const strategyLine = [pad('profile', widths[0]!), ...groups.map((g) => pad(g.strategy, span(g)))]
    .join('  ')
    .trimEnd();
  return [
    ...(title
      ? [p.bold(title), p.bold(line(['profile', ...stores]))]
      : [p.bold(strategyLine), p.dim(line(['', ...stores]))]),
    p.dim(widths.map((w) => '─'.repeat(w)).join('  ')),
    ...grid.rows.flatMap((row, r) => [
      ...(row.group ? [p.dim(`· ${GROUP_TITLES[row.group] ?? row.group}`)] : []),
      line(body[r]!, (i, text) => (i === 0 ? text : colourCell(row.cells[i - 1], text, p))),
    ]),
  ];
}

/** The grid's lines, split into one table per strategy when it is wider than `maxWidth`. */
export function tableLines(report: Report, p: Palette = plain, maxWidth = TABLE_WIDTH): string[] {
  const grid = toGrid(report);
  const whole = gridLines(grid, undefined, p);
  if (Math.max(...whole.map((l) => width(stripAnsi(l)))) <= maxWidth) return whole;
  const strategies = [...new Set(grid.columns.map((c) => c.strategy))];
  return strategies.flatMap((strategy, n) => {
    const keep = grid.columns.flatMap((c, i) => (c.strategy === strategy ? [i] : []));
    const rows = grid.rows
      .map((r) => ({ profile: r.profile, cells: keep.map((i) => r.cells[i]) }))
      .filter((r) => r.cells.some((c) => c !== undefined))
      // A group heading goes on the first row of its group that this table shows.
      .map((r, i, shown) => {
        const group = groupOf(grid, r.profile);
        const first =
          group !== undefined && (i === 0 || groupOf(grid, shown[i - 1]!.profile) !== group);
        return first ? { ...r, group } : r;
      });
    const part: Grid = { columns: keep.map((i) => grid.columns[i]!), rows };
    return [...(n > 0 ? [''] : []), ...gridLines(part, strategy, p)];
  });
}

/** The group a profile belongs to (set on the first row of each group only). */
function groupOf(grid: Grid, profile: string): string | undefined {
  let group: string | undefined;
  for (const row of grid.rows) {
    if (row.group !== undefined) group = row.group;
    if (row.profile === profile) return group;
  }
  return undefined;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC.
const stripAnsi = (text: string) => text.replace(/\u001b\[\d+m/g, '');

/**
 * The terminal table: a row per profile, a column per strategy and store;
 * `✔ n` passed n checks, `✘ f/n` failed f of n, `– skip` could not run
 * here. A grid wider than 120 columns becomes one table per strategy.
 * Failed scenarios follow with their failed checks, then the totals.
 */
export function renderTable(
  report: Report,
  p: Palette = plain,
  options: TableOptions = {},
): string {
  const out = tableLines(report, p, options.maxWidth ?? TABLE_WIDTH);
  const failed = report.scenarios.filter((s) => s.outcome === 'fail');
  if (failed.length && options.failures !== false) {
    out.push('', p.bold(p.red(`${failed.length} failed:`)));
    for (const s of failed) {
      out.push(`  ${p.red('✘')} ${s.id}  ${p.dim(s.title)}`);
      for (const c of s.checks.filter((c) => !c.ok && !c.known)) {
        out.push(
          `      ✗ ${c.name}${c.refs?.length ? ` [${c.refs.join(', ')}]` : ''}${c.detail ? p.dim(` — ${c.detail}`) : ''}`,
        );
      }
      if (s.error) out.push(`      ! ${s.error.split('\n')[0]}`);
    }
  }
  const known = report.scenarios.flatMap((s) =>
    s.checks.filter((c) => c.known).map((c) => c.known!),
  );
  if (known.length) {
    out.push(
      '',
      p.bold(
        `${known.length} known failures (src/catalogue/known-failures.ts), not counted as failures:`,
      ),
    );
    for (const reason of new Set(known)) out.push(`  ${p.dim('•')} ${reason}`);
  }
  const skipped = [
    ...new Set(
      report.scenarios.filter((s) => s.skipReason).map((s) => `${s.store}: ${s.skipReason}`),
    ),
  ];
  if (skipped.length && options.skipReasons !== false)
    out.push('', ...skipped.map((r) => p.dim(`skipped ${r}`)));
  out.push('', summaryLine(report, p));
  return out.join('\n');
}

/** One line of totals. */
export function summaryLine(report: Report, p: Palette = plain): string {
  const s = report.summary;
  const verdict = s.failed === 0 && s.passed > 0 ? p.green(p.bold('PASS')) : p.red(p.bold('FAIL'));
  return `${verdict}  ${s.scenarios} scenarios: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped · ${s.checks} checks (${s.checksFailed} failed${s.checksKnown ? `, ${s.checksKnown} known` : ''}) · ${s.roundTrips} HTTP round trips · ${(report.durationMs / 1000).toFixed(1)} s`;
}
