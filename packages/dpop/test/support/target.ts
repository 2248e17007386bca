import {
  type Clock,
  type DPoPTarget,
  type Logger,
  type Store,
  serverKey,
  serverRecords,
} from '@mcp-oauth/core';
import { memoryStore } from '@mcp-oauth/store-memory';
import { type decodeProtectedHeader, EmbeddedJWK, type JWTPayload, jwtVerify } from 'jose';

export const SERVER = { name: 'docs', type: 'streamable-http', url: 'https://mcp.example.com/mcp' };

/** A clock that stands still unless moved. */
export function manualClock(start = Date.UTC(2026, 11, 2, 12)): Clock & {
  advance(ms: number): void;
} {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** Every line a logger was given, arguments included, as text. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push(`${level} ${args.map((a) => JSON.stringify(a) ?? String(a)).join(' ')}`);
  return { debug: log('debug'), warn: log('warn'), lines };
}

/** What `createStrategyContext` gives a prover: one server's records over `store`. */
export function target(
  store: Store = memoryStore(),
  options: { name?: string; clock?: Clock; logger?: Logger } = {},
): DPoPTarget & { store: Store } {
  return {
    store,
    serverKey: serverKey({ ...SERVER, name: options.name ?? SERVER.name }),
    records: serverRecords(store),
    clock: options.clock ?? manualClock(),
    logger: options.logger ?? recordingLogger(),
  };
}

/** Verifies a proof against the key in its own header, as a server does (RFC 9449 §4.3). */
export async function verifyProof(
  proof: string,
  clock?: Clock,
): Promise<{ header: ReturnType<typeof decodeProtectedHeader>; claims: JWTPayload }> {
  const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, {
    typ: 'dpop+jwt',
    ...(clock ? { currentDate: new Date(clock.now()) } : {}),
  });
  return { header: protectedHeader, claims: payload };
}
