import type { AsyncLocalStorage } from 'node:async_hooks';

/** A value carried along a call chain, what locks use to list the locks a write runs under. */
export interface CallChainValue<T> {
  /** The value of the current call chain, `undefined` outside every {@link run}. */
  get(): T | undefined;
  /** Runs `fn`, and everything it starts, with `value`. */
  run<R>(value: T, fn: () => Promise<R>): Promise<R>;
  /** Runs `fn`, and everything it starts, without a value. */
  exit<R>(fn: () => R): R;
}

/**
 * A call-chain value over Node's `AsyncLocalStorage`, switched on only while
 * a {@link CallChainValue.run} is in flight. Up to Node 22 an enabled
 * storage installs promise hooks that make every promise in the process
 * about three times slower, for the rest of its life: a process that took
 * one file lock at start-up would pay it on each `tokens()` call and on the
 * application's own promises. After the last run ends the storage is
 * disabled, the hooks go with it (unless another library keeps its own
 * storage enabled), and the next run enables it again. What a finished run
 * left behind (a timer it started) sees no value, as if it ran outside.
 */
export function callChainValue<T>(): CallChainValue<T> {
  let storage: AsyncLocalStorage<T> | undefined;
  let running = 0;
  return {
    get: () => (running === 0 ? undefined : storage?.getStore()),
    async run(value, fn) {
      storage ??= new (process.getBuiltinModule('node:async_hooks').AsyncLocalStorage)<T>();
      running++;
      try {
        return await storage.run(value, fn);
      } finally {
        // `disable` stays experimental in Node's docs but is there from
        // Node 13.10 on, on the hook-based and the frame-based storage alike.
        if (--running === 0) storage.disable();
      }
    },
    exit: (fn) => (storage && running > 0 ? storage.exit(fn) : fn()),
  };
}
