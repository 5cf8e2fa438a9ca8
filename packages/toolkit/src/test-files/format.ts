import { dirname, resolve } from 'node:path';
import {
  closest,
  isTable,
  typeName,
  type AnyQuestion,
  type BoundQuery,
  type Diagnostic,
  type Report,
  type Table,
} from '@ratchet/core';

/** The policy a test file runs against: requirement layers (highest first), the user's rules, the host name. */
export interface SuitePolicy {
  readonly requirements: readonly string[];
  readonly rules: readonly string[];
  readonly hostname?: string;
  readonly strict: boolean;
  readonly managedConfig?: string;
  /** A config.toml every case starts from unless it gives its own. */
  readonly config?: string;
}

/** The user configuration a case resolves: a file or an inline table, a profile, `-c` overrides. */
export interface CaseInput {
  readonly configFile?: string;
  readonly config?: Table;
  readonly profile?: string;
  readonly overrides: readonly string[];
}

/** What a case expects. Every field is optional; a case has at least one. */
export interface Expectations {
  /** Effective values by dotted key (nested tables are read down to a key the resolution has). */
  readonly effective?: Table;
  /** The keys whose requested value requirements replaced, exactly. */
  readonly refused?: readonly string[];
  /** The keys warned about, exactly. */
  readonly warnings?: readonly string[];
  /** Text the resolution's error must contain (the configuration is expected to be refused as invalid). */
  readonly error?: string;
  /** The question's decision. */
  readonly decision?: string;
  /** A rule, entry or hook among those that decided. */
  readonly rule?: string;
  /** Exactly the rules, entries or hooks that decided, in order. */
  readonly matched?: readonly string[];
  /** Text the answer's reason must contain. */
  readonly reason?: string;
}

export interface TestCase {
  readonly name: string;
  /** `case[2]`: where it is in the file. */
  readonly at: string;
  readonly input: CaseInput;
  readonly query?: BoundQuery;
  readonly expect: Expectations;
}

export interface TestSuite {
  readonly file: string;
  readonly policy: SuitePolicy;
  readonly cases: readonly TestCase[];
}

/** The keys of a test file's [policy] table. */
const POLICY_KEYS = ['requirements', 'rules', 'hostname', 'strict', 'managed_config', 'config'] as const;
const INPUT_KEYS = ['name', 'config', 'config_file', 'profile', 'overrides'] as const;
const CONFIG_EXPECTATIONS = ['effective', 'refused', 'warnings', 'error'] as const;
const QUESTION_EXPECTATIONS = ['decision', 'rule', 'matched', 'reason'] as const;

/** A malformed test file: the first problem, naming the file, the case and the key. */
class Malformed extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** Reads one test file's table into a suite, or the first problem found as a diagnostic (file, case, key, fix). */
export function parseSuite(
  table: Table,
  file: string,
  questions: readonly AnyQuestion[],
): { suite: TestSuite } | { problem: Diagnostic } {
  try {
    return { suite: suite(table, file, questions) };
  } catch (error) {
    if (error instanceof Malformed) return { problem: error.diagnostic };
    throw error;
  }
}

function fail(file: string, key: string, message: string, suggestion: string): never {
  throw new Malformed({ kind: 'invalid-value', severity: 'error', source: file, key, message, suggestion });
}

function suite(table: Table, file: string, questions: readonly AnyQuestion[]): TestSuite {
  const here = dirname(resolve(file));
  const path = (p: string) => resolve(here, p);
  for (const key of Object.keys(table))
    if (key !== 'policy' && key !== 'case')
      fail(file, key, `unknown key "${key}"`, 'a test file has a [policy] table and [[case]] entries');
  const raw = table.policy ?? {};
  if (!isTable(raw)) fail(file, 'policy', `expected a table, found ${typeName(raw)}`, 'write [policy]');
  const read = reader(file, 'policy');
  for (const key of Object.keys(raw))
    if (!(POLICY_KEYS as readonly string[]).includes(key))
      fail(file, `policy.${key}`, `unknown key "${key}"`, `known keys: ${POLICY_KEYS.join(', ')}`);
  const requirements = read.strings(raw, 'requirements') ?? ['requirements.toml'];
  if (requirements.length === 0)
    fail(file, 'policy.requirements', 'no requirements file is named', 'name at least one layer');
  const hostname = read.string(raw, 'hostname');
  const managedConfig = read.string(raw, 'managed_config');
  const config = read.string(raw, 'config');
  const policy: SuitePolicy = {
    requirements: requirements.map(path),
    rules: (read.strings(raw, 'rules') ?? []).map(path),
    strict: read.boolean(raw, 'strict') ?? false,
    ...(hostname !== undefined && { hostname }),
    ...(managedConfig !== undefined && { managedConfig: path(managedConfig) }),
    ...(config !== undefined && { config: path(config) }),
  };
  const list = table.case ?? [];
  if (!Array.isArray(list) || !list.every(isTable))
    fail(file, 'case', 'expected [[case]] entries', 'write each case as [[case]] with name = "..."');
  if (list.length === 0) fail(file, 'case', 'the file has no case', 'add a [[case]]');
  const names = new Set<string>();
  const cases = list.map((entry, i) => {
    const parsed = testCase(entry, i, file, questions, path);
    if (names.has(parsed.name))
      fail(file, `${parsed.at}.name`, `two cases are named "${parsed.name}"`, 'give every case its own name');
    names.add(parsed.name);
    return parsed;
  });
  return { file, policy, cases };
}

