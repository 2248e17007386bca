/** Query parameters and fields whose values never reach a log line (SPEC A14). */
const SECRET_NAMES = new Set([
  'state',
  'nonce',
  'code',
  'codechallenge',
  'codeverifier',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'clientsecret',
  'assertion',
  'subjecttoken',
  'password',
  'authorization',
]);

/** Replacement text for redacted values. */
export const REDACTED = '[REDACTED]';

const isSecretName = (name: string) => SECRET_NAMES.has(name.toLowerCase().replace(/[-_]/g, ''));

/**
 * The URL with the values of `state`, `nonce`, `code`, `code_challenge`,
 * `code_verifier` and any token or secret parameter replaced, in the query and
 * in the fragment. Not a URL: returned unchanged.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return String(url);
  }
  if (parsed.username || parsed.password) {
    parsed.username = REDACTED;
    parsed.password = '';
  }
  const scrub = (params: URLSearchParams) => {
    for (const name of new Set(params.keys())) if (isSecretName(name)) params.set(name, REDACTED);
    return params.toString();
  };
  if (parsed.search) parsed.search = scrub(parsed.searchParams);
  if (parsed.hash.includes('=')) parsed.hash = scrub(new URLSearchParams(parsed.hash.slice(1)));
  return parsed.href;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s"'<>]+/g;
const BEARER_PATTERN = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

/** Redacts URLs and `Bearer`/`Basic` credentials inside free text. */
export function redactText(text: string): string {
  return text
    .replace(URL_PATTERN, (url) => redactUrl(url))
    .replace(BEARER_PATTERN, `$1 ${REDACTED}`);
}

/**
 * A deep copy of `value` safe to log: secret-named fields are replaced,
 * strings have URLs and credentials redacted. Cycles are cut.
 */
export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value instanceof URL) return redactUrl(value);
  if (!value || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, seen));
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretName(key) && item != null ? REDACTED : redact(item, seen);
  }
  return out;
}
