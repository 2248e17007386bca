import type { CrossAppAccessStage } from './errors.js';
import { redact, redactText } from './redact.js';

/** Stable reasons an interactive authorization ends with (SPEC A13). */
export const AuthorizationReasons = [
  'success',
  'cancelled',
  'timeout',
  'provider_denied',
  'state_mismatch',
  'port_unavailable',
  'auth_request_failed',
  'token_exchange_failed',
  'unknown',
] as const;
/** One of {@link AuthorizationReasons}. */
export type AuthorizationReason = (typeof AuthorizationReasons)[number];

/** Stable reasons a refresh ends with (SPEC R6). */
export const RefreshReasons = [
  'success',
  'metadata_discovery_failed',
  'no_client_info',
  'no_tokens_returned',
  'invalid_grant',
  'transient_retries_exhausted',
  'request_failed',
] as const;
/** One of {@link RefreshReasons}. */
export type RefreshReason = (typeof RefreshReasons)[number];

/** Cross-app access stages a failure is reported at (SPEC X9). */
export const CrossAppAccessStages = [
  'idp_login',
  'discovery',
  'token_exchange',
  'jwt_bearer',
] as const satisfies readonly CrossAppAccessStage[];

/** Fields every event has. */
interface EventBase {
  /** The server key (SPEC K1) the event is about. */
  serverKey: string;
  /** OAuth `error` code, when the server sent one. */
  oauthError?: string;
  /** HTTP status, when known. */
  status?: number;
}

/** An interactive authorization ended (SPEC A13). */
export interface AuthorizationEvent extends EventBase {
  type: 'authorization';
  reason: AuthorizationReason;
}

/** A refresh ended (SPEC R6). */
export interface RefreshEvent extends EventBase {
  type: 'refresh';
  reason: RefreshReason;
}

/** A cross-app access attempt ended (SPEC X5, X9). */
export interface CrossAppAccessEvent extends EventBase {
  type: 'cross_app_access';
  reason: 'success' | 'cancelled' | 'failure';
  /** Where it failed. */
  stage?: CrossAppAccessStage;
  /** Whether a cached IdP id_token was used (no browser). */
  idTokenCacheHit: boolean;
}

/** Revocation ran (SPEC V3); best-effort, so it reports what the server accepted. */
export interface RevocationEvent extends EventBase {
  type: 'revocation';
  /** Token types the server accepted revocation of. */
  revoked: Array<'refresh_token' | 'access_token'>;
  /** True when the server has no revocation endpoint and only local tokens were cleared. */
  skipped: boolean;
}

/** Every event this project emits. Events never carry tokens, codes or secrets. */
export type AuthEvent = AuthorizationEvent | RefreshEvent | CrossAppAccessEvent | RevocationEvent;

/** Receives events. */
export type EventSink = (event: AuthEvent) => void;

/** A debug/warning log hook. */
export interface Logger {
  debug(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
}

/**
 * A logger whose every line is redacted before it reaches `logger` (SPEC A14):
 * URLs lose their secret parameters, secret-named fields and bearer
 * credentials are replaced. A throwing logger never breaks a flow.
 */
export function safeLogger(logger?: Partial<Logger>): Logger {
  const line =
    (level: keyof Logger) =>
    (message: string, data?: unknown): void => {
      const sink = logger?.[level];
      if (!sink) return;
      try {
        if (data === undefined) sink.call(logger, redactText(message));
        else sink.call(logger, redactText(message), redact(data));
      } catch {}
    };
  return { debug: line('debug'), warn: line('warn') };
}
