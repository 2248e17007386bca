#!/usr/bin/env node
// Sums the vitest JSON reports (test-results/*.json) of every workspace
// package and prints "N passed, N failed" (skipped tests appended when any).
// A test file that failed outside its tests counts as one failure.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const group of ['packages', 'apps', 'tooling']) {
  if (!existsSync(group)) continue;
  for (const name of readdirSync(group)) {
    const dir = join(group, name, 'test-results');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      passed += report.numPassedTests ?? 0;
      failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
      // A test file that failed with none of its tests failing (a hook, an
      // import): counted as one failure, and named.
      for (const result of report.testResults ?? []) {
        if (result.status !== 'failed') continue;
        if (result.assertionResults?.some((test) => test.status === 'failed')) continue;
        failed += 1;
        console.log(
          `failed outside its tests: ${result.name}: ${String(result.message).split('\n')[0]}`,
        );
      }
      skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    }
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
