import { authorizationCodeAdapter } from './authorization-code.js';
import { revocationAdapter } from './revocation.js';
import type { StrategyAdapter } from './types.js';

/**
 * Every strategy the catalogue runs, one column each.
 *
 * Extension point: cross-app access (`@mcp-oauth/cross-app-access`, SPEC X)
 * gets an adapter module here once the package exists and builds: IdP login
 * against `env.idp`, RFC 8693 exchange for an ID-JAG, RFC 7523 jwt-bearer at
 * the AS, silent re-authentication (X11), with profile traits for what an
 * IdP does. Until then the column is absent rather than faked.
 */
export const strategyAdapters: readonly StrategyAdapter[] = [
  authorizationCodeAdapter,
  revocationAdapter,
];

export type { ScenarioContext, StrategyAdapter } from './types.js';
