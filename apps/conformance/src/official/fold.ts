import type { ScenarioResult } from '../catalogue/types.js';

/** Official suite (filled in below). */
export async function runOfficial(_out: string): Promise<ScenarioResult[]> {
  return [];
}
