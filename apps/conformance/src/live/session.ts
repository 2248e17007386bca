import { authorizationCode } from '@mcp-oauth/authorization-code';
import {
  type AuthEvent,
  type Lock,
  type ServerRecord,
  type Store,
  StoreKeys,
  systemClock,
  type Tokens,
} from '@mcp-oauth/core';
import { crossAppAccess, idpConnection } from '@mcp-oauth/cross-app-access';
import { deviceCode } from '@mcp-oauth/device-code';
import type { CliOptions } from '../cli/args.js';
import type { Connectable } from '../scenarios/connect.js';
import type { Recorder } from './recorder.js';

/** The strategies live mode drives, the default first. */
export const liveStrategies = ['authorization-code', 'cross-app-access', 'device-code'] as const;

/** What live mode uses of either strategy. */
export interface LiveStrategy extends Connectable {
  tokens(): Promise<Tokens | undefined>;
  /** RFC 7009 sign-out; cross-app access has none. */
  logout?(): Promise<void>;
  serverKey(): Promise<string>;
}

/** The strategy live mode drives, with the levers it needs. */
export interface LiveSession {
  readonly strategy: (typeof liveStrategies)[number];
  readonly auth: LiveStrategy;
  readonly events: AuthEvent[];
  /** Reads the server's record past any cache. */
  record(): Promise<ServerRecord | undefined>;
  /**
   * Runs `fn` with the clock moved to 60 s before the access token expires,
   * so the strategy refreshes as it would then, and moves the stored expiry
   * back to real time afterwards.
   */
  nearExpiry<T>(fn: () => Promise<T>): Promise<T>;
}

/** What the user's browser is in this run. */
export interface BrowserChoice {
  /** Opens the URL; `false` to only print it. */
  readonly open: boolean | ((url: string) => Promise<boolean>);
  /** Pasted callback URLs (SPEC A5), when the user can type. */
  readonly manualInput?: () => AsyncIterable<string>;
  /** Shows the authorization URL (SPEC A11). */
  readonly show: (url: string) => void;
}

/** Builds the chosen strategy from the live-mode options. */
export function liveSession(
  options: CliOptions,
  store: Store & Lock,
  recorder: Recorder,
  browser: BrowserChoice,
): LiveSession {
  let offset = 0;
  const events: AuthEvent[] = [];
  const server = options.server!;
  const common = {
    server: { name: new URL(server).host, type: 'streamable-http', url: server },
    store,
    fetch: recorder.fetch,
    clock: { now: () => Date.now() + offset, sleep: systemClock.sleep },
    onEvent: (event: AuthEvent) => events.push(event),
    ...(options.allowInsecure ? { allowInsecureUrls: true } : {}),
  };
  const strategy =
    liveStrategies.find((name) => name === options.strategies[0]) ?? 'authorization-code';
  const auth: LiveStrategy =
    strategy === 'device-code'
      ? // RFC 8628: the code and the address go to stderr; the person logs in on any device.
        deviceCode({
          ...common,
          clientName: 'mcp-oauth conformance',
          ...(options.clientId ? { clientId: options.clientId } : {}),
          ...(options.clientSecretEnv && process.env[options.clientSecretEnv]
            ? { clientSecret: process.env[options.clientSecretEnv]! }
            : {}),
          ...(options.scope ? { scope: options.scope } : {}),
        })
      : strategy === 'cross-app-access'
        ? crossAppAccess({
            ...common,
            idp: idpConnection({
              issuer: options.idpIssuer!,
              clientId: options.idpClientId!,
              ...(options.idpClientSecretEnv && process.env[options.idpClientSecretEnv]
                ? { clientSecret: process.env[options.idpClientSecretEnv]! }
                : {}),
              openBrowser: browser.open,
              onAuthorizationUrl: browser.show,
              timeoutMs: options.timeoutSeconds * 1000,
              ...(options.callbackPort ? { callbackPort: options.callbackPort } : {}),
            }),
            clientId: options.clientId!,
            ...(options.clientSecretEnv && process.env[options.clientSecretEnv]
              ? { clientSecret: process.env[options.clientSecretEnv]! }
              : {}),
            ...(options.scope ? { scope: options.scope } : {}),
          })
        : authorizationCode({
            ...common,
            clientName: 'mcp-oauth conformance',
            timeoutMs: options.timeoutSeconds * 1000,
            openBrowser: browser.open,
            onAuthorizationUrl: browser.show,
            ...(browser.manualInput ? { manualInput: browser.manualInput } : {}),
            ...(options.callbackPort ? { callbackPort: options.callbackPort } : {}),
            ...(options.clientId ? { clientId: options.clientId } : {}),
            ...(options.clientSecretEnv ? { clientSecretEnv: options.clientSecretEnv } : {}),
            ...(options.clientMetadataUrl ? { clientMetadataUrl: options.clientMetadataUrl } : {}),
            ...(options.scope ? { scope: options.scope } : {}),
          });
  const key = async () => StoreKeys.server(await auth.serverKey());
  const record = async () =>
    (await store.get(await key(), { fresh: true })) as ServerRecord | undefined;
  return {
    strategy,
    auth,
    events,
    record,
    async nearExpiry(fn) {
      const expiresAt = (await record())?.expiresAt;
      const shift = expiresAt ? Math.max(0, expiresAt - Date.now() - 60_000) : 0;
      offset = shift;
      try {
        return await fn();
      } finally {
        offset = 0;
        if (shift) {
          await store.update<ServerRecord>(await key(), (r) =>
            r?.expiresAt ? { ...r, expiresAt: r.expiresAt - shift } : r,
          );
        }
      }
    },
  };
}
