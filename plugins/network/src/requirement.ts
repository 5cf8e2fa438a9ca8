import {
  expectBoolean,
  expectTable,
  formatValue,
  isTable,
  typeName,
  warnUnknownKeys,
  type Combined,
  type Reporter,
  type Table,
} from '@ratchet/core';
import { parsePattern, patternCovers } from './patterns.js';
import { parseReviewDomains } from './review.js';
import {
  domainMapFromLists,
  keysWith,
  mapOf,
  parseDomainMap,
  parseSocketMap,
  socketMapFromList,
  type DomainDecision,
  type DomainMap,
  type SocketDecision,
  type SocketMap,
} from './rules.js';

/** The requirement flags that pin the user's value of the same name (newest Codex overwrites the user value). */
export const PINS = [
  'enabled',
  'allow_upstream_proxy',
  'dangerously_allow_all_unix_sockets',
  'allow_local_binding',
] as const;
export type PinName = (typeof PINS)[number];

/** What strict layering makes of a flag one layer pins true and another false: nothing satisfies it. */
export const UNSATISFIABLE = 'unsatisfiable';
export type Pin = boolean | typeof UNSATISFIABLE;

/** One `[experimental_network]` table, parsed and normalized (legacy lists already turned into maps). */
export interface NetworkTable {
  readonly enabled?: Pin;
  readonly allow_upstream_proxy?: Pin;
  readonly dangerously_allow_all_unix_sockets?: Pin;
  readonly allow_local_binding?: Pin;
  readonly managed_allowed_domains_only?: boolean;
  readonly danger_full_access_denylist_only?: boolean;
  readonly domains?: DomainMap;
  readonly unix_sockets?: SocketMap;
  /** Hosts an allow entry lets through only after review (an approval prompt); normalized patterns, sorted. */
  readonly review_domains?: readonly string[];
  /**
   * Set when allow entries were written but none survived (a deny for the same pattern, or a strict meet of two
   * allowlists with nothing in common): the managed allowlist exists and allows nothing, so danger-full-access stays
   * pinned to it instead of falling back to the user's list. It has no TOML spelling and is not printed.
   */
  readonly empty_allowlist?: true;
}

/**
 * The network provider's requirement: the whole `[experimental_network]` table is one field, so the highest layer
 * with the table wins all of it (an empty table included) and lower layers' tables are ignored.
 */
export interface NetworkRequirement {
  readonly experimental_network?: NetworkTable;
}

const FIELD = 'experimental_network';
/** Codex 0.171 reads the network requirement from `[network_proxy]` or, by its older name, `[experimental_network]`. */
export const NETWORK_FIELDS = [FIELD, 'network_proxy'] as const;
export type NetworkField = (typeof NETWORK_FIELDS)[number];
const FLAGS = [...PINS, 'managed_allowed_domains_only', 'danger_full_access_denylist_only'] as const;
/** Keys Codex knows that ratchet reads but does not enforce (listener ports and addresses, header injection). */
const NOT_ENFORCED = [
  'http_port',
  'socks_port',
  'dangerously_allow_non_loopback_proxy',
  'header_injections',
  'dangerously_allow_non_loopback_admin',
];
const KNOWN = [
  ...FLAGS,
  'domains',
  'unix_sockets',
  'allowed_domains',
  'denied_domains',
  'allow_unix_sockets',
  'review_domains',
  ...NOT_ENFORCED,
];

/** Drops unset fields and empty maps, so equal requirements compare equal. */
function compact(table: { -readonly [K in keyof NetworkTable]: NetworkTable[K] }): NetworkTable {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(table)) {
    if (value === undefined) continue;
    if (typeof value === 'object' && Object.keys(value).length === 0) continue;
    out[key] = value;
  }
  return out;
}

/** Keys read but not enforced still have Codex's types (ports are u16, the proxy flag a bool): a wrong one stops loading. */
function checkNotEnforced(table: Table, field: NetworkField, report: Reporter): void {
  for (const key of NOT_ENFORCED) {
    const value = table[key];
    if (value === undefined) continue;
    const at = `${field}.${key}`;
    if (
      (key === 'http_port' || key === 'socks_port') &&
      !(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65535)
    ) {
      report({
        severity: 'error',
        kind: 'invalid-value',
        key: at,
        message: `invalid value: expected a port number from 0 to 65535, found ${formatValue(value)}`,
        suggestion: `write ${key} = ${key === 'http_port' ? 3128 : 8081}`,
      });
    } else if (key === 'dangerously_allow_non_loopback_proxy' && typeof value !== 'boolean') {
      expectBoolean(value, at, report);
    } else if (key === 'header_injections' && !(Array.isArray(value) && value.every(isTable))) {
      report({
        severity: 'error',
        kind: 'invalid-type',
        key: at,
        message: `invalid type: expected an array of tables, found ${typeName(value)}`,
        suggestion: `write [[${field}.header_injections]] tables`,
      });
    } else {
      report({ severity: 'info', kind: 'not-enforced', key: at, message: `${at} is read but not enforced by ratchet` });
    }
  }
}

