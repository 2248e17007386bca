/** Parameters of a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3, RFC 9728 §5.1). */
export interface WwwAuthenticateParams {
  /** The challenge's scheme, as sent (`Bearer`). */
  scheme?: string;
  /** RFC 9728 §5.1: where the protected-resource metadata lives. */
  resource_metadata?: string;
  /** RFC 6750 §3: the scope the request needs (step-up, SPEC S1). */
  scope?: string;
  /** RFC 6750 §3.1: `invalid_token`, `insufficient_scope`, ... */
  error?: string;
  error_description?: string;
  realm?: string;
  [param: string]: string | undefined;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

/**
 * Parses a `WWW-Authenticate` header (RFC 9110 §11.6.1) and returns the
 * parameters of its `Bearer` challenge (else of the first challenge).
 * Quoted and unquoted values are both accepted; parameter names are
 * lower-cased. Never throws: a malformed tail is ignored.
 */
export function parseWwwAuthenticate(header: string | null | undefined): WwwAuthenticateParams {
  const challenges: WwwAuthenticateParams[] = [];
  let rest = (header ?? '').trim();
  let current: WwwAuthenticateParams | undefined;
  while (rest.length > 0) {
    rest = rest.replace(/^[\s,]+/, '');
    const name = TOKEN.exec(rest)?.[0];
    if (!name) break;
    const after = rest.slice(name.length).replace(/^\s+/, '');
    if (after.startsWith('=') && current) {
      // auth-param: name = token / quoted-string
      let value: string;
      let tail = after.slice(1).replace(/^\s+/, '');
      if (tail.startsWith('"')) {
        value = '';
        let i = 1;
        for (; i < tail.length && tail[i] !== '"'; i++) {
          if (tail[i] === '\\' && i + 1 < tail.length) i++;
          value += tail[i];
        }
        tail = tail.slice(i + 1);
      } else {
        value = /^[^\s,]*/.exec(tail)?.[0] ?? '';
        tail = tail.slice(value.length);
      }
      const key = name.toLowerCase();
      if (current[key] === undefined) current[key] = value;
      rest = tail;
    } else if (after.startsWith('=')) {
      break;
    } else {
      // A new challenge: its scheme, then its auth-params.
      current = { scheme: name };
      challenges.push(current);
      rest = after;
    }
  }
  return challenges.find((c) => c.scheme?.toLowerCase() === 'bearer') ?? challenges[0] ?? {};
}
