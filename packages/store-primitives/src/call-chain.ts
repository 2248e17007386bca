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

/** Options of {@link callChainValue}. */
export interface CallChainValueOptions {
  /** How long the storage stays on after the last run ended. Default 1 s. */
  readonly graceMs?: number;
}

/**
 * A call-chain value over Node's `AsyncLocalStorage`, switched off a while
 * after the last {@link CallChainValue.run} ended. Up to Node 22 an enabled
 * storage installs promise hooks that make every promise in the process
 * about three times slower, for the rest of its life: a process that took
 * one file lock at start-up would pay it on each `tokens()` call and on the
 * application's own promises. While a run is in flight, and for `graceMs`
 * after the last one ends, the storage stays on, so work a finished run left
 * behind (a write nobody awaited) still carries its value, and a lock's
 * write check still refuses it (SPEC H8). Then the storage is disabled, the
 * hooks go with it (unless another library keeps its own storage enabled),
 * and the next run enables it again; what a run left behind that long sees
 * no value, as if it ran outside.
 */
export function callChainValue<T>(options: CallChainValueOptions = {}): CallChainValue<T> {
  const graceMs = options.graceMs ?? 1_000;
  let storage: AsyncLocalStorage<T> | undefined;
  let running = 0;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const switchOff = () => {
    idle = undefined;
    // `disable` stays experimental in Node's docs but is there from Node
    // 13.10 on, on the hook-based and the frame-based storage alike.
    if (running === 0) storage?.disable();
  };
  return {
    get: () => storage?.getStore(),
    async run(value, fn) {
      storage ??= new (process.getBuiltinModule('node:async_hooks').AsyncLocalStorage)<T>();
      clearTimeout(idle);
      idle = undefined;
      running++;
      try {
        return await storage.run(value, fn);
      } finally {
        if (--running === 0) {
          idle = setTimeout(switchOff, graceMs);
          idle.unref?.();
        }
      }
    },
    exit: (fn) => (storage ? storage.exit(fn) : fn()),
  };
}
