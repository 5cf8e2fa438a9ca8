import { posix } from 'node:path';
import { abbreviate, expectEnum, expectStringList, expectTable, type Reporter } from '@ratchet/core';
import { parsePattern } from './patterns.js';

export const DOMAIN_DECISIONS = ['allow', 'deny'] as const;
/** `none` grants nothing; `deny` (newest Codex spelling) also refuses a socket that `dangerously_allow_all_unix_sockets` would allow. */
export const SOCKET_DECISIONS = ['allow', 'none', 'deny'] as const;

export type DomainDecision = (typeof DOMAIN_DECISIONS)[number];
export type SocketDecision = (typeof SOCKET_DECISIONS)[number];

/** Domain rules by normalized pattern (`"*.example.com" = "allow"`). */
export type DomainMap = Readonly<Record<string, DomainDecision>>;
/** Unix socket rules by normalized absolute path. */
export type SocketMap = Readonly<Record<string, SocketDecision>>;

/** Builds a map from entries without ever touching `Object.prototype` (a key may be `__proto__`). */
export function mapOf<T>(entries: Iterable<readonly [string, T]>): Readonly<Record<string, T>> {
  return Object.fromEntries(entries);
}

/** The entries of a map with a given decision, sorted. */
export function keysWith<T extends string>(map: Readonly<Record<string, T>> | undefined, decision: T): string[] {
  return Object.entries(map ?? {})
    .filter(([, d]) => d === decision)
    .map(([k]) => k)
    .sort();
}

const quoted = (key: string, entry: string) => `${key}.${JSON.stringify(abbreviate(entry))}`;

/** The stricter of two decisions for the same pattern written twice in one table (`Example.com` and `example.com`). */
const stricterDomain = (a: DomainDecision | undefined, b: DomainDecision): DomainDecision =>
  a === 'deny' || b === 'deny' ? 'deny' : 'allow';
const SOCKET_RANK: Readonly<Record<SocketDecision, number>> = { allow: 0, none: 1, deny: 2 };
const stricterSocket = (a: SocketDecision | undefined, b: SocketDecision): SocketDecision =>
  a !== undefined && SOCKET_RANK[a] > SOCKET_RANK[b] ? a : b;

/**
 * Normalizes one domain pattern for a list; reports an invalid pattern, and the global wildcard in a deny list
 * (Codex refuses it there: it would deny everything). Returns the normalized pattern.
 */
export function checkPattern(raw: string, decision: DomainDecision, key: string, report: Reporter): string | undefined {
  const parsed = parsePattern(raw);
  if (!parsed.ok) {
    report({
      severity: 'error',
      kind: 'invalid-value',
      key,
      message: `invalid domain pattern "${abbreviate(raw)}": ${parsed.reason}`,
      suggestion:
        'write a host (example.com), a subdomain wildcard (*.example.com) or an apex-and-subdomains wildcard (**.example.com)',
    });
    return undefined;
  }
  if (decision === 'deny' && parsed.pattern.kind === 'any') {
    report({
      severity: 'error',
      kind: 'invalid-value',
      key,
      message: 'the global wildcard "*" is not allowed in a deny list: it would block every host',
      suggestion: 'deny exact hosts or scoped wildcards instead (blocked.example.com, *.example.com, **.example.com)',
    });
    return undefined;
  }
  return parsed.pattern.text;
}

/** Parses a `[...domains]` table: normalized patterns to `allow` or `deny` (deny wins when two spellings collide). */
export function parseDomainMap(raw: unknown, key: string, report: Reporter): DomainMap | undefined {
  const table = expectTable(raw, key, report);
  if (!table) return undefined;
  const out = new Map<string, DomainDecision>();
  let failed = false;
  for (const [pattern, value] of Object.entries(table)) {
    const at = quoted(key, pattern);
    const decision = expectEnum(value, at, report, DOMAIN_DECISIONS);
    const normalized = decision && checkPattern(pattern, decision, at, report);
    if (decision === undefined || normalized === undefined) failed = true;
    else out.set(normalized, stricterDomain(out.get(normalized), decision));
  }
  return failed ? undefined : mapOf(out);
}

/** Normalizes an absolute unix socket path (`..` and repeated or trailing slashes resolved); undefined when relative or empty. */
export function normalizeSocketPath(raw: string): string | undefined {
  if (!raw.startsWith('/') || raw.includes('\0')) return undefined;
  const path = posix.normalize(raw);
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function checkSocket(raw: string, key: string, report: Reporter): string | undefined {
  const path = normalizeSocketPath(raw);
  if (path === undefined) {
    report({
      severity: 'error',
      kind: 'invalid-value',
      key,
      message: `unix socket path "${abbreviate(raw)}" is not absolute`,
      suggestion: 'write the socket as an absolute path (/var/run/docker.sock)',
    });
  }
  return path;
}

/** Parses a `[...unix_sockets]` table: absolute paths to `allow`, `none` or `deny`. */
export function parseSocketMap(raw: unknown, key: string, report: Reporter): SocketMap | undefined {
  const table = expectTable(raw, key, report);
  if (!table) return undefined;
  const out = new Map<string, SocketDecision>();
  let failed = false;
  for (const [path, value] of Object.entries(table)) {
    const at = quoted(key, path);
    const decision = expectEnum(value, at, report, SOCKET_DECISIONS);
    const normalized = checkSocket(path, at, report);
    if (decision === undefined || normalized === undefined) failed = true;
    else out.set(normalized, stricterSocket(out.get(normalized), decision));
  }
  return failed ? undefined : mapOf(out);
}

/**
 * Legacy `allowed_domains` / `denied_domains` lists as a map: allow entries first, then deny entries over them,
 * so a pattern in both lists ends up `deny`. Both lists empty means unset.
 */
export function domainMapFromLists(
  allowed: unknown,
  denied: unknown,
  prefix: string,
  report: Reporter,
): DomainMap | undefined {
  const out = new Map<string, DomainDecision>();
  let failed = false;
  for (const [raw, decision, name] of [
    [allowed, 'allow', 'allowed_domains'],
    [denied, 'deny', 'denied_domains'],
  ] as const) {
    if (raw === undefined) continue;
    const list = expectStringList(raw, `${prefix}${name}`, report);
    if (!list) failed = true;
    list?.forEach((pattern, i) => {
      const normalized = checkPattern(pattern, decision, `${prefix}${name}[${i}]`, report);
      if (normalized === undefined) failed = true;
      else out.set(normalized, stricterDomain(out.get(normalized), decision));
    });
  }
  return failed || out.size === 0 ? undefined : mapOf(out);
}

/** A legacy `allow_unix_sockets` list as a map of `allow` entries; an empty list means unset. */
export function socketMapFromList(raw: unknown, key: string, report: Reporter): SocketMap | undefined {
  const list = expectStringList(raw, key, report);
  if (!list) return undefined;
  const paths = list.map((path, i) => checkSocket(path, `${key}[${i}]`, report));
  if (paths.some((p) => p === undefined) || paths.length === 0) return undefined;
  return mapOf(paths.map((p) => [p!, 'allow' as const]));
}
