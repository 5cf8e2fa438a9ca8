import { describe, expect, it } from 'vitest';
import { DiagnosticBag, type Combined, type Table } from '@ratchet/core';
import { parseSlice } from '@ratchet/testkit';
import { diagnosticLike, type DiagnosticExpectation as Expected } from '@ratchet/testkit/vitest';
import { approvalsProvider, type ApprovalsRequirement } from './provider.js';

const provider = approvalsProvider();
const parse = (slice: Table) => parseSlice(provider, slice);
const like = (expected: Expected) => diagnosticLike({ source: 'req.toml', ...expected });

const named = { sandbox_approval: true, rules: false, mcp_elicitations: true };

describe('approvals parse: valid slices', () => {
  const cases: { name: string; input: Table; expected: Partial<ApprovalsRequirement> }[] = [
    { name: 'an empty slice constrains nothing', input: {}, expected: {} },
    {
      name: 'named policies keep their order',
      input: { allowed_approval_policies: ['never', 'on-request'] },
      expected: { allowed_approval_policies: ['never', 'on-request'] },
    },
    {
      name: 'every named spelling is accepted',
      input: { allowed_approval_policies: ['untrusted', 'on-failure', 'on-request', 'never'] },
      // Codex 0.171 reads on-failure as on-request.
      expected: { allowed_approval_policies: ['untrusted', 'on-request', 'on-request', 'never'] },
    },
    {
      name: 'granular table gets defaults for skill_approval and request_permissions',
      input: { allowed_approval_policies: [{ granular: named }] },
      expected: {
        allowed_approval_policies: [{ granular: { ...named, skill_approval: false, request_permissions: false } }],
      },
    },
    {
      name: 'granular table keeps explicit optional switches',
      input: {
        allowed_approval_policies: [
          'on-request',
          { granular: { ...named, skill_approval: true, request_permissions: true } },
        ],
      },
      expected: {
        allowed_approval_policies: [
          'on-request',
          { granular: { ...named, skill_approval: true, request_permissions: true } },
        ],
      },
    },
    {
      name: 'reviewer alias guardian_subagent becomes auto_review',
      input: { allowed_approvals_reviewers: ['guardian_subagent', 'user'] },
      expected: { allowed_approvals_reviewers: ['auto_review', 'user'] },
    },
    {
      name: 'guardian_policy_config is trimmed',
      input: { guardian_policy_config: '  Review every push.\n' },
      expected: { guardian_policy_config: ['Review every push.'] },
    },
    { name: 'blank guardian_policy_config counts as unset', input: { guardian_policy_config: ' \n\t ' }, expected: {} },
    { name: 'empty guardian_policy_config counts as unset', input: { guardian_policy_config: '' }, expected: {} },
    {
      name: 'an empty list parses (validate rejects it later)',
      input: { allowed_approval_policies: [] },
      expected: { allowed_approval_policies: [] },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parse(input);
    expect(requirement).toStrictEqual(expected);
    expect(diagnostics).toEqual([]);
  });
});

describe('approvals parse: invalid slices', () => {
  const cases: {
    name: string;
    input: Table;
    expected: { requirement: Partial<ApprovalsRequirement>; diagnostics: Expected[] };
  }[] = [
    {
      name: 'a string where a list belongs is an invalid type',
      input: { allowed_approval_policies: 'never' },
      expected: {
        requirement: {},
        diagnostics: [
          { kind: 'invalid-type', key: 'allowed_approval_policies', severity: 'error', message: 'invalid type' },
        ],
      },
    },
    {
      name: 'on_request suggests on-request',
      input: { allowed_approval_policies: ['never', 'on_request'] },
      expected: {
        requirement: {},
        diagnostics: [
          {
            kind: 'unknown-value',
            key: 'allowed_approval_policies[1]',
            severity: 'error',
            message: '"on_request"',
            suggestion: 'did you mean "on-request"?',
          },
        ],
      },
    },
    {
      name: 'a number is neither a name nor a granular table',
      input: { allowed_approval_policies: [42] },
      expected: {
        requirement: {},
        diagnostics: [
          { kind: 'invalid-type', key: 'allowed_approval_policies[0]', severity: 'error', message: 'invalid type' },
        ],
      },
    },
    {
      name: 'granular with an extra top-level key is an invalid type',
      input: { allowed_approval_policies: [{ granular: named, extra: true }] },
      expected: {
        requirement: {},
        diagnostics: [{ kind: 'invalid-type', key: 'allowed_approval_policies[0]', severity: 'error' }],
      },
    },
    {
      name: 'granular missing its required fields names each',
      input: { allowed_approval_policies: [{ granular: { sandbox_approval: true } }] },
      expected: {
        requirement: {},
        diagnostics: [
          {
            kind: 'missing-key',
            key: 'allowed_approval_policies[0].granular.rules',
            severity: 'error',
            message: 'missing field `rules`',
          },
          {
            kind: 'missing-key',
            key: 'allowed_approval_policies[0].granular.mcp_elicitations',
            severity: 'error',
            message: 'missing field `mcp_elicitations`',
          },
        ],
      },
    },
    {
      name: 'granular switch that is not a boolean',
      input: { allowed_approval_policies: [{ granular: { ...named, rules: 'yes' } }] },
      expected: {
        requirement: {},
        diagnostics: [
          {
            kind: 'invalid-type',
            key: 'allowed_approval_policies[0].granular.rules',
            severity: 'error',
            message: 'found string',
          },
        ],
      },
    },
    {
      name: 'a misspelt granular key is warned about and the policy still parses',
      input: { allowed_approval_policies: [{ granular: { ...named, skill_aproval: true } }] },
      expected: {
        requirement: {
          allowed_approval_policies: [{ granular: { ...named, skill_approval: false, request_permissions: false } }],
        },
        diagnostics: [
          {
            kind: 'unknown-key',
            key: 'allowed_approval_policies[0].granular.skill_aproval',
            severity: 'warning',
            suggestion: 'did you mean "skill_approval"?',
          },
        ],
      },
    },
    {
      name: 'auto-review suggests auto_review',
      input: { allowed_approvals_reviewers: ['auto-review'] },
      expected: {
        requirement: {},
        diagnostics: [
          {
            kind: 'unknown-value',
            key: 'allowed_approvals_reviewers[0]',
            severity: 'error',
            suggestion: 'did you mean "auto_review"?',
          },
        ],
      },
    },
    {
      name: 'a reviewer string where a list belongs',
      input: { allowed_approvals_reviewers: 'user' },
      expected: {
        requirement: {},
        diagnostics: [
          { kind: 'invalid-type', key: 'allowed_approvals_reviewers', severity: 'error', message: 'invalid type' },
        ],
      },
    },
    {
      name: 'guardian_policy_config must be a string',
      input: { guardian_policy_config: ['text'] },
      expected: {
        requirement: {},
        diagnostics: [
          { kind: 'invalid-type', key: 'guardian_policy_config', severity: 'error', message: 'found array' },
        ],
      },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parse(input);
    expect(requirement).toEqual(expected.requirement);
    expect(diagnostics).toEqual(expected.diagnostics.map(like));
  });
});

