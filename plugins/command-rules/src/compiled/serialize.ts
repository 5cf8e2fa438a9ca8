import { DECISIONS, REVIEWERS, type Decision, type PatternToken, type PrefixRule } from '../rules/model.js';
import type { NetworkProtocol, NetworkRule } from '../starlark/network.js';
import type { UserRules } from '../starlark/rules-file.js';

/** The format's name; a change in what it holds changes the name. */
export const RULES_FORMAT = 'ratchet-rules/1';

const PROTOCOLS: readonly NetworkProtocol[] = ['http', 'https', 'socks5_tcp', 'socks5_udp'];

type Row = [
  program: string,
  rest: PatternToken[],
  decision: number,
  justification: string | null,
  file: number,
  at: string,
  requirements: 0 | 1,
  reviewer: string | null,
];
type NetRow = [
  host: string,
  protocol: string,
  decision: number,
  justification: string | null,
  file: number,
  at: string,
];

interface Encoded {
  readonly format: string;
  readonly files: string[];
  readonly rules: Row[];
  readonly hostExecutables: [string, string[]][];
  readonly networkRules: NetRow[];
}

/**
 * Rules (requirements and user rules alike) with the user's `host_executable` and `network_rule` entries, as compact
 * JSON (origins' file names listed once), for a compiled-rules cache: `decodeRules` gives back equal rules.
 */
export function encodeRules(user: UserRules): string {
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const fileOf = (file: string) => {
    let i = fileIndex.get(file);
    if (i === undefined) fileIndex.set(file, (i = files.push(file) - 1));
    return i;
  };
  const rules = user.rules.map((r): Row => [
    r.program,
    r.rest as PatternToken[],
    DECISIONS.indexOf(r.decision),
    r.justification ?? null,
    fileOf(r.origin.file),
    r.origin.at,
    r.origin.kind === 'requirements' ? 1 : 0,
    r.reviewer ?? null,
  ]);
  const networkRules = (user.networkRules ?? []).map((r): NetRow => [
    r.host,
    r.protocol,
    DECISIONS.indexOf(r.decision),
    r.justification ?? null,
    fileOf(r.origin.file),
    r.origin.at,
  ]);
  const encoded: Encoded = {
    format: RULES_FORMAT,
    files,
    rules,
    hostExecutables: [...user.hostExecutables].map(([name, paths]) => [name, [...paths]]),
    networkRules,
  };
  return JSON.stringify(encoded);
}

/** Not what `encodeUserRules` writes. */
class Malformed extends Error {}

const isString = (v: unknown): v is string => typeof v === 'string';
const strings = (v: unknown): string[] => {
  if (!Array.isArray(v) || !v.every(isString)) throw new Malformed();
  return v;
};
const decision = (v: unknown): Decision => {
  const d = typeof v === 'number' ? DECISIONS[v] : undefined;
  if (d === undefined) throw new Malformed();
  return d;
};
/** A row's fields checked for their types (the rest are checked by the caller); its origin's file. */
function rowFile(v: unknown, files: readonly string[], length: number): string {
  if (!Array.isArray(v) || v.length !== length || !isString(v[0]) || !isString(v[5])) throw new Malformed();
  if (v[3] !== null && !isString(v[3])) throw new Malformed();
  const file = typeof v[4] === 'number' ? files[v[4]] : undefined;
  if (file === undefined) throw new Malformed();
  return file;
}

/** One rule from its row (plain loops and one object per rule and origin: a cache entry holds thousands). */
function ruleOf(r: unknown[], file: string): PrefixRule {
  const rest = r[1];
  if (!Array.isArray(rest)) throw new Malformed();
  for (const t of rest) if (!isString(t) && strings(t).length < 2) throw new Malformed();
  if (r[6] !== 0 && r[6] !== 1) throw new Malformed();
  const reviewer = r[7] === null ? undefined : REVIEWERS.find((x) => x === r[7]);
  if (r[7] !== null && reviewer === undefined) throw new Malformed();
  const rule: { -readonly [K in keyof PrefixRule]: PrefixRule[K] } = {
    program: r[0] as string,
    rest: rest as PatternToken[],
    decision: decision(r[2]),
    origin: { kind: r[6] === 1 ? 'requirements' : 'user', file, at: r[5] as string },
  };
  if (r[3] !== null) rule.justification = r[3] as string;
  if (reviewer !== undefined) rule.reviewer = reviewer;
  return rule;
}

/**
 * The rules `text` holds, checked field by field; undefined for anything `encodeRules` would not have written
 * (another format, a wrong type, a missing field), so a damaged cache entry is never trusted.
 */
export function decodeRules(text: string): UserRules | undefined {
  try {
    const raw = JSON.parse(text) as Partial<Record<keyof Encoded, unknown>>;
    if (typeof raw !== 'object' || raw === null || raw.format !== RULES_FORMAT) return undefined;
    const files = strings(raw.files);
    if (!Array.isArray(raw.rules) || !Array.isArray(raw.networkRules) || !Array.isArray(raw.hostExecutables))
      return undefined;
    const rules: PrefixRule[] = [];
    for (const v of raw.rules as unknown[]) rules.push(ruleOf(v as unknown[], rowFile(v, files, 8)));
    const networkRules: NetworkRule[] = raw.networkRules.map((v: unknown) => {
      const file = rowFile(v, files, 6);
      const r = v as unknown[];
      const protocol = PROTOCOLS.find((p) => p === r[1]);
      if (protocol === undefined) throw new Malformed();
      const justification = r[3] as string | null;
      const common = { host: r[0] as string, protocol, decision: decision(r[2]) };
      const origin = { kind: 'user', file, at: r[5] as string } as const;
      return justification === null ? { ...common, origin } : { ...common, justification, origin };
    });
    const hostExecutables = new Map<string, readonly string[]>();
    for (const entry of raw.hostExecutables as unknown[]) {
      if (!Array.isArray(entry) || entry.length !== 2 || !isString(entry[0])) return undefined;
      hostExecutables.set(entry[0], strings(entry[1]));
    }
    return { rules, hostExecutables, networkRules };
  } catch (error) {
    if (error instanceof Malformed || error instanceof SyntaxError) return undefined;
    throw error;
  }
}
