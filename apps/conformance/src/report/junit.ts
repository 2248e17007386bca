import type { Report, ScenarioResult } from '../catalogue/types.js';
import { isAssumed } from './assumed.js';

/** Whether a code point may appear in XML 1.0 (tab, newline, carriage return, or printable). */
const xmlChar = (c: string) => {
  const code = c.codePointAt(0)!;
  return code === 0x9 || code === 0xa || code === 0xd || code >= 0x20;
};

const ENTITIES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
};

// Characters XML 1.0 forbids are dropped, not escaped: they cannot appear at all.
const escapeXml = (text: string): string =>
  [...text]
    .filter(xmlChar)
    .map((c) => ENTITIES[c] ?? c)
    .join('');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(s: ScenarioResult): string {
  const name = `${s.profile} on ${s.store}`;
  const open = `    <testcase classname="${escapeXml(`conformance.${s.strategy}`)}" name="${escapeXml(name)}" time="${seconds(s.durationMs)}">`;
  const lines = [open];
  if (s.outcome === 'skip') {
    lines.push(`      <skipped message="${escapeXml(s.skipReason ?? 'skipped')}"/>`);
  } else if (s.outcome === 'fail') {
    const failed = s.checks.filter((c) => !c.ok && !c.known);
    const message = failed.length
      ? failed.map((c) => c.name).join('; ')
      : (s.error?.split('\n')[0] ?? 'no checks ran');
    const body = [
      ...failed.map((c) => `✗ ${c.name}${c.detail ? `: ${c.detail}` : ''}`),
      ...(s.error ? [s.error] : []),
    ].join('\n');
    lines.push(
      `      <failure message="${escapeXml(message)}" type="ConformanceFailure">${escapeXml(body)}</failure>`,
    );
  }
  const out = s.checks
    .map(
      (c) =>
        `${isAssumed(c) ? '? (assumed)' : c.ok ? '✓' : c.known ? '✗ (known)' : '✗'} ${c.name}${c.refs?.length ? ` [${c.refs.join(', ')}]` : ''}${isAssumed(c) ? `: ${c.assumed}` : ''}`,
    )
    .concat(`${s.roundTrips.length} HTTP round trips`);
  lines.push(`      <system-out>${escapeXml(out.join('\n'))}</system-out>`, '    </testcase>');
  return lines.join('\n');
}

/** The report as JUnit XML: one testsuite per strategy, one testcase per scenario. */
export function toJUnit(report: Report): string {
  const byStrategy = new Map<string, ScenarioResult[]>();
  for (const s of report.scenarios) {
    byStrategy.set(s.strategy, [...(byStrategy.get(s.strategy) ?? []), s]);
  }
  const suites = [...byStrategy].map(([strategy, list]) => {
    const failures = list.filter((s) => s.outcome === 'fail').length;
    const skipped = list.filter((s) => s.outcome === 'skip').length;
    const time = list.reduce((n, s) => n + s.durationMs, 0);
    return [
      `  <testsuite name="${escapeXml(strategy)}" tests="${list.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}">`,
      ...list.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  const s = report.summary;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="@mcp-oauth/conformance (${escapeXml(report.mode)})" tests="${s.scenarios}" failures="${s.failed}" errors="0" skipped="${s.skipped}" time="${seconds(report.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
