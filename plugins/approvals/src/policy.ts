import { deepEqual, expectBoolean, expectEnum, isTable, warnUnknownKeys, type Reporter } from '@ratchet/core';

/** Per-category switches of the `granular` approval policy; `true` lets that kind of prompt through. */
export interface GranularApproval {
  readonly sandbox_approval: boolean;
  readonly rules: boolean;
  readonly skill_approval: boolean;
  readonly request_permissions: boolean;
  readonly mcp_elicitations: boolean;
}

/** The approval policies that have a name (the other one is a `{ granular = { ... } }` table). */
export const NAMED_POLICIES = ['untrusted', 'on-request', 'never'] as const;

/** Older names: Codex 0.171 reads `on-failure` as `on-request`, in config.toml and requirements alike, without a warning. */
export const POLICY_ALIASES: Readonly<Record<string, (typeof NAMED_POLICIES)[number]>> = { 'on-failure': 'on-request' };

/** An approval policy as spelled in config.toml and requirements.toml (`on-failure` is read as `on-request`). */
export type ApprovalPolicy = (typeof NAMED_POLICIES)[number] | { readonly granular: GranularApproval };

/** Who may review approval requests. */
export const REVIEWERS = ['user', 'auto_review'] as const;

/** Who reviews approval requests. */
export type Reviewer = (typeof REVIEWERS)[number];

/** Older reviewer spellings still read. */
export const REVIEWER_ALIASES: Readonly<Record<string, Reviewer>> = { guardian_subagent: 'auto_review' };

const REQUIRED_GRANULAR = ['sandbox_approval', 'rules', 'mcp_elicitations'] as const;
const OPTIONAL_GRANULAR = ['skill_approval', 'request_permissions'] as const;
const GRANULAR_KEYS = [...REQUIRED_GRANULAR, ...OPTIONAL_GRANULAR];

/** Reads one approval policy: a kebab-case name or a `{ granular = { ... } }` table. */
export function parseApprovalPolicy(raw: unknown, key: string, report: Reporter): ApprovalPolicy | undefined {
  if (typeof raw === 'string') return expectEnum(raw, key, report, NAMED_POLICIES, POLICY_ALIASES);
  if (!isTable(raw) || !isTable(raw.granular) || Object.keys(raw).length !== 1) {
    report({
      severity: 'error',
      kind: 'invalid-type',
      key,
      message: 'invalid type: expected an approval policy name or a { granular = { ... } } table',
      suggestion: `use one of ${[...NAMED_POLICIES, ...Object.keys(POLICY_ALIASES)].join(', ')}, or { granular = { sandbox_approval = true, rules = true, mcp_elicitations = true } }`,
    });
    return undefined;
  }
  const table = raw.granular;
  warnUnknownKeys(table, GRANULAR_KEYS, `${key}.granular.`, report);
  const out: Record<string, boolean> = {};
  let ok = true;
  for (const name of GRANULAR_KEYS) {
    const value = table[name];
    if (value === undefined) {
      if ((REQUIRED_GRANULAR as readonly string[]).includes(name)) {
        report({
          severity: 'error',
          kind: 'missing-key',
          key: `${key}.granular.${name}`,
          message: `missing field \`${name}\``,
          suggestion: `add ${name} = true or false`,
        });
        ok = false;
      }
      out[name] = false;
      continue;
    }
    const b = expectBoolean(value, `${key}.granular.${name}`, report);
    if (b === undefined) ok = false;
    else out[name] = b;
  }
  return ok ? { granular: out as unknown as GranularApproval } : undefined;
}

/**
 * Reads a user's approval policy (config.toml, a profile, `-c`): as in requirements, except that Codex 0.171 refuses
 * `untrusted` there, even where requirements list it.
 */
export function parseUserApprovalPolicy(raw: unknown, key: string, report: Reporter): ApprovalPolicy | undefined {
  if (raw === 'untrusted') {
    report({
      severity: 'error',
      kind: 'unknown-value',
      key: key,
      message: 'approval_policy = "untrusted" is no longer supported; remove this setting',
      suggestion: 'remove this setting (or choose on-request or never)',
    });
    return undefined;
  }
  return parseApprovalPolicy(raw, key, report);
}

/** Reads one reviewer, accepting the legacy spelling `guardian_subagent`. */
export function parseReviewer(raw: unknown, key: string, report: Reporter): Reviewer | undefined {
  return expectEnum(raw, key, report, REVIEWERS, REVIEWER_ALIASES);
}

/** Whether `list` contains `value` (granular policies compare field by field). */
export function listed<T>(list: readonly T[], value: T): boolean {
  return list.some((item) => deepEqual(item, value));
}

/** Items of `a` that `b` also holds, in `a`'s order. */
export function intersect<T>(a: readonly T[], b: readonly T[]): T[] {
  return a.filter((item) => listed(b, item));
}
