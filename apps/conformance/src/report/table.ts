import type { Report, ScenarioResult } from '../catalogue/types.js';
import { cellText, GROUP_TITLES, toGrid } from './grid.js';

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

/**
 * The terminal table: a row per profile, a column per strategy and store;
 * `✔ n` passed n checks, `✘ f/n` failed f of n, `– skip` could not run
 * here. Failed scenarios follow with their failed checks, then the totals.
 */
export function renderTable(report: Report, p: Palette = plain): string {
  const grid = toGrid(report);
  const header1 = ['profile', ...grid.columns.map((c) => c.strategy)];
  const header2 = ['', ...grid.columns.map((c) => c.store)];
  const body = grid.rows.map((r) => [r.profile, ...r.cells.map(cellText)]);
  const widths = header1.map((_, i) =>
    Math.max(width(header1[i]!), width(header2[i]!), ...body.map((row) => width(row[i]!))),
  );
  const line = (cells: string[], colour?: (i: number, text: string) => string) =>
    cells.map((c, i) => (colour ? colour(i, pad(c, widths[i]!)) : pad(c, widths[i]!))).join('  ');
  // Repeat a strategy name only where its column group starts.
  const grouped = header1.map((h, i) => (i > 1 && header1[i - 1] === h ? '' : h));
  const out = [
    p.bold(line(grouped)),
    p.dim(line(header2)),
    p.dim(widths.map((w) => '─'.repeat(w)).join('  ')),
    ...grid.rows.flatMap((row, r) => [
      ...(row.group ? [p.dim(`· ${GROUP_TITLES[row.group] ?? row.group}`)] : []),
      line(body[r]!, (i, text) => (i === 0 ? text : colourCell(row.cells[i - 1], text, p))),
    ]),
  ];
  const failed = report.scenarios.filter((s) => s.outcome === 'fail');
  if (failed.length) {
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
  if (skipped.length) out.push('', ...skipped.map((r) => p.dim(`skipped ${r}`)));
  out.push('', summaryLine(report, p));
  return out.join('\n');
}

/** One line of totals. */
export function summaryLine(report: Report, p: Palette = plain): string {
  const s = report.summary;
  const verdict = s.failed === 0 && s.passed > 0 ? p.green(p.bold('PASS')) : p.red(p.bold('FAIL'));
  return `${verdict}  ${s.scenarios} scenarios: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped · ${s.checks} checks (${s.checksFailed} failed${s.checksKnown ? `, ${s.checksKnown} known` : ''}) · ${s.roundTrips} HTTP round trips · ${(report.durationMs / 1000).toFixed(1)} s`;
}
