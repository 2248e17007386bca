import { describe, expect, it } from 'vitest';
import { applyKnownFailures, type KnownFailure } from '../src/catalogue/known-failures.js';
import type { Check, ScenarioResult } from '../src/catalogue/types.js';

const result = (checks: Check[], extra: Partial<ScenarioResult> = {}): ScenarioResult => ({
  id: 'authorization-code/cimd/memory',
  strategy: 'authorization-code',
  profile: 'cimd',
  store: 'memory',
  title: 't',
  outcome: checks.every((c) => c.ok) ? 'pass' : 'fail',
  checks,
  roundTrips: [],
  durationMs: 1,
  ...extra,
});
const list: KnownFailure[] = [
  { scenario: 'authorization-code/cimd/*', checks: ['refresh works'], reason: 'bug in x' },
];

describe('applyKnownFailures', () => {
  it('a listed failing check does not fail the scenario and carries the reason', () => {
    const out = applyKnownFailures(
      result([
        { name: 'logs in', ok: true },
        { name: 'refresh works', ok: false },
      ]),
      list,
    );
    expect(out.outcome).toBe('pass');
    expect(out.checks[1]).toMatchObject({ ok: false, known: 'bug in x' });
  });

  it('an unlisted failing check still fails it', () => {
    const out = applyKnownFailures(
      result([
        { name: 'refresh works', ok: false },
        { name: 'logs in', ok: false },
      ]),
      list,
    );
    expect(out.outcome).toBe('fail');
  });

  it('a listed check that passes is stale and fails the scenario', () => {
    const out = applyKnownFailures(result([{ name: 'refresh works', ok: true }]), list);
    expect(out.outcome).toBe('fail');
    expect(out.checks.at(-1)?.name).toMatch(/known failure now passes: remove "refresh works"/);
  });

  it('matches `*` on one id part only and leaves other scenarios and skips alone', () => {
    const other = result([{ name: 'refresh works', ok: false }], { id: 'revocation/cimd/memory' });
    expect(applyKnownFailures(other, list).outcome).toBe('fail');
    const skipped = result([], { outcome: 'skip', skipReason: 'no keychain' });
    expect(applyKnownFailures(skipped, list)).toBe(skipped);
  });

  it('a scenario that threw fails even when its failed checks are known', () => {
    const out = applyKnownFailures(
      result([{ name: 'refresh works', ok: false }], { error: 'boom' }),
      list,
    );
    expect(out.outcome).toBe('fail');
  });
});
