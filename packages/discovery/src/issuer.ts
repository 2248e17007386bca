/**
 * Issuer comparison for RFC 8414 §3.3 (the `issuer` must be identical to the
 * URL the metadata was requested for). One trailing slash is ignored on both
 * sides, because protected-resource metadata in the wild lists
 * `https://as.example.com/` for an issuer `https://as.example.com`; nothing
 * else is normalised.
 */
export function sameIssuer(a: string, b: string): boolean {
  const strip = (s: string) => (s.endsWith('/') ? s.slice(0, -1) : s);
  return strip(a) === strip(b);
}
