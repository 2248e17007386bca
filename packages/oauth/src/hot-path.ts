import type { ServerRecord } from '@mcp-oauth/core';
import type { RuntimeContext } from './context.js';

/** A hot-path decision that needs I/O first: a refresh, an exchange, a renewal. */
export const NEEDS_IO: unique symbol = Symbol('needs I/O');

/** What a strategy's hot path decides from the server's record alone, without I/O. */
export type HotPathDecision<T> = (record: ServerRecord | undefined) => T | typeof NEEDS_IO;

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { then?: unknown }).then === 'function';

/**
 * The token path every strategy runs before each MCP request (SPEC T7), in
 * two halves. `decide` answers from the record alone: tokens, `undefined`
 * for none, or {@link NEEDS_IO}. While the server key is known and the
 * store's cache holds the record, its answer comes back in one settled
 * promise with nothing else awaited; otherwise the record is read first.
 * `slow` runs only on {@link NEEDS_IO}, with the record decided on.
 */
export function hotPath<T>(
  ctx: RuntimeContext,
  decide: HotPathDecision<T>,
  slow: (key: string, record: ServerRecord | undefined) => Promise<T>,
): Promise<T> {
  const key = ctx.serverKeyNow();
  if (key === undefined) return settle(ctx, decide, slow);
  try {
    const found = ctx.recordNow();
    if (isThenable(found)) return settle(ctx, decide, slow, key, found);
    const answer = decide(found);
    return answer === NEEDS_IO ? slow(key, found) : Promise.resolve(answer);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** {@link hotPath} once the key or the record has to be waited for. */
async function settle<T>(
  ctx: RuntimeContext,
  decide: HotPathDecision<T>,
  slow: (key: string, record: ServerRecord | undefined) => Promise<T>,
  known?: string,
  reading?: PromiseLike<ServerRecord | undefined>,
): Promise<T> {
  const key = known ?? (await ctx.serverKey);
  const record = await (reading ?? ctx.recordNow());
  const answer = decide(record);
  return answer === NEEDS_IO ? slow(key, record) : answer;
}
