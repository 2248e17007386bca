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
    scenarios: Array<{ scenario: string; sdk: number; wire: string; ok: boolean; checks: number }>;
  };
  return { status: result.status, stdout: result.stdout, summary };
}

describe('official MCP conformance runner (0.2.0-alpha.12)', () => {
  it('[B4][M1][M3][M4][P1][P2][P3][P4][P5][X7] passes all 33 auth scenarios, the client credentials, workload identity, DPoP and enterprise-managed authorization extensions included, through both SDK bindings on every wire they allow, with an empty expected-failures file', () => {
    const baseline = readFileSync(
      new URL('../official/expected-failures.yaml', import.meta.url),
      'utf8',
    );
    expect(baseline).toMatch(/^client: \[\]$/m);
    const { status, stdout, summary } = official([]);
    const names = new Set(summary.scenarios.map((s) => s.scenario));
    expect(names.size).toBe(33);
    // 14 scenarios on both wires, 2 stateful only, 11 stateless only, and 6
    // extension scenarios (stateful only: the runner plays extensions at
    // 2025-11-25): 47 runs per binding.
    for (const sdk of [1, 2]) {
      const runs = summary.scenarios.filter((s) => s.sdk === sdk);
      expect(runs).toHaveLength(47);
      expect(runs.filter((s) => s.wire === 'stateful')).toHaveLength(22);
      expect(runs.filter((s) => s.wire === 'stateless')).toHaveLength(25);
    }
    for (const name of [
      'auth/iss-wrong-issuer',
      'auth/metadata-issuer-mismatch',
      'auth/resource-mismatch',
      'auth/authorization-server-migration',
      'auth/client-credentials-basic',
      'auth/client-credentials-jwt',
      'auth/wif-jwt-bearer',
      'auth/dpop',
      'auth/dpop-nonce',
      'auth/enterprise-managed-authorization',
    ]) {
      expect(summary.scenarios.map((s) => s.scenario)).toContain(name);
    }
    expect(summary.scenarios.filter((s) => !s.ok)).toEqual([]);
    for (const s of summary.scenarios) expect(s.checks).toBeGreaterThan(0);
    expect(stdout).toContain('33 scenarios, 94 runs');
    expect(stdout).toContain('94 passed, 0 failed');
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
      '--sdk',
      '2',
      '--wire',
      'stateful',
    ]);
    expect(summary.scenarios).toEqual([
      expect.objectContaining({ scenario: 'auth/metadata-default', sdk: 2, ok: false }),
    ]);
    expect(status).toBe(1);
  });
});
