import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../src/catalogue/types.js';
import { toHtml } from '../src/report/html.js';
import { toJUnit } from '../src/report/junit.js';
import { buildReport, reportFailed, summarize } from '../src/report/summary.js';
import { renderTable } from '../src/report/table.js';
import { writeReport } from '../src/report/write.js';

const trip = {
  server: 'authorization-server',
  endpoint: 'token',
  method: 'POST',
  url: 'https://auth.example.com/token',
  status: 200,
};
const scenarios: ScenarioResult[] = [
  {
    id: 'authorization-code/compliant/memory',
    strategy: 'authorization-code',
    profile: 'compliant',
    store: 'memory',
    title: 'login',
    outcome: 'pass',
    checks: [{ name: 'logs in', ok: true, refs: ['A12'] }],
    roundTrips: [trip, trip],
    durationMs: 12,
  },
  {
    id: 'authorization-code/slack/memory',
    strategy: 'authorization-code',
    profile: 'slack',
    store: 'memory',
    title: 'slack <&> "quotes"',
    outcome: 'fail',
    checks: [
      { name: 'logs in', ok: true },
      {
        name: 'reads <200> error & maps it',
        ok: false,
        detail: 'got "request_failed"\u0001',
        refs: ['N3'],
      },
    ],
    roundTrips: [trip],
    durationMs: 30,
  },
  {
    id: 'authorization-code/compliant/keychain',
    strategy: 'authorization-code',
    profile: 'compliant',
    store: 'keychain',
    title: 'login',
    outcome: 'skip',
    checks: [],
    roundTrips: [],
    durationMs: 0,
    skipReason: 'no OS keychain here',
  },
];
const report = buildReport('catalogue', new Date(Date.now() - 1500), scenarios);

describe('summarize', () => {
  it('counts scenarios, checks and round trips', () => {
    expect(summarize(scenarios)).toEqual({
      scenarios: 3,
      passed: 1,
      failed: 1,
      skipped: 1,
      checks: 3,
      checksFailed: 1,
      checksKnown: 0,
      roundTrips: 3,
    });
    expect(reportFailed(report)).toBe(true);
    expect(reportFailed(buildReport('catalogue', new Date(), [scenarios[0]!]))).toBe(false);
    expect(reportFailed(buildReport('catalogue', new Date(), [scenarios[2]!]))).toBe(true);
  });
});

describe('toJUnit', () => {
  const xml = toJUnit(report);
  it('has one suite per strategy and one case per scenario, with failures and skips', () => {
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(xml).toContain(
      '<testsuite name="authorization-code" tests="3" failures="1" errors="0" skipped="1"',
    );
    expect(xml).toContain(
      '<testcase classname="conformance.authorization-code" name="compliant on memory"',
    );
    expect(xml).toContain('<skipped message="no OS keychain here"/>');
    expect(xml).toContain(
      '<failure message="reads &lt;200&gt; error &amp; maps it" type="ConformanceFailure">',
    );
  });
  it('escapes markup and drops characters XML cannot hold', () => {
    expect(xml).toContain('got &quot;request_failed&quot;');
    expect(xml).not.toContain('\u0001');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml.match(/<\/testcase>/g)).toHaveLength(3);
  });
});

describe('renderTable', () => {
  const text = renderTable(report);
  it('shows a row per profile and a column per strategy and store', () => {
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^profile\s+authorization-code/);
    expect(lines[1]).toMatch(/memory\s+keychain/);
    expect(lines.find((l) => l.startsWith('compliant'))).toMatch(/✔ 1\s+– skip/);
    expect(lines.find((l) => l.startsWith('slack'))).toMatch(/✘ 1\/2/);
  });
  it('lists failed checks and ends with the totals', () => {
    expect(text).toContain('✗ reads <200> error & maps it [N3] — got "request_failed"');
    expect(text).toContain('skipped keychain: no OS keychain here');
    expect(text.split('\n').at(-1)).toMatch(
      /^FAIL {2}3 scenarios: 1 passed, 1 failed, 1 skipped · 3 checks \(1 failed\) · 3 HTTP round trips · \d+\.\d s$/,
    );
  });
});

describe('writeReport', () => {
  it('writes JSON, JUnit and HTML that agree', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'report-'));
    const paths = await writeReport(report, join(dir, 'nested'));
    const json = JSON.parse(await readFile(paths.json, 'utf8'));
    expect(json.summary.failed).toBe(1);
    expect(json.scenarios[1].checks[1].refs).toEqual(['N3']);
    expect(await readFile(paths.junit, 'utf8')).toBe(toJUnit(report));
    const html = await readFile(paths.html, 'utf8');
    expect(html).toBe(toHtml(report));
    expect(html).toContain('slack &lt;&amp;&gt; &quot;quotes&quot;');
    expect(html).not.toMatch(/<script|https?:\/\/(?!auth\.example\.com)/);
  });
});
