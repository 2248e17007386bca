import type { FetchLike, Lock, Store } from '@mcp-oauth/core';
import type { MockEnvironment, MockEnvironmentOptions } from '@mcp-oauth/mock-servers';
import type { ScenarioBrowser } from '../catalogue/browser.js';
import type { CheckList } from '../catalogue/checks.js';
import type { VirtualClock } from '../catalogue/clock.js';
import type { CatalogueProfile } from '../catalogue/profiles.js';
import type { StoreKind } from '../stores/index.js';

/** Everything a strategy adapter gets for one scenario. */
export interface ScenarioContext {
  readonly profile: CatalogueProfile;
  /** The mock MCP server, AS and IdP, with their request log. */
  readonly env: MockEnvironment;
  readonly store: Store & Lock;
  readonly storeKind: StoreKind;
  readonly clock: VirtualClock;
  readonly checks: CheckList;
  /** The automated user's browser (its callback requests count as round trips). */
  readonly browser: ScenarioBrowser;
  /**
   * Answers `method url` with `respond` instead of the mocks for the rest of
   * the scenario (an outage, a refusal); the requests count as round trips.
   */
  readonly intercept: (method: 'GET' | 'POST', url: string, respond: () => Response) => void;
  /**
   * The fetch the strategy sends OAuth requests with. Default the global one
   * (MSW answers it); tests of strategies broken on purpose pass one that
   * misbehaves.
   */
  readonly fetch?: FetchLike;
}

/**
 * Runs one strategy against the catalogue. One module per strategy under
 * `src/strategies/`, registered in `src/strategies/index.ts`; adding a
 * strategy adds a column to every profile row, without touching the
 * runner or the reports.
 */
export interface StrategyAdapter {
  /** Column name in the table, e.g. `authorization-code`. */
  readonly id: string;
  /** One line for `--help` and the report. */
  readonly title: string;
  /** Whether the strategy has anything to prove on this profile (false leaves the cell empty). */
  applies(profile: CatalogueProfile): boolean;
  /** Mock options the strategy needs on top of the profile's (an IdP client, an AS client secret). */
  env?(profile: CatalogueProfile): Partial<MockEnvironmentOptions>;
  /** The scenario's one-line title. */
  describe(profile: CatalogueProfile): string;
  /** Runs the scenario, recording every check in `ctx.checks`; throwing fails it. */
  run(ctx: ScenarioContext): Promise<void>;
}
