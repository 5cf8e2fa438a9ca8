import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Diagnostic } from '@ratchet/core';
import { loadPolicy, parseSlice, resolveWith, userConfig } from '@ratchet/testkit';
import { approvalPolicy, reviewer } from './arbitraries.js';
import { listed, type ApprovalPolicy, type GranularApproval } from './policy.js';
import { approvalsProvider, type ApprovalsRequirement, type ApprovalsSettings } from './provider.js';

const provider = approvalsProvider();
type Req = Partial<ApprovalsRequirement>;
type Asked = Partial<ApprovalsSettings>;

const resolve = (requirement: Req, requested: Asked) => resolveWith(provider, requirement, requested);

const g = (over: Partial<GranularApproval> = {}): ApprovalPolicy => ({
  granular: {
    sandbox_approval: true,
    rules: true,
    skill_approval: false,
    request_permissions: false,
    mcp_elicitations: true,
    ...over,
  },
});
/** The same granular policy written with its keys in another order. */
const gReordered: ApprovalPolicy = {
  granular: {
    mcp_elicitations: true,
    request_permissions: false,
    skill_approval: false,
    rules: true,
    sandbox_approval: true,
  },
};

type Diag = Pick<Diagnostic, 'kind' | 'severity' | 'key'>;
const warned = (key: string): Diag => ({ kind: 'disallowed-value', severity: 'warning', key });
const replaced = (key: string): Diag => ({ kind: 'replaced-default', severity: 'info', key });

describe('approvals resolve', () => {
  const cases: {
    name: string;
    requirement: Req;
    requested: Asked;
    expected: Partial<ApprovalsSettings>;
    diagnostics: Diag[];
  }[] = [
    {
      name: 'no requirement: defaults on-request and user',
      requirement: {},
      requested: {},
      expected: { approval_policy: 'on-request', approvals_reviewer: 'user', guardian_policy_config: undefined },
      diagnostics: [],
    },
    {
      name: 'explicit disallowed policy falls back to the first listed, with a warning',
      requirement: { allowed_approval_policies: ['never', 'on-request'] },
      requested: { approval_policy: 'untrusted' },
      expected: { approval_policy: 'never' },
      diagnostics: [warned('approval_policy')],
    },
    {
      name: 'allowed default is kept even when not first',
      requirement: { allowed_approval_policies: ['never', 'on-request'] },
      requested: {},
      expected: { approval_policy: 'on-request' },
      diagnostics: [],
    },
    {
      name: 'disallowed default falls back with an info notice',
      requirement: { allowed_approval_policies: ['untrusted', 'never'] },
      requested: {},
      expected: { approval_policy: 'untrusted' },
      diagnostics: [replaced('approval_policy')],
    },
    {
      name: 'explicit allowed policy is kept',
      requirement: { allowed_approval_policies: ['on-request', 'never'] },
      requested: { approval_policy: 'never' },
      expected: { approval_policy: 'never' },
      diagnostics: [],
    },
    {
      name: 'granular policy matches structurally (key order does not matter)',
      requirement: { allowed_approval_policies: ['never', g()] },
      requested: { approval_policy: gReordered },
      expected: { approval_policy: g() },
      diagnostics: [],
    },
    {
      name: 'granular policy differing in one switch is disallowed',
      requirement: { allowed_approval_policies: ['never', g()] },
      requested: { approval_policy: g({ rules: false }) },
      expected: { approval_policy: 'never' },
      diagnostics: [warned('approval_policy')],
    },
    {
      name: 'reviewers ["auto_review", "user"] with no user value keep the default user',
      requirement: { allowed_approvals_reviewers: ['auto_review', 'user'] },
      requested: {},
      expected: { approvals_reviewer: 'user' },
      diagnostics: [],
    },
    {
      name: 'reviewers ["auto_review"] replace the default user quietly',
      requirement: { allowed_approvals_reviewers: ['auto_review'] },
      requested: {},
      expected: { approvals_reviewer: 'auto_review' },
      diagnostics: [replaced('approvals_reviewer')],
    },
    {
      name: 'explicit disallowed reviewer falls back with a warning',
      requirement: { allowed_approvals_reviewers: ['auto_review'] },
      requested: { approvals_reviewer: 'user' },
      expected: { approvals_reviewer: 'auto_review' },
      diagnostics: [warned('approvals_reviewer')],
    },
    {
      name: 'both fields disallowed give two warnings',
      requirement: { allowed_approval_policies: ['on-request'], allowed_approvals_reviewers: ['user'] },
      requested: { approval_policy: 'never', approvals_reviewer: 'auto_review' },
      expected: { approval_policy: 'on-request', approvals_reviewer: 'user' },
      diagnostics: [warned('approval_policy'), warned('approvals_reviewer')],
    },
    {
      name: "managed guardian_policy_config replaces the user's auto_review.policy with a notice",
      requirement: { guardian_policy_config: ['Managed policy.'] },
      requested: { guardian_policy_config: 'My own policy.' },
      expected: { guardian_policy_config: 'Managed policy.' },
      diagnostics: [{ kind: 'disallowed-value', severity: 'info', key: 'guardian_policy_config' }],
    },
    {
      name: 'managed guardian_policy_config equal to the user text needs no notice',
      requirement: { guardian_policy_config: ['Managed policy.'] },
      requested: { guardian_policy_config: 'Managed policy.' },
      expected: { guardian_policy_config: 'Managed policy.' },
      diagnostics: [],
    },
    {
      name: 'without managed text the user policy is used',
      requirement: {},
      requested: { guardian_policy_config: 'My own policy.' },
      expected: { guardian_policy_config: 'My own policy.' },
      diagnostics: [],
    },
  ];

  it.each(cases)('$name', ({ requirement, requested, expected, diagnostics }) => {
    const result = resolve(requirement, requested);
    expect(result.effective).toMatchObject(expected);
    expect(result.diagnostics.map(({ kind, severity, key }) => ({ kind, severity, key }))).toEqual(diagnostics);
  });

  it('names the setting, the fallback and the requirement source in the warning', () => {
    const { diagnostics, values } = resolve(
      { allowed_approvals_reviewers: ['auto_review'] },
      { approvals_reviewer: 'user' },
    );
    expect(diagnostics[0]).toMatchObject({
      source: 'config.toml',
      provider: 'approvals',
      suggestion: expect.stringContaining('approvals_reviewer'),
    });
    expect(diagnostics[0]!.message).toContain(
      'Configured value for `approvals_reviewer` is disallowed by requirements',
    );
    expect(diagnostics[0]!.message).toContain('falling back to required value "auto_review"');
    expect(diagnostics[0]!.message).toContain('(set by req.toml)');
    expect(values.approvals_reviewer).toMatchObject({
      rule: 'fallback: first entry of allowed_approvals_reviewers',
      constrainedBy: ['allowed_approvals_reviewers'],
    });
  });

  it('managed guardian text from parse is trimmed before it wins', () => {
    const { requirement: parsed } = parseSlice(
      provider,
      { guardian_policy_config: '\n  Managed policy.  \n' },
      { hostname: undefined },
    );
    const result = resolve(parsed, { guardian_policy_config: 'mine' });
    expect(result.effective.guardian_policy_config).toBe('Managed policy.');
    expect(result.values.guardian_policy_config.constrainedBy).toEqual(['guardian_policy_config']);
  });
});

