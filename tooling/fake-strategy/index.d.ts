import type { ChallengeOutcome, ResourceChallenge, Strategy } from '@mcp-oauth/core';

/** A {@link Strategy} that records what the binding asked of it. */
export interface FakeStrategy extends Strategy {
  /** Every challenge the binding handed over, in order. */
  readonly challenges: ResourceChallenge[];
  /** How many times `authorize()` ran. */
  authorizations(): number;
  /** Replaces the current access token. */
  setToken(value: string | undefined): void;
}

/**
 * A strategy that is none of ours: `tokens()` answers the current token
 * (with a refresh token a binding must never show the SDK), `authorize()`
 * issues `after-login-<n>`, and `challenge()` answers `outcomes` in order,
 * then "authorize: login".
 */
export declare function fakeStrategy(options?: {
  token?: string;
  outcomes?: ChallengeOutcome[];
}): FakeStrategy;
