/** A part of a namespace: letters, digits, `.`, `_` and `-`, so two parts never run together. */
const PART = /^[A-Za-z0-9._-]{1,100}$/;

/** Every Redis name the store uses, derived from one prefix. */
export interface Names {
  /** `mcp-oauth:<app>:<tenant or ~>:`; every key and channel starts with it. */
  readonly prefix: string;
  /** The hash holding `key`'s record (`d` data, `n` version). */
  record(key: string): string;
  /** The set of every stored key, for `keys()`. */
  readonly index: string;
  /** The namespace's version counter: every write takes the next number. */
  readonly seq: string;
  /** The lock called `name`. */
  lock(name: string): string;
  /** Pub/sub channel of `<version> <key>` messages, one per write. */
  readonly invalidations: string;
  /** Pub/sub channel of released lock keys. */
  readonly releases: string;
}

function checkPart(option: string, value: unknown): string {
  if (typeof value !== 'string' || !PART.test(value)) {
    throw new TypeError(
      `redisStore() ${option} must be 1 to 100 letters, digits, ".", "_" or "-"; got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * The names of one application's (and tenant's) records, locks and channels
 * (SPEC DS3). Parts cannot hold `:`, and "no tenant" is `~`, which no tenant
 * can be: two namespaces never share a name.
 */
export function namesFor(appName: unknown = 'mcp-oauth', tenant?: unknown): Names {
  const app = checkPart('appName', appName);
  const ten = tenant === undefined ? '~' : checkPart('tenant', tenant);
  const prefix = `mcp-oauth:${app}:${ten}:`;
  return {
    prefix,
    record: (key) => `${prefix}r:${key}`,
    index: `${prefix}keys`,
    seq: `${prefix}seq`,
    lock: (name) => `${prefix}l:${name}`,
    invalidations: `${prefix}written`,
    releases: `${prefix}released`,
  };
}
