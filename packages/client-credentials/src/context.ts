import type { Tokens } from '@mcp-oauth/core';
import { createStrategyContext, type RuntimeContext } from '@mcp-oauth/oauth';
import type { MachineOptions } from './options.js';
import type { SigningKey } from './signing-key.js';

/** The grant a machine strategy renews with. @internal */
export interface MachineGrant {
  /** The `grant_type` (SPEC M1, M4). */
  readonly type: string;
  /** Its own parameters for one request (the jwt-bearer `assertion`, read afresh). */
  params(ctx: Context, signal?: AbortSignal): Promise<Record<string, string>>;
}

/**
 * The runtime context of a machine strategy, plus the one renewal in flight
 * in this process and the pause after a failed proactive renewal. @internal
 */
export interface Context extends RuntimeContext {
  readonly options: MachineOptions;
  readonly grant: MachineGrant;
  /** The private key given in options, parsed once. */
  readonly signingKey: SigningKey | undefined;
  /** The renewal in flight, shared by concurrent callers (SPEC M2). */
  renewing: Promise<Tokens> | undefined;
  /** No proactive renewal before this time, after one failed while the token was still valid. */
  pausedUntil: number;
}

/** Builds the context of a validated machine strategy. @internal */
export function createContext(
  factory: string,
  options: MachineOptions,
  grant: MachineGrant,
  signingKey: SigningKey | undefined,
): Context {
  return {
    ...createStrategyContext(factory, options),
    options,
    grant,
    signingKey,
    renewing: undefined,
    pausedUntil: 0,
  };
}
