import { authorizationCodeAdapter } from './authorization-code.js';
import { crossAppAccessAdapter } from './cross-app-access.js';
import { deviceCodeAdapter } from './device-code.js';
import { revocationAdapter } from './revocation.js';
import type { StrategyAdapter } from './types.js';

/**
 * Every strategy the catalogue runs, one column each. A new strategy is one
 * module implementing {@link StrategyAdapter} (it reads the profile traits
 * for its expectations and may add mock options through `env`), listed here.
 */
export const strategyAdapters: readonly StrategyAdapter[] = [
  authorizationCodeAdapter,
  crossAppAccessAdapter,
  deviceCodeAdapter,
  revocationAdapter,
];

export type { ScenarioContext, StrategyAdapter } from './types.js';
