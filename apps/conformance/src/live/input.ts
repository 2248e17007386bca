import { createInterface } from 'node:readline';

/** Lines typed (or piped) by the user, shared by every login of a run. */
export interface LineSource {
  /** A fresh iterator for one login's manual paste (SPEC A5). */
  lines(): AsyncIterable<string>;
  close(): void;
}

/**
 * Reads lines once and hands each to the newest reader: a login that ended
 * through the loopback callback leaves its reader waiting, and the next
 * login's paste must not be swallowed by it.
 */
export function lineSource(input: NodeJS.ReadableStream): LineSource {
  const rl = createInterface({ input, terminal: false });
  const buffered: string[] = [];
  const waiters: Array<(line: string | undefined) => void> = [];
  let closed = false;
  rl.on('line', (line) => {
    const waiter = waiters.pop();
    if (waiter) waiter(line);
    else buffered.push(line);
  });
  rl.on('close', () => {
    closed = true;
    for (const waiter of waiters.splice(0)) waiter(undefined);
  });
  return {
    async *lines() {
      for (;;) {
        const line =
          buffered.shift() ??
          (closed ? undefined : await new Promise<string | undefined>((r) => waiters.push(r)));
        if (line === undefined) return;
        yield line;
      }
    },
    close: () => rl.close(),
  };
}
