/**
 * Node's crypto module, loaded at first use: importing the strategy does not
 * load crypto and the stream modules it pulls in, and a process that only
 * refreshes loads it when it first needs a hash.
 */
export const nodeCrypto = (): typeof import('node:crypto') =>
  process.getBuiltinModule('node:crypto');