describe('approvals validate', () => {
  const file = { kind: 'file', label: 'req.toml' } as const;
  const cases: { name: string; input: Combined<ApprovalsRequirement>; expected: Expected[] }[] = [
    { name: 'nothing set is fine', input: { value: {}, origins: {} }, expected: [] },
    {
      name: 'non-empty lists are fine',
      input: {
        value: {
          allowed_approval_policies: ['never'],
          allowed_approvals_reviewers: ['user'],
          guardian_policy_config: ['x'],
        },
        origins: {},
      },
      expected: [],
    },
    {
      name: 'empty allowed_approval_policies is an error',
      input: { value: { allowed_approval_policies: [] }, origins: { allowed_approval_policies: [file] } },
      expected: [
        {
          kind: 'invalid-value',
          key: 'allowed_approval_policies',
          severity: 'error',
          message: 'field `allowed_approval_policies` cannot be empty',
        },
      ],
    },
    {
      name: 'empty allowed_approvals_reviewers is an error',
      input: { value: { allowed_approvals_reviewers: [] }, origins: { allowed_approvals_reviewers: [file] } },
      expected: [
        {
          kind: 'invalid-value',
          key: 'allowed_approvals_reviewers',
          severity: 'error',
          message: 'field `allowed_approvals_reviewers` cannot be empty',
        },
      ],
    },
    {
      name: 'an empty meet of two layers says they share nothing',
      input: {
        value: { allowed_approval_policies: [] },
        origins: { allowed_approval_policies: [file, { kind: 'system', label: 'sys.toml' }] },
      },
      expected: [
        { kind: 'invalid-value', key: 'allowed_approval_policies', severity: 'error', message: 'no value in common' },
      ],
    },
    {
      name: 'layers disagreeing on guardian_policy_config conflict',
      input: { value: { guardian_policy_config: [] }, origins: {} },
      expected: [{ kind: 'conflict', key: 'guardian_policy_config', severity: 'error' }],
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const report = new DiagnosticBag('req.toml');
    provider.validate(input, report.report);
    expect(report.items).toEqual(expected.map(like));
  });
});

describe('approvals fromManagedConfig', () => {
  const cases: { name: string; input: Table; expected: Table }[] = [
    { name: 'nothing relevant', input: { sandbox_mode: 'read-only', model: 'o3' }, expected: {} },
    {
      name: 'approval_policy = "never"',
      input: { approval_policy: 'never' },
      expected: { allowed_approval_policies: ['never'] },
    },
    {
      name: 'approvals_reviewer = "auto_review" still lets the user review',
      input: { approvals_reviewer: 'auto_review' },
      expected: { allowed_approvals_reviewers: ['auto_review', 'user'] },
    },
    {
      name: 'legacy guardian_subagent spelling',
      input: { approvals_reviewer: 'guardian_subagent' },
      expected: { allowed_approvals_reviewers: ['auto_review', 'user'] },
    },
    {
      name: 'approvals_reviewer = "user"',
      input: { approvals_reviewer: 'user' },
      expected: { allowed_approvals_reviewers: ['user'] },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const report = new DiagnosticBag('managed_config.toml');
    const implied = provider.fromManagedConfig(input, report.report);
    expect(implied).toStrictEqual(expected);
    expect(report.items).toEqual([]);
    // What it implies is itself a valid requirements slice.
    expect(parse(implied).diagnostics).toEqual([]);
  });
});
