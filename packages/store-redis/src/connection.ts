import { ErrorCode, StoreError } from '@mcp-oauth/core';
import { createClient, ErrorReply, type RedisClientOptions } from 'redis';
import { storeErrorFrom, unavailable } from './errors.js';
import { emit, type RedisStoreEventListener } from './events.js';
import type { Script } from './scripts.js';

/** Sends one command within the call's time. */
export type Send = (args: readonly string[]) => Promise<unknown>;

/** The parts of a node-redis client the store uses. */
interface Client {
  connect(): Promise<unknown>;
  sendCommand(args: readonly string[], options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  subscribe(
    channels: string[],
    listener: (message: string, channel: string) => void,
  ): Promise<void>;
  duplicate(): Client;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  unref(): void;
  close(): Promise<void>;
  destroy(): void;
  readonly isReady: boolean;
}

/** Options of {@link connect}. */
export interface ConnectOptions {
  readonly url?: string | undefined;
  readonly connection?: RedisClientOptions | undefined;
  /** Longest time of one store call (SPEC DS4). */
  readonly commandTimeoutMs: number;
  /** Pub/sub channels to listen to. */
  readonly channels: readonly string[];
  readonly onMessage: (channel: string, message: string) => void;
  /** Called with `false` when messages may have been missed, `true` once they flow again. */
  readonly onSubscription: (live: boolean) => void;
  readonly onEvent?: RedisStoreEventListener | undefined;
}

/** Two connections to one Redis: commands, and the pub/sub subscription. */
export interface Connection {
  /** host:port (or socket path) for messages; never the URL's credentials. */
  readonly where: string;
  /**
   * Runs `fn` with a `send` bounded by one deadline: when Redis has not
   * answered within `commandTimeoutMs`, the call fails with
   * `STORE_UNAVAILABLE` and its unsent commands are dropped (SPEC DS4).
   */
  call<T>(action: string, fn: (send: Send) => Promise<T>): Promise<T>;
  /** Resolves once invalidation messages are first received (the subscription is live). */
  readonly subscribed: Promise<void>;
  /** Whether `close()` was called. */
  readonly closed: boolean;
  close(): Promise<void>;
}

/** Where the server is, for messages: the URL without its user and password. */
function whereOf(url: string | undefined, connection: RedisClientOptions | undefined): string {
  const text = url ?? connection?.url;
  if (text) {
    try {
      const parsed = new URL(text);
      return parsed.host || parsed.pathname;
    } catch {
      return 'the configured URL';
    }
  }
  const socket = (connection?.socket ?? {}) as { host?: string; port?: number; path?: string };
  return socket.path ?? `${socket.host ?? 'localhost'}:${socket.port ?? 6379}`;
}

/** Reconnect soon after a drop, backing off to 1 s: recovery is quick when the server returns. */
const reconnectDelay = (retries: number) =>
  Math.round(Math.min(1000, 25 * 2 ** Math.min(retries, 6)) * (0.5 + Math.random() / 2));

/**
 * Opens (lazily, on the first call) a command connection and a pub/sub
 * connection with the application's client options, and the store's own
 * connection policy on top: reconnect forever with a short back-off, keep
 * commands queued while reconnecting but never past their call's deadline,
 * and never keep the process alive (a pending call's timer does).
 */
export function connect(options: ConnectOptions): Connection {
  const base = { ...options.connection, ...(options.url ? { url: options.url } : {}) };
  const timeoutMs = options.commandTimeoutMs;
  const client = createClient({
    ...base,
    socket: {
      ...base.socket,
      connectTimeout: base.socket?.connectTimeout ?? timeoutMs,
      reconnectStrategy: reconnectDelay,
    },
    disableOfflineQueue: false,
  } as RedisClientOptions) as unknown as Client;
  const subscriber = client.duplicate();
  const where = whereOf(options.url, options.connection);
  let started = false;
  let closed = false;
  let subscribed = false;
  let live = false;
  let lastError = '';
  let firstLive!: () => void;
  const subscribedOnce = new Promise<void>((resolve) => {
    firstLive = resolve;
  });

  const setLive = (value: boolean, message?: string) => {
    if (live === value) return;
    live = value;
    options.onSubscription(value);
    if (value) firstLive();
    emit(
      options.onEvent,
      value
        ? { type: 'connection_restored' }
        : { type: 'connection_lost', message: message ?? 'disconnected' },
    );
  };
  const onError = (error: unknown) => {
    lastError = (error as Error)?.message ?? String(error);
  };
  client.on('error', onError);
  subscriber.on('error', (error) => {
    onError(error);
    setLive(false, lastError);
  });
  // node-redis subscribes again before it says ready after a reconnect.
  subscriber.on('ready', () => {
    if (subscribed) setLive(true);
  });
  client.unref();
  subscriber.unref();

  const start = () => {
    if (started) return;
    started = true;
    client.connect().catch(() => {});
    subscriber
      .connect()
      .then(() => subscriber.subscribe([...options.channels], options.onMessage))
      .then(() => {
        subscribed = true;
        setLive(true);
      })
      .catch(() => {});
  };

  return {
    where,
    get subscribed() {
      start();
      return subscribedOnce;
    },
    get closed() {
      return closed;
    },
    async call(action, fn) {
      if (closed) {
        throw new StoreError(ErrorCode.Store, `Could not ${action}: the store was closed.`);
      }
      start();
      const controller = new AbortController();
      let expire!: (error: StoreError) => void;
      const expired = new Promise<never>((_, reject) => {
        expire = reject;
      });
      expired.catch(() => {});
      // A referenced timer: a pending call keeps the process alive, the idle connections do not.
      const timer = setTimeout(() => {
        const detail = client.isReady
          ? `did not answer within ${timeoutMs} ms`
          : `is not reachable (no connection within ${timeoutMs} ms${lastError ? `; last error: ${lastError}` : ''})`;
        const error = unavailable(where, action, detail);
        expire(error);
        // Commands still waiting for a connection are dropped, never sent late.
        controller.abort(error);
      }, timeoutMs);
      const send: Send = (args) =>
        Promise.race([client.sendCommand(args, { abortSignal: controller.signal }), expired]);
      try {
        return await Promise.race([fn(send), expired]);
      } catch (error) {
        throw storeErrorFrom(error, where, action);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (!started) return;
      const quit = async (c: Client) => {
        try {
          await c.close();
        } catch {
          try {
            c.destroy();
          } catch {}
        }
      };
      // close() waits for pending replies; a server that stopped answering gets destroyed.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const forced = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          for (const c of [client, subscriber]) {
            try {
              c.destroy();
            } catch {}
          }
          resolve();
        }, timeoutMs);
      });
      await Promise.race([Promise.all([quit(client), quit(subscriber)]), forced]);
      clearTimeout(timer);
    },
  };
}

/** Runs a Lua script by its SHA, sending the source once when the server lacks it (after a restart). */
export async function evalScript(
  send: Send,
  script: Script,
  keys: readonly string[],
  args: readonly string[],
): Promise<unknown> {
  const tail = [String(keys.length), ...keys, ...args];
  try {
    return await send(['EVALSHA', script.sha, ...tail]);
  } catch (error) {
    if (!(error instanceof ErrorReply) || !error.message.startsWith('NOSCRIPT')) throw error;
    return send(['EVAL', script.source, ...tail]);
  }
}
