import type { Report, ScenarioResult } from '../catalogue/types.js';
import { isAssumed } from './assumed.js';
import { cellText, GROUP_TITLES, toGrid } from './grid.js';
import { type LiveReport, providerSections } from './provider.js';
import { summaryLine } from './table.js';

const esc = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

const STYLE = `
body{font:14px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#0d1117;color:#c9d1d9;margin:24px}
h1{font-size:18px;margin:0 0 4px}p{margin:4px 0 16px;color:#8b949e}
table{border-collapse:collapse}th,td{padding:3px 10px;text-align:left;white-space:nowrap}
thead th{color:#e6edf3;border-bottom:1px solid #30363d}tbody tr:nth-child(odd){background:#161b22}
td.pass{color:#3fb950}td.known{color:#d29922}tr.group td{color:#8b949e;background:#0d1117;padding-top:8px;font-style:italic}td.fail{color:#f85149;font-weight:bold}td.skip{color:#6e7681}
.summary{margin-top:16px;font-weight:bold}.summary.ok{color:#3fb950}.summary.bad{color:#f85149}
details{margin:2px 0}summary{cursor:pointer}ul{margin:2px 0 8px 18px;padding:0}li.bad{color:#f85149}
li.good{color:#8b949e}li.assumed{color:#d29922}.obs{color:#d29922}`;

const cellClass = (c: ScenarioResult | undefined) =>
  !c ? '' : c.outcome === 'pass' && c.checks.some((k) => k.known) ? 'known' : c.outcome;

function details(s: ScenarioResult): string {
  const checks = s.checks
    .map(
      (c) =>
        `<li class="${isAssumed(c) ? 'assumed' : c.ok ? 'good' : 'bad'}">${isAssumed(c) ? '? assumed:' : c.ok ? '✔' : '✘'} ${esc(c.name)}${c.refs?.length ? ` [${esc(c.refs.join(', '))}]` : ''}${c.detail && (!c.ok || isAssumed(c)) ? ` — ${esc(c.detail)}` : ''}</li>`,
    )
    .join('');
  const trips = s.roundTrips
    .map((t) => `<li class="good">${t.status} ${esc(t.method)} ${esc(t.url)}</li>`)
    .join('');
  return `<details${s.outcome === 'fail' ? ' open' : ''}><summary>${esc(cellText(s))} ${esc(s.id)} — ${esc(s.title)}</summary><ul>${checks}</ul><details><summary>${s.roundTrips.length} HTTP round trips</summary><ul>${trips}</ul></details>${s.error ? `<pre>${esc(s.error)}</pre>` : ''}</details>`;
}

/** A self-contained HTML page of the report (no scripts, no external resources). */
export function toHtml(report: Report | LiveReport): string {
  const grid = toGrid(report);
  const head1 = grid.columns
    .map((c, i) =>
      i > 0 && grid.columns[i - 1]!.strategy === c.strategy
        ? '<th></th>'
        : `<th>${esc(c.strategy)}</th>`,
    )
    .join('');
  const head2 = grid.columns.map((c) => `<th>${esc(c.store)}</th>`).join('');
  const rows = grid.rows
    .map(
      (r) =>
        `${r.group ? `<tr class="group"><td colspan="${grid.columns.length + 1}">${esc(GROUP_TITLES[r.group] ?? r.group)}</td></tr>` : ''}<tr><td>${esc(r.profile)}</td>${r.cells.map((c) => `<td class="${cellClass(c)}">${esc(cellText(c))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const ok = report.summary.failed === 0 && report.summary.passed > 0;
  const provider = 'provider' in report && report.provider ? report.provider : undefined;
  const providerHtml = provider
    ? providerSections(provider)
        .map(
          (s) =>
            `<h1>${esc(s.heading)}</h1><ul>${s.lines.length ? s.lines.map((l) => `<li class="obs">${esc(l)}</li>`).join('') : `<li>${esc(s.empty)}</li>`}</ul>`,
        )
        .join('\n')
    : '';
  const suggestions = (report.suggestions ?? []).map((s) => `<li>${esc(s)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>@mcp-oauth conformance</title><style>${STYLE}</style></head>
<body><h1>@mcp-oauth conformance — ${esc(report.mode)}</h1>
<p>${esc(report.startedAt)} · ✔ n: n checks passed · +k known: failures listed in known-failures.ts · ✘ f/n: f of n failed · – skip: cannot run here</p>
<table><thead><tr><th>profile</th>${head1}</tr><tr><th></th>${head2}</tr></thead><tbody>
${rows}
</tbody></table>
<div class="summary ${ok ? 'ok' : 'bad'}">${esc(summaryLine(report))}</div>
${providerHtml}
${suggestions ? `<h1>Suggested quirk tables</h1><ul>${suggestions}</ul>` : ''}
<h1>Scenarios</h1>
${report.scenarios.map(details).join('\n')}
</body></html>
`;
}
