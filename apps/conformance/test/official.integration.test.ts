import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = new URL('../official/run.mjs', import.meta.url).pathname;

function official(args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'official-'));
  const result = spawnSync(process.execPath, [script, '--out', out, ...args], {
    encoding: 'utf8',
    timeout: 800_000,
  });
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
    scenarios: Array<{ scenario: string; ok: boolean; checks: number }>;
  };
  return { status: result.status, stdout: result.stdout, summary };
}

describe('official MCP conformance runner (0.2.0-alpha.12)', () => {
  it('passes every non-extension auth scenario with an empty expected-failures file', () => {
    const baseline = readFileSync(
      new URL('../official/expected-failures.yaml', import.meta.url),
      'utf8',
    );
    expect(baseline).toMatch(/^client: \[\]$/m);
    const { status, stdout, summary } = official([]);
    expect(summary.scenarios).toHaveLength(27);
    for (const name of [
      'auth/iss-wrong-issuer',
      'auth/metadata-issuer-mismatch',
      'auth/resource-mismatch',
      'auth/authorization-server-migration',
    ]) {
      expect(summary.scenarios.map((s) => s.scenario)).toContain(name);
    }
    expect(summary.scenarios.filter((s) => !s.ok)).toEqual([]);
    for (const s of summary.scenarios) expect(s.checks).toBeGreaterThan(0);
    expect(stdout).toContain('official auth scenarios: 27 passed, 0 failed');
    expect(status).toBe(0);
  });

  it('a stale expected-failures entry fails the run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baseline-'));
    const stale = join(dir, 'expected-failures.yaml');
    writeFileSync(stale, 'client:\n  - auth/metadata-default\n');
    const { status, summary } = official([
      '--baseline',
      stale,
      '--scenario',
      'auth/metadata-default',
    ]);
    expect(summary.scenarios).toEqual([
      expect.objectContaining({ scenario: 'auth/metadata-default', ok: false }),
    ]);
    expect(status).toBe(1);
  });
});
