/**
 * Node's crypto module, loaded at first use: importing a store does not load
 * crypto and the stream modules it pulls in (several milliseconds of a cold
 * start), and a process that never touches its credentials never pays them.
 */
export const nodeCrypto = (): typeof import('node:crypto') =>
  process.getBuiltinModule('node:crypto');
