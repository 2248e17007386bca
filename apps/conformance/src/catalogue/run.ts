import type { Palette } from '../report/table.js';
import { type StoreKind, storeFactories, storeKinds } from '../stores/index.js';
import type { StrategyAdapter } from '../strategies/types.js';
import { buildCatalogue, type Scenario, type Selection } from './catalogue.js';
import { startMsw } from './msw.js';
import { type CatalogueProfile, catalogueProfiles } from './profiles.js';
import { type ProgressListener, runCatalogue } from './runner.js';
import type { ScenarioResult } from './types.js';

/** Options of {@link runSelectedCatalogue}. */
export interface CatalogueRunOptions extends Selection {
  readonly adapters: readonly StrategyAdapter[];
  readonly profilesTable?: readonly CatalogueProfile[];
  readonly stores?: readonly StoreKind[];
  readonly onResult?: ProgressListener;
  readonly palette?: Palette;
}

/** Builds the selected catalogue (for `--list` and for running). */
export async function selectScenarios(options: CatalogueRunOptions): Promise<Scenario[]> {
  const stores = await storeFactories(options.stores?.length ? options.stores : storeKinds);
  return buildCatalogue(
    options.adapters,
    options.profilesTable ?? catalogueProfiles,
    stores,
    options,
  );
}

/** Starts MSW, runs the selected scenarios one by one, stops MSW. */
export async function runSelectedCatalogue(
  options: CatalogueRunOptions,
): Promise<ScenarioResult[]> {
  const scenarios = await selectScenarios(options);
  const msw = startMsw();
  try {
    return await runCatalogue(scenarios, {
      msw,
      ...(options.onResult ? { onResult: options.onResult } : {}),
    });
  } finally {
    msw.close();
    for (const store of new Set(scenarios.map((s) => s.store))) await store.close?.();
  }
}
