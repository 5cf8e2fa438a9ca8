import { DECISIONS, REVIEWERS, type Decision, type PatternToken, type PrefixRule } from '../rules/model.js';
import type { ProgramRules } from '../rules/index.js';
import type { NetworkProtocol, NetworkRule } from '../starlark/network.js';
import type { UserRules } from '../starlark/rules-file.js';

/** The format's name; a change in what it holds changes the name. */
export const RULES_FORMAT = 'ratchet-rules/2';

const PROTOCOLS: readonly NetworkProtocol[] = ['http', 'https', 'socks5_tcp', 'socks5_udp'];
const KINDS = ['user', 'requirements'] as const;
type Kind = (typeof KINDS)[number];

/** One rule of a group (the group gives its program and kind). */
type Row = [
  rest: PatternToken[],
  decision: number,
  justification: string | null,
  file: number,
  at: string,
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
/** One program's rules of one kind: where their rows are in the body (UTF-8 byte offsets), and how many. */
type Group = [kind: 0 | 1, program: string, start: number, end: number, count: number];

interface Header {
  readonly format: string;
  readonly files: string[];
  readonly groups: Group[];
  readonly hostExecutables: [string, string[]][];
  readonly networkRules: NetRow[];
}

/**
 * Rules (requirements and user rules alike) with the user's `host_executable` and `network_rule` entries, as compact
 * JSON for a compiled-rules cache: a header line (origins' file names listed once, and where each program's rules
 * are), then each program's rules as one JSON array, so that a reader decodes only the programs a command names.
 * `decodeRules` gives back equal rules, grouped by kind and program (each program's rules in their order).
 */
export function encodeRules(user: UserRules): string {
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const fileOf = (file: string) => {
    let i = fileIndex.get(file);
    if (i === undefined) fileIndex.set(file, (i = files.push(file) - 1));
    return i;
  };
  const grouped = new Map<string, { kind: 0 | 1; program: string; rows: Row[] }>();
  for (const r of user.rules) {
    const kind = r.origin.kind === 'requirements' ? 1 : 0;
    const id = `${kind}\0${r.program}`;
    let group = grouped.get(id);
    if (!group) grouped.set(id, (group = { kind, program: r.program, rows: [] }));
    const row: Row = [
      r.rest as PatternToken[],
      DECISIONS.indexOf(r.decision),
      r.justification ?? null,
      fileOf(r.origin.file),
      r.origin.at,
      r.reviewer ?? null,
    ];
    group.rows.push(row);
  }
  const groups: Group[] = [];
  const body: string[] = [];
  let end = 0;
  for (const { kind, program, rows } of grouped.values()) {
    const json = JSON.stringify(rows);
    const start = end;
    end += Buffer.byteLength(json);
    body.push(json);
    groups.push([kind, program, start, end, rows.length]);
  }
  const networkRules = (user.networkRules ?? []).map((r): NetRow => [
    r.host,
    r.protocol,
    DECISIONS.indexOf(r.decision),
    r.justification ?? null,
    fileOf(r.origin.file),
    r.origin.at,
  ]);
  const header: Header = {
    format: RULES_FORMAT,
    files,
    groups,
    hostExecutables: [...user.hostExecutables].map(([name, paths]) => [name, [...paths]]),
    networkRules,
  };
  return `${JSON.stringify(header)}\n${body.join('')}`;
}

/** A compiled-rules text that is not what `encodeRules` writes, found while decoding one of its programs. */
export class DamagedRulesError extends Error {
  constructor() {
    super('the compiled rules are damaged');
  }
}

/** Compiled rules opened for use: the header checked, each program's rules decoded and checked when first asked for. */
export interface CompiledRules {
  /** Each program's rules, decoded and checked on first use: `of` throws `DamagedRulesError` for a damaged entry. */
  readonly requirements: ProgramRules;
  readonly user: ProgramRules;
  readonly hostExecutables: ReadonlyMap<string, readonly string[]>;
  readonly networkRules: readonly NetworkRule[];
  /** Every rule, requirements first, each program checked; throws `DamagedRulesError` for a damaged entry. */
  all(): PrefixRule[];
}

const isString = (v: unknown): v is string => typeof v === 'string';
const strings = (v: unknown): string[] => {
  if (!Array.isArray(v) || !v.every(isString)) throw new DamagedRulesError();
  return v;
};
const decision = (v: unknown): Decision => {
  const d = typeof v === 'number' ? DECISIONS[v] : undefined;
  if (d === undefined) throw new DamagedRulesError();
  return d;
};
const fileAt = (v: unknown, files: readonly string[]): string => {
  const file = typeof v === 'number' ? files[v] : undefined;
  if (file === undefined) throw new DamagedRulesError();
  return file;
};

/** One rule from its row (plain loops and one object per rule and origin: a cache entry holds thousands). */
function ruleOf(v: unknown, program: string, kind: Kind, files: readonly string[]): PrefixRule {
  if (!Array.isArray(v) || v.length !== 6 || !isString(v[4])) throw new DamagedRulesError();
  const r = v as unknown[];
  const rest = r[0];
  if (!Array.isArray(rest)) throw new DamagedRulesError();
  for (const t of rest) if (!isString(t) && strings(t).length < 2) throw new DamagedRulesError();
  if (r[2] !== null && !isString(r[2])) throw new DamagedRulesError();
  const reviewer = r[5] === null ? undefined : REVIEWERS.find((x) => x === r[5]);
  if (r[5] !== null && reviewer === undefined) throw new DamagedRulesError();
  const rule: { -readonly [K in keyof PrefixRule]: PrefixRule[K] } = {
    program,
    rest: rest as PatternToken[],
    decision: decision(r[1]),
    origin: { kind, file: fileAt(r[3], files), at: r[4] as string },
  };
  if (r[2] !== null) rule.justification = r[2];
  if (reviewer !== undefined) rule.reviewer = reviewer;
  return rule;
}

function networkRuleOf(v: unknown, files: readonly string[]): NetworkRule {
  if (!Array.isArray(v) || v.length !== 6 || !isString(v[0]) || !isString(v[5])) throw new DamagedRulesError();
  const r = v as unknown[];
  const protocol = PROTOCOLS.find((p) => p === r[1]);
  if (protocol === undefined || (r[3] !== null && !isString(r[3]))) throw new DamagedRulesError();
  const common = { host: r[0] as string, protocol, decision: decision(r[2]) };
  const origin = { kind: 'user', file: fileAt(r[4], files), at: r[5] as string } as const;
  return r[3] === null ? { ...common, origin } : { ...common, justification: r[3], origin };
}

/** The programs of one kind: each group's rows parsed from `body` and checked on first use. */
function programRules(body: Buffer, kind: Kind, groups: readonly Group[], files: readonly string[]): ProgramRules {
  const where = new Map<string, Group>();
  let size = 0;
  for (const g of groups) {
    if (KINDS[g[0]] !== kind) continue;
    where.set(g[1], g);
    size += g[4];
  }
  const decoded = new Map<string, readonly PrefixRule[]>();
  return {
    size,
    of(program) {
      const done = decoded.get(program);
      if (done !== undefined) return done;
      const group = where.get(program);
      if (group === undefined) return undefined;
      let rows: unknown;
      try {
        rows = JSON.parse(body.toString('utf8', group[2], group[3]));
      } catch {
        throw new DamagedRulesError();
      }
      if (!Array.isArray(rows) || rows.length !== group[4]) throw new DamagedRulesError();
      const rules = rows.map((row) => ruleOf(row, program, kind, files));
      decoded.set(program, rules);
      return rules;
    },
  };
}

const isGroup = (g: unknown): g is Group =>
  Array.isArray(g) &&
  g.length === 5 &&
  (g[0] === 0 || g[0] === 1) &&
  isString(g[1]) &&
  [g[2], g[3], g[4]].every((n) => Number.isSafeInteger(n) && (n as number) >= 0) &&
  (g[2] as number) <= (g[3] as number);

/**
 * Opens a compiled-rules text (its UTF-8 bytes, of which only the header and the programs asked for are decoded): the header is checked now (format, files, where every program's rules are, which must
 * lie in the text and not overlap, the `host_executable` and `network_rule` entries), each program's rules when first
 * asked for. Undefined for anything `encodeRules` would not have written, so a damaged cache entry is never trusted.
 */
export function openCompiledRules(data: Uint8Array): CompiledRules | undefined {
  try {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const newline = bytes.indexOf(0x0a);
    if (newline < 0) return undefined;
    const raw = JSON.parse(bytes.toString('utf8', 0, newline)) as Partial<Record<keyof Header, unknown>>;
    if (typeof raw !== 'object' || raw === null || raw.format !== RULES_FORMAT) return undefined;
    const files = strings(raw.files);
    const body = bytes.subarray(newline + 1);
    const { groups, networkRules, hostExecutables } = raw;
    if (!Array.isArray(groups) || !Array.isArray(networkRules) || !Array.isArray(hostExecutables)) return undefined;
    let end = 0;
    const seen = new Set<string>();
    for (const g of groups as unknown[]) {
      if (!isGroup(g) || g[2] !== end || seen.has(`${g[0]}\0${g[1]}`)) return undefined;
      seen.add(`${g[0]}\0${g[1]}`);
      end = g[3];
    }
    if (end !== body.length) return undefined;
    const hosts = new Map<string, readonly string[]>();
    for (const entry of hostExecutables as unknown[]) {
      if (!Array.isArray(entry) || entry.length !== 2 || !isString(entry[0])) return undefined;
      hosts.set(entry[0], strings(entry[1]));
    }
    const requirements = programRules(body, 'requirements', groups as Group[], files);
    const user = programRules(body, 'user', groups as Group[], files);
    const order = (groups as Group[]).map((g) => [KINDS[g[0]], g[1]] as const);
    return {
      requirements,
      user,
      hostExecutables: hosts,
      networkRules: networkRules.map((v: unknown) => networkRuleOf(v, files)),
      all: () => {
        const rules: PrefixRule[] = [];
        for (const [kind, of] of [
          ['requirements', requirements],
          ['user', user],
        ] as const)
          for (const [k, program] of order) if (k === kind) rules.push(...(of.of(program) ?? []));
        return rules;
      },
    };
  } catch (error) {
    if (error instanceof DamagedRulesError || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Every rule `text` holds, checked field by field (see `openCompiledRules`); undefined for a damaged text. */
export function decodeRules(text: string): UserRules | undefined {
  const compiled = openCompiledRules(Buffer.from(text));
  if (compiled === undefined) return undefined;
  try {
    return {
      rules: compiled.all(),
      hostExecutables: compiled.hostExecutables,
      networkRules: [...compiled.networkRules],
    };
  } catch (error) {
    if (error instanceof DamagedRulesError) return undefined;
    throw error;
  }
}