describe('approvals tighten and allows', () => {
  const tightenCases: { name: string; input: [Req, Req]; expected: Req }[] = [
    { name: 'unset on both sides', input: [{}, {}], expected: {} },
    {
      name: 'unset side takes the other',
      input: [{}, { allowed_approval_policies: ['never'] }],
      expected: { allowed_approval_policies: ['never'] },
    },
    {
      name: 'intersection, in the first list order',
      input: [
        { allowed_approval_policies: ['never', 'on-request', 'untrusted'] },
        { allowed_approval_policies: ['untrusted', 'never'] },
      ],
      expected: { allowed_approval_policies: ['never', 'untrusted'] },
    },
    {
      name: 'disjoint reviewers meet in an empty list',
      input: [{ allowed_approvals_reviewers: ['user'] }, { allowed_approvals_reviewers: ['auto_review'] }],
      expected: { allowed_approvals_reviewers: [] },
    },
    {
      name: 'granular meet is structural',
      input: [{ allowed_approval_policies: [g(), g({ rules: false })] }, { allowed_approval_policies: [gReordered] }],
      expected: { allowed_approval_policies: [g()] },
    },
    {
      name: 'different guardian texts leave none (validate reports the conflict)',
      input: [{ guardian_policy_config: ['A'] }, { guardian_policy_config: ['B'] }],
      expected: { guardian_policy_config: [] },
    },
  ];

  it.each(tightenCases)('tighten: $name', ({ input: [a, b], expected }) => {
    expect(provider.tighten(a, b)).toStrictEqual(expected);
  });

  const allowsCases: { name: string; requirement: Req; value: Asked; expected: boolean }[] = [
    { name: 'no requirement allows anything', requirement: {}, value: { approval_policy: 'never' }, expected: true },
    {
      name: 'unset value is allowed',
      requirement: { allowed_approval_policies: ['never'] },
      value: {},
      expected: true,
    },
    {
      name: 'listed policy',
      requirement: { allowed_approval_policies: ['never'] },
      value: { approval_policy: 'never' },
      expected: true,
    },
    {
      name: 'unlisted policy',
      requirement: { allowed_approval_policies: ['never'] },
      value: { approval_policy: 'on-request' },
      expected: false,
    },
    {
      name: 'granular with same switches',
      requirement: { allowed_approval_policies: [g()] },
      value: { approval_policy: gReordered },
      expected: true,
    },
    {
      name: 'granular with one switch flipped',
      requirement: { allowed_approval_policies: [g()] },
      value: { approval_policy: g({ skill_approval: true }) },
      expected: false,
    },
    {
      name: 'named policy is not a granular one',
      requirement: { allowed_approval_policies: [g()] },
      value: { approval_policy: 'on-request' },
      expected: false,
    },
    {
      name: 'unlisted reviewer',
      requirement: { allowed_approvals_reviewers: ['user'] },
      value: { approvals_reviewer: 'auto_review' },
      expected: false,
    },
    {
      name: 'guardian text other than managed',
      requirement: { guardian_policy_config: ['A'] },
      value: { guardian_policy_config: 'B' },
      expected: false,
    },
  ];

  it.each(allowsCases)('allows: $name', ({ requirement, value, expected }) => {
    expect(provider.allows(requirement, value)).toBe(expected);
  });
});

