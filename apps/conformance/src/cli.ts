#!/usr/bin/env node
/**
 * `pnpm conformance`: the catalogue on mocked servers (default), a live
 * check against a real MCP server (`--server`), and the official MCP
 * conformance runner (`--official`), all ending in one report.
 */
import { runSelectedCatalogue, selectScenarios } from './catalogue/run.js';
import type { ScenarioResult } from './catalogue/types.js';
import { helpText, parseCli, usageError } from './cli/args.js';
import { progressPrinter } from './cli/progress.js';
import { runLive } from './live/run.js';
import { liveStrategies } from './live/session.js';
import { runOfficial } from './official/fold.js';
import { buildReport, reportFailed } from './report/summary.js';
import { paletteFor, renderTable } from './report/table.js';
import { writeReport } from './report/write.js';
import { strategyAdapters } from './strategies/index.js';

async function main(argv: readonly string[]): Promise<number> {
  let options: ReturnType<typeof parseCli>;
  try {
    options = parseCli(argv);
  } catch (error) {
    // The error and one usage line, not the whole help: the error must stay on screen.
    console.error(usageError((error as Error).message));
    return 2;
  }
  if (options.help) {
    console.log(helpText({ catalogue: strategyAdapters.map((a) => a.id), live: liveStrategies }));
    return 0;
  }
  const palette = paletteFor(process.stdout);
  const startedAt = new Date();

  if (options.server) return runLive(options, palette);

  const known = strategyAdapters.map((a) => a.id);
  const unknown = options.strategies.filter((s) => !known.includes(s));
  if (unknown.length) {
    console.error(
      usageError(
        `Unknown strategy ${unknown.join(', ')}. Catalogue strategies: ${known.join(', ')}.`,
      ),
    );
    return 2;
  }
  const selection = {
    adapters: strategyAdapters,
    strategies: options.strategies,
    profiles: options.profiles,
    stores: options.stores,
  };
  if (options.list) {
    const listed = await selectScenarios(selection);
    for (const store of new Set(listed.map((s) => s.store))) await store.close?.();
    for (const s of listed) {
      console.log(`${s.id.padEnd(72)} ${s.store.unavailable ? '(skipped here) ' : ''}${s.title}`);
    }
    return 0;
  }
  const results: ScenarioResult[] = [];
  const modes: string[] = [];
  if (options.catalogue) {
    modes.push('catalogue');
    const progress = progressPrinter(process.stderr, paletteFor(process.stderr), options.verbose);
    results.push(...(await runSelectedCatalogue({ ...selection, onResult: progress })));
    progress.done();
    if (results.length === 0) {
      console.error('No scenario matches the selection; --list shows them.');
      return 2;
    }
  }
  if (options.official) {
    modes.push('official');
    results.push(
      ...(await runOfficial(
        options.out,
        options.officialScenarios.flatMap((s) => ['--scenario', s]),
      )),
    );
  }
  const report = buildReport(modes.join('+'), startedAt, results);
  console.log(renderTable(report, palette));
  const written = await writeReport(report, options.out);
  console.log(palette.dim(`reports: ${written.json}, ${written.junit}, ${written.html}`));
  return reportFailed(report) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
