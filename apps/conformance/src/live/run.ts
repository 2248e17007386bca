import type { CliOptions } from '../cli/args.js';
import type { Palette } from '../report/table.js';

/** Live mode (filled in below). */
export async function runLive(_options: CliOptions, _palette: Palette): Promise<number> {
  console.error('live mode: not yet');
  return 2;
}
