// A process that has been running for a while has finished the work Node
// starts in the background after its first requests (V8 compiling undici's
// llhttp WebAssembly parser with its optimising tier, about 50 ms of CPU
// here). A benchmark of running processes waits for that, or it measures
// the compiler: resolves once the process used no CPU, threads included,
// for two intervals in a row (at most `maxMs`).
const INTERVAL_MS = 100;
const IDLE_CPU_MS = 1;

export async function settled(maxMs = 10_000) {
  const deadline = Date.now() + maxMs;
  let idle = 0;
  while (idle < 2 && Date.now() < deadline) {
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    const used = process.cpuUsage(before);
    idle = (used.user + used.system) / 1000 < IDLE_CPU_MS ? idle + 1 : 0;
  }
}