describe('approvals properties', () => {
  it('the effective policy and reviewer are always listed (seed 4242)', () => {
    const prop = fc.property(
      fc.array(approvalPolicy, { minLength: 1, maxLength: 5 }),
      fc.array(reviewer, { minLength: 1, maxLength: 2 }),
      fc.option(approvalPolicy, { nil: undefined }),
      fc.option(reviewer, { nil: undefined }),
      (policies, reviewers, askedPolicy, askedReviewer) => {
        const requested: Asked = {
          ...(askedPolicy !== undefined && { approval_policy: askedPolicy }),
          ...(askedReviewer !== undefined && { approvals_reviewer: askedReviewer }),
        };
        const { effective, diagnostics } = resolve(
          { allowed_approval_policies: policies, allowed_approvals_reviewers: reviewers },
          requested,
        );
        expect(listed(policies, effective.approval_policy)).toBe(true);
        expect(listed(reviewers, effective.approvals_reviewer)).toBe(true);
        // An allowed explicit choice is kept; a disallowed one is replaced by the first entry with a warning.
        if (askedPolicy !== undefined) {
          const ok = listed(policies, askedPolicy);
          expect(effective.approval_policy).toEqual(ok ? askedPolicy : policies[0]);
          expect(diagnostics.some((d) => d.key === 'approval_policy' && d.severity === 'warning')).toBe(!ok);
        }
      },
    );
    fc.assert(prop, { seed: 4242, numRuns: 500 });
  });
});

describe("the user's [auto_review].policy", () => {
  const text = async (config: string) =>
    (await loadPolicy([approvalsProvider()], '')).resolve(userConfig(config)).entries.get('guardian_policy_config')
      ?.value;

  it('is trimmed, and a blank one counts as unset, as the managed text is', async () => {
    expect(await text('[auto_review]\npolicy = """\nLocal policy.\n"""\n')).toBe('Local policy.');
    expect(await text('[auto_review]\npolicy = "   "\n')).toBeUndefined();
  });
});

describe('approval_policy in config.toml, as Codex 0.171 reads it', () => {
  const load = async (requirements: string, config: string) =>
    (await loadPolicy([approvalsProvider()], requirements)).resolve(userConfig(config));

  it.each([
    ['untrusted', 'allowed_approval_policies = ["untrusted", "on-request"]\n'],
    ['untrusted', ''],
  ])('refuses %s even where requirements list it, naming the key and the fix', async (value, requirements) => {
    await expect(load(requirements, `approval_policy = "${value}"\n`)).rejects.toMatchObject({
      message: expect.stringContaining('approval_policy = "untrusted" is no longer supported; remove this setting'),
    });
  });

  it('reads on-failure as on-request, without a warning', async () => {
    const resolved = await load('', 'approval_policy = "on-failure"\n');
    expect(resolved.entries.get('approval_policy')?.value).toBe('on-request');
    expect(resolved.diagnostics).toEqual([]);
  });

  it('still lets requirements require untrusted, the effective default then', async () => {
    const resolved = await load('allowed_approval_policies = ["untrusted"]\n', '');
    expect(resolved.entries.get('approval_policy')?.value).toBe('untrusted');
  });
});
