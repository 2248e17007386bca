import type { Report } from '../catalogue/types.js';
import { type Palette, renderTable } from '../report/table.js';

/** The live report for a person: the table, the provider's deviations, the suggested configuration. */
export function renderLive(report: Report, host: string, palette: Palette): string {
  const observations = report.observations ?? [];
  return [
    renderTable(report, palette),
    '',
    palette.bold(`What ${host} does that the specification does not:`),
    ...(observations.length
      ? observations.map((o) => `  ${o.severity === 'warning' ? '!' : '·'} ${o.message}`)
      : ['  nothing: it followed the specification in everything checked']),
    '',
    palette.bold('Suggested configuration:'),
    ...(report.suggestions ?? []).map((s) => `  → ${s}`),
  ].join('\n');
}
