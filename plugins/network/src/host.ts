import { domainToASCII } from 'node:url';

/** What a normalized host is: a DNS name (possibly a glob, in patterns), an IPv4 or an IPv6 literal. */
export type HostKind = 'domain' | 'ipv4' | 'ipv6';

/** A host after normalization, with the port written after it (if any). */
export interface NormalizedHost {
  readonly host: string;
  readonly kind: HostKind;
  readonly port?: number;
}

export type HostResult =
  { readonly ok: true; readonly value: NormalizedHost } | { readonly ok: false; readonly reason: string };

/**
 * Characters that never belong in a host name. They are rejected before the WHATWG host parser runs, because that
 * parser treats `?`, `#`, `/`, `@` and `\` as URL delimiters and would silently cut the name there
 * (`evil.com@good.com`, `good.com?.evil.com`).
 */
// eslint-disable-next-line no-control-regex -- control characters are among what this refuses.
const FORBIDDEN = /[\u0000-\u0020\u007f#%/:<>?@[\\\]^|"'`{}]/u;
const SCOPE = /^[a-z0-9_.~-]+$/;

const fail = (reason: string): HostResult => ({ ok: false, reason });

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** An IPv6 literal (no brackets, optional `%scope` or `%25scope`) in canonical compressed form, or undefined. */
function canonicalIpv6(text: string): string | undefined {
  const percent = text.indexOf('%');
  const address = percent < 0 ? text : text.slice(0, percent);
  let scope = percent < 0 ? undefined : text.slice(percent + 1);
  // `%25` is the URL-encoded `%` (RFC 6874); both spellings keep the scope as `%scope`.
  if (scope !== undefined && scope.startsWith('25') && scope.length > 2) scope = scope.slice(2);
  if (scope !== undefined && !SCOPE.test(scope)) return undefined;
  if (!/^[0-9a-f:.]+$/.test(address)) return undefined;
  let canonical: string;
  try {
    canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  return scope === undefined ? canonical : `${canonical}%${scope}`;
}

/**
 * Normalizes a host as the Codex network proxy does, plus what a name can hide: trim; a bracketed IPv6 literal
 * loses its brackets (and a `:port` after them); with exactly one `:` the `:port` is stripped; lowercase;
 * trailing dots removed; a scoped IPv6 keeps its scope as `%scope`. Beyond Codex: IDN names become punycode
 * (`domainToASCII`), IPv4 literals in decimal, hex, octal or shortened form become dotted decimal, IPv6 literals
 * become canonical. Host names only: a URL, userinfo (`a@b`), a path or a query is an error, never cut short.
 * `glob` accepts `*` in labels (for patterns).
 */
export function normalizeHost(raw: string, options: { readonly glob?: boolean } = {}): HostResult {
  let text = raw.trim();
  if (text === '') return fail('the host is empty');
  let port: number | undefined;
  let bracketed = false;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) return fail('an opening [ has no closing ]');
    const rest = text.slice(end + 1);
    if (rest !== '') {
      port = rest.startsWith(':') ? parsePort(rest.slice(1)) : undefined;
      if (port === undefined) return fail(`"${rest}" after the bracketed address is not a :port`);
    }
    text = text.slice(1, end);
    bracketed = true;
  } else {
    const colons = text.split(':').length - 1;
    if (colons === 1) {
      const at = text.indexOf(':');
      port = parsePort(text.slice(at + 1));
      if (port === undefined) return fail(`"${text.slice(at + 1)}" is not a port (1-65535)`);
      text = text.slice(0, at);
    }
  }
  text = text.toLowerCase();
  if (bracketed || text.includes(':')) {
    const v6 = canonicalIpv6(text);
    if (v6 === undefined) return fail(`"${text}" is not an IPv6 address`);
    return { ok: true, value: { host: v6, kind: 'ipv6', ...(port !== undefined && { port }) } };
  }
  text = text.replace(/\.+$/, '');
  if (text === '') return fail('the host is empty');
  if (FORBIDDEN.test(text))
    return fail(
      'a host name cannot contain spaces, control characters or any of # % / : < > ? @ [ \\ ] ^ | " \' ` { }',
    );
  if (!options.glob && text.includes('*')) return fail('a host cannot contain *');
  // A `*` must survive the IDN mapping unchanged, so glob labels must already be ASCII.
  if (text.includes('*') && /[^\p{ASCII}]/u.test(text))
    return fail('a pattern with * must be ASCII (write the punycode form)');
  const ascii = domainToASCII(text).replace(/\.+$/, '');
  if (ascii === '') return fail(`"${text}" is not a valid host name`);
  const kind: HostKind = /^\d+\.\d+\.\d+\.\d+$/.test(ascii) ? 'ipv4' : 'domain';
  return { ok: true, value: { host: ascii, kind, ...(port !== undefined && { port }) } };
}

/** The four octets of a dotted-decimal IPv4 address. */
function octets(host: string): number[] {
  return host.split('.').map(Number);
}

/** Whether a dotted-decimal IPv4 address is loopback, private or otherwise not public (network-domains.md). */
export function isNonPublicIpv4(host: string): boolean {
  const [a = 0, b = 0, c = 0] = octets(host);
  return (
    a === 0 || // 0.0.0.0/8, including the unspecified address
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // CGNAT 100.64/10
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) || // 192.0.0/24, TEST-NET-1 192.0.2/24
    (a === 198 && (b === 18 || b === 19)) || // benchmarking 198.18/15
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113) ||
    a >= 224 // multicast 224/4, reserved 240/4, broadcast
  );
}

/** The eight 16-bit groups of a canonical IPv6 address (without scope). */
function groups(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  if (tail === undefined) return parse(head);
  const left = parse(head);
  const right = parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The IPv4 address an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) carries, if it is one. */
export function mappedIpv4(host: string): string | undefined {
  const g = groups(host.split('%')[0]!);
  if (g.length !== 8 || g.slice(0, 5).some((x) => x !== 0) || g[5] !== 0xffff) return undefined;
  return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join('.');
}

/** Whether a canonical IPv6 address is loopback, unspecified, multicast, unique-local, link-local, or a mapped non-public IPv4. */
export function isNonPublicIpv6(host: string): boolean {
  const v4 = mappedIpv4(host);
  if (v4 !== undefined) return isNonPublicIpv4(v4);
  const g = groups(host.split('%')[0]!);
  const first = g[0] ?? 0;
  const zeroUpTo7 = g.slice(0, 7).every((x) => x === 0);
  return (
    (zeroUpTo7 && (g[7] === 0 || g[7] === 1)) || // :: and ::1
    (first & 0xff00) === 0xff00 ||
    (first & 0xfe00) === 0xfc00 ||
    (first & 0xffc0) === 0xfe80
  );
}

/** Whether a normalized host is a local or private destination: `localhost` or a non-public IP literal. */
export function isLocalHost(host: NormalizedHost): boolean {
  if (host.kind === 'ipv4') return isNonPublicIpv4(host.host);
  if (host.kind === 'ipv6') return isNonPublicIpv6(host.host);
  return host.host === 'localhost';
}
