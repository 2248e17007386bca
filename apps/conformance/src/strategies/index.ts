import { authorizationCodeAdapter } from './authorization-code.js';
import { clientCredentialsAdapter } from './client-credentials.js';
import { crossAppAccessAdapter } from './cross-app-access.js';
import { deviceCodeAdapter } from './device-code.js';
import { dpopAdapter } from './dpop.js';
import { revocationAdapter } from './revocation.js';
import type { StrategyAdapter } from './types.js';
import { workloadIdentityAdapter } from './workload-identity.js';

/**
 * Every strategy the catalogue runs, one column each. A new strategy is one
 * module implementing {@link StrategyAdapter} (it reads the profile traits
 * for its expectations and may add mock options through `env`), listed here.
 */
export const strategyAdapters: readonly StrategyAdapter[] = [
  authorizationCodeAdapter,
  crossAppAccessAdapter,
  deviceCodeAdapter,
  clientCredentialsAdapter,
  workloadIdentityAdapter,
  dpopAdapter,
  revocationAdapter,
];

export type { ScenarioContext, StrategyAdapter } from './types.js';
