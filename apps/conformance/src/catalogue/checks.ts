import type { Check } from './types.js';

/** Collects the checks of one scenario. */
export class CheckList {
  readonly checks: Check[] = [];

  /** Records a check; returns `ok` so a scenario can skip steps that depend on it. */
  check(name: string, ok: boolean, detail?: string, refs?: readonly string[]): boolean {
    this.checks.push({
      name,
      ok,
      ...(detail !== undefined ? { detail } : {}),
      ...(refs?.length ? { refs } : {}),
    });
    return ok;
  }

  /** Records that two values are equal (JSON comparison), with both in the detail on failure. */
  equal(name: string, actual: unknown, expected: unknown, refs?: readonly string[]): boolean {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    return this.check(name, a === e, a === e ? undefined : `expected ${e}, got ${a}`, refs);
  }

  /** Whether every check so far passed. */
  get ok(): boolean {
    return this.checks.every((c) => c.ok);
  }
}
