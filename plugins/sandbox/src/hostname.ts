/** Canonical form of a host name or pattern: trimmed, lowercased, trailing dots dropped. */
export function normalizeHostname(name: string): string {
  return name.trim().replace(/\.+$/, '').toLowerCase();
}

const cache = new Map<string, RegExp>();

/**
 * Whether a host name matches a pattern where `*` is any run of characters (dots included) and `?` is
 * exactly one character; every other character is literal. Case-insensitive; blank patterns never match.
 */
export function hostnameMatches(hostname: string, pattern: string): boolean {
  const p = normalizeHostname(pattern);
  if (p === '') return false;
  let re = cache.get(p);
  if (!re) {
    const body = [...p]
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, 's');
    cache.set(p, re);
  }
  return re.test(normalizeHostname(hostname));
}
