// Prints the median of each benchmark in µs from `vitest bench --outputJson`
// (vitest's table shows means and percentiles, not the median the README quotes),
// one line per store and benchmark.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2] ?? 'test-results/bench.json', 'utf8'));
console.log('\nmedian µs | store | benchmark');
for (const file of report.files) {
  for (const group of file.groups) {
    const store = group.fullName.split(' > ').at(-1);
    for (const bench of group.benchmarks) {
      const micros = bench.median * 1000;
      console.log(
        `${micros < 10 ? micros.toFixed(2) : Math.round(micros)} | ${store} | ${bench.name}`,
      );
    }
  }
}