/**
 * Parses one layer's `[experimental_network]`: the canonical maps or the legacy lists (never both for the same
 * thing), the flags, and Codex's other keys (read, not enforced). Unknown keys are warned about and ignored. A
 * table that constrains nothing (empty, or only empty lists and maps) is still a table: it masks lower layers.
 */
export function parseNetworkTable(
  raw: unknown,
  report: Reporter,
  field: NetworkField = FIELD,
): NetworkTable | undefined {
  const table = expectTable(raw, field, report);
  if (!table) return undefined;
  const out: { -readonly [K in keyof NetworkTable]: NetworkTable[K] } = {};
  for (const flag of FLAGS)
    if (table[flag] !== undefined) out[flag] = expectBoolean(table[flag], `${field}.${flag}`, report);
  const legacyDomains = table.allowed_domains !== undefined || table.denied_domains !== undefined;
  if (table.domains !== undefined && legacyDomains) {
    report({
      severity: 'error',
      kind: 'conflict',
      key: `${field}.domains`,
      message: `\`${field}.domains\` cannot be combined with legacy \`allowed_domains\` or \`denied_domains\``,
      suggestion: `move every entry into [${field}.domains] as "<pattern>" = "allow" | "deny"`,
    });
  } else if (table.domains !== undefined) {
    out.domains = parseDomainMap(table.domains, `${field}.domains`, report);
  } else if (legacyDomains) {
    out.domains = domainMapFromLists(table.allowed_domains, table.denied_domains, `${field}.`, report);
  }
  if (table.unix_sockets !== undefined && table.allow_unix_sockets !== undefined) {
    report({
      severity: 'error',
      kind: 'conflict',
      key: `${field}.unix_sockets`,
      message: `\`${field}.unix_sockets\` cannot be combined with legacy \`allow_unix_sockets\``,
      suggestion: `move every entry into [${field}.unix_sockets] as "/path" = "allow" | "none"`,
    });
  } else if (table.unix_sockets !== undefined) {
    out.unix_sockets = parseSocketMap(table.unix_sockets, `${field}.unix_sockets`, report);
  } else if (table.allow_unix_sockets !== undefined) {
    out.unix_sockets = socketMapFromList(table.allow_unix_sockets, `${field}.allow_unix_sockets`, report);
  }
  const wroteAllow =
    (isTable(table.domains) && Object.values(table.domains).includes('allow')) ||
    (Array.isArray(table.allowed_domains) && table.allowed_domains.length > 0);
  if (wroteAllow && out.domains !== undefined && !hasAllow(out.domains)) out.empty_allowlist = true;
  if (table.review_domains !== undefined) {
    const review = parseReviewDomains(table.review_domains, `${field}.review_domains`, report);
    if (review) out.review_domains = review;
  }
  checkNotEnforced(table, field, report);
  warnUnknownKeys(table, KNOWN, `${field}.`, report);
  return compact(out);
}

const hasAllow = (map: Readonly<Record<string, string>> | undefined) => Object.values(map ?? {}).includes('allow');

/** Whether a table writes a managed allowlist (possibly emptied by deny entries). */
export const hasManagedAllowlist = (t: NetworkTable) => hasAllow(t.domains) || t.empty_allowlist === true;

function meetPin(a: Pin | undefined, b: Pin | undefined): Pin | undefined {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  return UNSATISFIABLE;
}

/** Allow patterns of `mine` that some allow pattern of `theirs` covers (each kept pattern matches only hosts both allow). */
function coveredBy(mine: readonly string[], theirs: readonly string[]): string[] {
  const parsed = (p: string) => {
    const r = parsePattern(p);
    return r.ok ? r.pattern : undefined;
  };
  return mine.filter((p) => {
    const inner = parsed(p);
    return (
      inner !== undefined &&
      theirs.some((q) => {
        const outer = parsed(q);
        return outer !== undefined && patternCovers(outer, inner);
      })
    );
  });
}

