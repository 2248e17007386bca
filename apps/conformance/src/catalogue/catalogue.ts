import type { StoreFactory } from '../stores/index.js';
import type { StrategyAdapter } from '../strategies/types.js';
import type { CatalogueProfile } from './profiles.js';

/** One scenario: a strategy against a profile on a store. */
export interface Scenario {
  readonly id: string;
  readonly strategy: StrategyAdapter;
  readonly profile: CatalogueProfile;
  readonly store: StoreFactory;
  readonly title: string;
}

/** What to run: filters by id (exact matches; empty means all). */
export interface Selection {
  readonly strategies?: readonly string[];
  readonly profiles?: readonly string[];
}

/** The cross product of strategies × profiles × stores, in table order. */
export function buildCatalogue(
  strategies: readonly StrategyAdapter[],
  profiles: readonly CatalogueProfile[],
  stores: readonly StoreFactory[],
  selection: Selection = {},
): Scenario[] {
  const wanted = (list: readonly string[] | undefined, id: string) =>
    !list?.length || list.includes(id);
  const scenarios: Scenario[] = [];
  for (const profile of profiles) {
    if (!wanted(selection.profiles, profile.id)) continue;
    for (const strategy of strategies) {
      if (!wanted(selection.strategies, strategy.id) || !strategy.applies(profile)) continue;
      for (const store of stores) {
        scenarios.push({
          id: `${strategy.id}/${profile.id}/${store.kind}`,
          strategy,
          profile,
          store,
          title: strategy.describe(profile),
        });
      }
    }
  }
  return scenarios;
}
