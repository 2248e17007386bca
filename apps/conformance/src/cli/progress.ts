import type { ProgressListener } from '../catalogue/runner.js';
import type { ScenarioResult } from '../catalogue/types.js';
import type { Palette } from '../report/table.js';

function line(result: ScenarioResult, index: number, total: number, p: Palette): string {
  const mark =
    result.outcome === 'pass' ? p.green('✔') : result.outcome === 'fail' ? p.red('✘') : p.dim('–');
  const n = String(index + 1).padStart(String(total).length);
  return `[${n}/${total}] ${mark} ${result.id} ${p.dim(`${result.checks.length} checks, ${result.roundTrips.length} round trips, ${result.durationMs} ms`)}`;
}

/**
 * Progress while the catalogue runs: on a terminal one line rewritten in
 * place (failures stay on screen); in a log, a line per failure and a
 * count every tenth of the way, so CI output stays short.
 */
export function progressPrinter(
  stream: NodeJS.WriteStream,
  p: Palette,
  verbose: boolean,
): ProgressListener & { done(): void } {
  const tty = !!stream.isTTY && !verbose;
  let dirty = false;
  const listener = (result: ScenarioResult, index: number, total: number) => {
    const text = line(result, index, total, p);
    if (tty) {
      stream.write(`\r\u001b[2K${text}`);
      dirty = true;
      if (result.outcome === 'fail') {
        stream.write('\n');
        dirty = false;
      }
      return;
    }
    const step = Math.max(1, Math.round(total / 10));
    if (verbose || result.outcome === 'fail' || (index + 1) % step === 0 || index + 1 === total) {
      stream.write(`${text}\n`);
    }
  };
  return Object.assign(listener, {
    done() {
      if (dirty) stream.write('\r\u001b[2K');
    },
  });
}