/**
 * Strict layering: the most restrictive table both allow. Pins must agree (else unsatisfiable);
 * `managed_allowed_domains_only` if either says so; `danger_full_access_denylist_only` only if both do. Deny
 * entries are united; allow entries are those one side allows that the other covers (an allowlist on one side
 * only is kept, as other providers keep a list set on one side only). Socket maps keep `allow` only where both
 * allow; any other entry of either side stays (`deny` over `none`).
 */
export function meet(a: NetworkTable, b: NetworkTable): NetworkTable {
  const out: { -readonly [K in keyof NetworkTable]: NetworkTable[K] } = {};
  for (const pin of PINS) out[pin] = meetPin(a[pin], b[pin]);
  const only = [a.managed_allowed_domains_only, b.managed_allowed_domains_only];
  out.managed_allowed_domains_only = only.includes(true) ? true : only.includes(false) ? false : undefined;
  const relax = [a.danger_full_access_denylist_only, b.danger_full_access_denylist_only];
  out.danger_full_access_denylist_only = relax.every((x) => x === true)
    ? true
    : relax.includes(false)
      ? false
      : undefined;
  const denies = new Set([...keysWith(a.domains, 'deny'), ...keysWith(b.domains, 'deny')]);
  const [allowA, allowB] = [keysWith(a.domains, 'allow'), keysWith(b.domains, 'allow')];
  const allows = !hasManagedAllowlist(a)
    ? allowB
    : !hasManagedAllowlist(b)
      ? allowA
      : [...coveredBy(allowA, allowB), ...coveredBy(allowB, allowA)];
  out.domains = mapOf<DomainDecision>([
    ...allows.filter((p) => !denies.has(p)).map((p) => [p, 'allow'] as const),
    ...[...denies].map((p) => [p, 'deny'] as const),
  ]);
  if ((hasManagedAllowlist(a) || hasManagedAllowlist(b)) && !hasAllow(out.domains)) out.empty_allowlist = true;
  out.review_domains = [...new Set([...(a.review_domains ?? []), ...(b.review_domains ?? [])])].sort();
  if (a.unix_sockets === undefined || b.unix_sockets === undefined) {
    out.unix_sockets = a.unix_sockets ?? b.unix_sockets;
  } else {
    const x = a.unix_sockets;
    const y = b.unix_sockets;
    const paths = [...new Set([...Object.keys(x), ...Object.keys(y)])];
    const decide = (p: string): SocketDecision => {
      if (x[p] === 'allow' && y[p] === 'allow') return 'allow';
      return x[p] === 'deny' || y[p] === 'deny' ? 'deny' : 'none';
    };
    out.unix_sockets = mapOf(paths.map((p) => [p, decide(p)] as const));
  }
  return compact(out);
}

/**
 * Back to requirements.toml: canonical maps and flags (an unsatisfiable pin cannot be written and is left out). A
 * table is printed even when nothing is left in it, so it still masks lower layers.
 */
export function printNetworkTable(t: NetworkTable): Table {
  const out: Record<string, unknown> = {};
  for (const flag of FLAGS) if (typeof t[flag] === 'boolean') out[flag] = t[flag];
  if (t.domains && Object.keys(t.domains).length > 0) out.domains = { ...t.domains };
  if (t.unix_sockets && Object.keys(t.unix_sockets).length > 0) out.unix_sockets = { ...t.unix_sockets };
  if (t.review_domains && t.review_domains.length > 0) out.review_domains = [...t.review_domains];
  return { [FIELD]: out };
}

/** Combined-requirement checks: contradictory pins stop loading; an exclusive allowlist without entries is warned about. */
export function validateNetwork({ value, origins }: Combined<NetworkRequirement>, report: Reporter): void {
  const t = value.experimental_network;
  if (!t) return;
  const by = (origins.experimental_network ?? []).map((s) => s.label).join(', ') || 'the requirements';
  for (const pin of PINS) {
    if (t[pin] !== UNSATISFIABLE) continue;
    report({
      severity: 'error',
      kind: 'conflict',
      key: `${FIELD}.${pin}`,
      message: `\`${FIELD}.${pin}\` is pinned both true and false (by ${by})`,
      suggestion: 'pin it one way in every requirements layer',
    });
  }
  if (t.managed_allowed_domains_only === true && !hasAllow(t.domains)) {
    report({
      severity: 'warning',
      kind: 'invalid-value',
      key: `${FIELD}.managed_allowed_domains_only`,
      message: `managed_allowed_domains_only = true without managed allow entries (set by ${by}): every domain is denied and user allow entries are ignored`,
      suggestion: 'add the hosts users need under [experimental_network.domains] with "allow"',
    });
  }
}
