import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Report } from '../catalogue/types.js';
import { toHtml } from './html.js';
import { toJUnit } from './junit.js';

/** Paths of the written report files. */
export interface WrittenReport {
  readonly json: string;
  readonly junit: string;
  readonly html: string;
}

/** Writes `report.json`, `junit.xml` and `report.html` to `dir` (created when missing). */
export async function writeReport(report: Report, dir: string): Promise<WrittenReport> {
  const out = resolve(dir);
  await mkdir(out, { recursive: true });
  const paths = {
    json: join(out, 'report.json'),
    junit: join(out, 'junit.xml'),
    html: join(out, 'report.html'),
  };
  await writeFile(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(paths.junit, toJUnit(report));
  await writeFile(paths.html, toHtml(report));
  return paths;
}