/** Typed reads of a table's keys; a wrong type is a malformed file naming the key. */
function reader(file: string, prefix: string) {
  const at = (key: string) => `${prefix}.${key}`;
  const wrong = (key: string, expected: string, value: unknown): never =>
    fail(file, at(key), `expected ${expected}, found ${typeName(value)}`, `write ${key} as ${expected}`);
  return {
    string(table: Table, key: string): string | undefined {
      const value = table[key];
      return value === undefined || typeof value === 'string' ? value : wrong(key, 'a string', value);
    },
    boolean(table: Table, key: string): boolean | undefined {
      const value = table[key];
      return value === undefined || typeof value === 'boolean' ? value : wrong(key, 'true or false', value);
    },
    strings(table: Table, key: string): string[] | undefined {
      const value = table[key];
      if (value === undefined) return undefined;
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? value
        : wrong(key, 'a list of strings', value);
    },
    table(table: Table, key: string): Table | undefined {
      const value = table[key];
      return value === undefined || isTable(value) ? value : wrong(key, 'a table', value);
    },
  };
}

function testCase(
  entry: Table,
  index: number,
  file: string,
  questions: readonly AnyQuestion[],
  path: (p: string) => string,
): TestCase {
  const name = typeof entry.name === 'string' ? entry.name : `case ${index + 1}`;
  const at = `case[${index}]`;
  const where = `${at} "${name}"`;
  const read = reader(file, where);
  read.string(entry, 'name');
  const asked = questions.filter((q) => entry[q.name] !== undefined);
  if (asked.length > 1)
    fail(file, where, `the case asks ${asked.map((q) => q.name).join(' and ')}`, 'ask one question per case');
  const question = asked[0];
  const known = [
    ...INPUT_KEYS,
    ...CONFIG_EXPECTATIONS,
    ...QUESTION_EXPECTATIONS,
    ...(question ? [question.name, ...(question.queryKeys ?? [])] : []),
  ];
  for (const key of Object.keys(entry)) {
    if (known.includes(key)) continue;
    const queryKey = questions.find((q) => q.queryKeys?.includes(key));
    const near = closest(key, [...known, ...questions.map((q) => q.name)]);
    fail(
      file,
      `${where}.${key}`,
      `unknown key "${key}"`,
      queryKey
        ? `"${key}" goes with ${queryKey.name}`
        : near !== undefined
          ? `did you mean "${near}"?`
          : `ask one of ${questions.map((q) => q.name).join(', ')}, or give ${CONFIG_EXPECTATIONS.join(', ')}`,
    );
  }
  let query: BoundQuery | undefined;
  if (question) {
    const problems: Report[] = [];
    query = question.parse(entry[question.name], entry, (r) => {
      if (r.severity === 'error') problems.push(r);
    });
    const first = problems[0];
    if (first || !query)
      fail(file, `${where}.${first?.key ?? question.name}`, first?.message ?? 'invalid query', first?.suggestion ?? '');
  }
  for (const key of QUESTION_EXPECTATIONS)
    if (entry[key] !== undefined && !question)
      fail(
        file,
        `${where}.${key}`,
        `"${key}" expects an answer, but the case asks no question`,
        `ask one of ${questions.map((q) => q.name).join(', ')}`,
      );
  const configFile = read.string(entry, 'config_file');
  const config = read.table(entry, 'config');
  if (configFile !== undefined && config !== undefined)
    fail(file, `${where}.config`, 'both config and config_file are given', 'keep one of them');
  const profile = read.string(entry, 'profile');
  const input: CaseInput = {
    overrides: read.strings(entry, 'overrides') ?? [],
    ...(configFile !== undefined && { configFile: path(configFile) }),
    ...(config !== undefined && { config }),
    ...(profile !== undefined && { profile }),
  };
  const effective = read.table(entry, 'effective');
  const refused = read.strings(entry, 'refused');
  const warnings = read.strings(entry, 'warnings');
  const error = read.string(entry, 'error');
  const decision = read.string(entry, 'decision');
  const rule = read.string(entry, 'rule');
  const matched = read.strings(entry, 'matched');
  const reason = read.string(entry, 'reason');
  const expect: Expectations = {
    ...(effective !== undefined && { effective }),
    ...(refused !== undefined && { refused }),
    ...(warnings !== undefined && { warnings }),
    ...(error !== undefined && { error }),
    ...(decision !== undefined && { decision }),
    ...(rule !== undefined && { rule }),
    ...(matched !== undefined && { matched }),
    ...(reason !== undefined && { reason }),
  };
  if (Object.keys(expect).length === 0)
    fail(
      file,
      where,
      'the case expects nothing',
      `give one of ${[...CONFIG_EXPECTATIONS, ...QUESTION_EXPECTATIONS].join(', ')}`,
    );
  return { name, at, input, ...(query && { query }), expect };
}
