import { type LiveReport, providerSections } from '../report/provider.js';
import { type Palette, renderTable } from '../report/table.js';

/**
 * The live report for a person: the table, then the provider summary under
 * its three headings (what it got wrong, where it departs from the
 * specification, what is allowed but worth knowing), what was not checked,
 * and the suggested configuration.
 */
export function renderLive(report: LiveReport, palette: Palette): string {
  const out = [renderTable(report, palette, { skipReasons: false, failures: false })];
  if (report.provider) {
    for (const section of providerSections(report.provider)) {
      out.push('', palette.bold(section.heading));
      out.push(
        ...(section.lines.length
          ? section.lines.map((line) => `  ${section.mark} ${line}`)
          : [`  ${section.empty}`]),
      );
    }
  }
  out.push('', palette.bold('Suggested configuration:'));
  out.push(...(report.suggestions ?? []).map((s) => `  → ${s}`));
  return out.join('\n');
}
