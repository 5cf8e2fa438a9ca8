import { normalizeHost, type NormalizedHost } from './host.js';

/**
 * A domain pattern (network-domains.md): `*` every host; `*.d` any subdomain of `d`, not `d` itself; `**.d` `d` and
 * every subdomain; anything else one host. A `*` inside a label is a glob that never crosses a dot.
 */
export type PatternKind = 'any' | 'exact' | 'subdomains' | 'apex-and-subdomains';

export interface DomainPattern {
  /** The normalized pattern as written in maps and lists (`*.example.com`). */
  readonly text: string;
  readonly kind: PatternKind;
  /** The normalized domain after the prefix (`example.com`); empty for `*`. */
  readonly domain: string;
  /** Whether `domain` holds a mid-label `*`. */
  readonly glob: boolean;
  /** For an exact pattern: whether it names an IP literal. */
  readonly literal: boolean;
}

export type PatternResult =
  { readonly ok: true; readonly pattern: DomainPattern } | { readonly ok: false; readonly reason: string };

const cache = new Map<string, PatternResult>();

function parse(raw: string): PatternResult {
  const text = raw.trim();
  if (text === '*') return { ok: true, pattern: { text: '*', kind: 'any', domain: '', glob: false, literal: false } };
  const prefix = text.startsWith('**.') ? '**.' : text.startsWith('*.') ? '*.' : '';
  const kind: PatternKind = prefix === '**.' ? 'apex-and-subdomains' : prefix === '*.' ? 'subdomains' : 'exact';
  const host = normalizeHost(text.slice(prefix.length), { glob: true });
  if (!host.ok) return { ok: false, reason: host.reason };
  const { host: domain, kind: hostKind } = host.value;
  if (prefix !== '' && hostKind !== 'domain')
    return { ok: false, reason: `${prefix} needs a domain name after it, not an IP address` };
  return {
    ok: true,
    pattern: { text: `${prefix}${domain}`, kind, domain, glob: domain.includes('*'), literal: hostKind !== 'domain' },
  };
}

/** Parses and normalizes a pattern (each part normalized like a host); results are memoized. */
export function parsePattern(raw: string): PatternResult {
  let result = cache.get(raw);
  if (!result) {
    result = parse(raw);
    if (cache.size > 10_000) cache.clear();
    cache.set(raw, result);
  }
  return result;
}

/** The normalized spelling of a pattern, or undefined when it is not one. */
export function normalizePattern(raw: string): string | undefined {
  const parsed = parsePattern(raw);
  return parsed.ok ? parsed.pattern.text : undefined;
}

const globs = new Map<string, RegExp>();

/** A regular expression for a domain whose labels may hold `*` globs that never cross a dot. */
function domainRegex(domain: string, subdomains: 'none' | 'strict' | 'or-apex'): RegExp {
  const key = `${subdomains}|${domain}`;
  let regex = globs.get(key);
  if (!regex) {
    const body = domain
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^.]*');
    const head = subdomains === 'none' ? '' : subdomains === 'strict' ? '.+\\.' : '(?:.+\\.)?';
    regex = new RegExp(`^${head}${body}$`);
    if (globs.size > 10_000) globs.clear();
    globs.set(key, regex);
  }
  return regex;
}

const isUnder = (child: string, parent: string) => child.endsWith(`.${parent}`) && child.length > parent.length + 1;

/** Whether a pattern matches a normalized host. Prefixed patterns match domain names only, never IP literals. */
export function patternMatches(pattern: DomainPattern, host: NormalizedHost): boolean {
  switch (pattern.kind) {
    case 'any':
      return true;
    case 'exact':
      return pattern.glob
        ? host.kind !== 'ipv6' && domainRegex(pattern.domain, 'none').test(host.host)
        : host.host === pattern.domain;
    case 'subdomains':
      if (host.kind !== 'domain') return false;
      return pattern.glob ? domainRegex(pattern.domain, 'strict').test(host.host) : isUnder(host.host, pattern.domain);
    case 'apex-and-subdomains':
      if (host.kind !== 'domain') return false;
      return pattern.glob
        ? domainRegex(pattern.domain, 'or-apex').test(host.host)
        : host.host === pattern.domain || isUnder(host.host, pattern.domain);
  }
}

/**
 * Whether every host `inner` matches is matched by `outer` (Codex's `DomainPattern::allows`, used to compare two
 * requirements). Conservative with globs: a glob pattern covers only itself and the literal hosts it matches.
 */
export function patternCovers(outer: DomainPattern, inner: DomainPattern): boolean {
  if (outer.kind === 'any') return true;
  if (outer.text === inner.text) return true;
  if (inner.kind === 'any') return false;
  if (outer.glob) {
    return (
      inner.kind === 'exact' &&
      !inner.glob &&
      patternMatches(outer, { host: inner.domain, kind: inner.literal ? 'ipv4' : 'domain' })
    );
  }
  const d = outer.domain;
  const c = inner.domain;
  const equalOrUnder = c === d || isUnder(c, d);
  switch (outer.kind) {
    case 'exact':
      return false;
    case 'subdomains':
      // `*.d` covers exact strict subdomains of d, `*.x` for x equal to or under d, and `**.x` for x strictly under d.
      return inner.kind === 'subdomains' ? equalOrUnder : isUnder(c, d) && !inner.literal;
    case 'apex-and-subdomains':
      return equalOrUnder && !inner.literal;
  }
}
