import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DiagnosticBag, type Combined, type Diagnostic, type Table } from '@ratchet/core';
import { resolveContext, resolveWith } from '@ratchet/testkit';
import { diagnosticLike, type DiagnosticExpectation } from '@ratchet/testkit/vitest';
import { SANDBOX_MODES, USER_SANDBOX_MODES, type SandboxMode } from './modes.js';
import { sandboxProvider, type SandboxRequirement, type SandboxSettings } from './provider.js';

const provider = sandboxProvider();
type Req = Partial<SandboxRequirement>;

function resolve(requirement: Req, asked?: SandboxMode) {
  const { effective, values, diagnostics } = resolveWith(provider, requirement, { sandbox_mode: asked });
  return { mode: effective.sandbox_mode, decision: values.sandbox_mode, diagnostics };
}

type Diag = Pick<Diagnostic, 'kind' | 'severity' | 'key'>;

describe('sandbox validate', () => {
  const cases: { name: string; input: Req; expected: DiagnosticExpectation[] }[] = [
    { name: 'unset is fine', input: {}, expected: [] },
    { name: 'read-only alone is fine', input: { allowed_sandbox_modes: ['read-only'] }, expected: [] },
    {
      name: 'read-only anywhere in the list is fine',
      input: { allowed_sandbox_modes: ['danger-full-access', 'read-only'] },
      expected: [],
    },
    {
      name: 'a list without read-only is an error naming read-only',
      input: { allowed_sandbox_modes: ['workspace-write', 'danger-full-access'] },
      expected: [{ kind: 'invalid-value', severity: 'error', key: 'allowed_sandbox_modes', message: '"read-only"' }],
    },
    {
      name: 'an empty list lacks read-only too',
      input: { allowed_sandbox_modes: [] },
      expected: [
        { kind: 'invalid-value', severity: 'error', key: 'allowed_sandbox_modes', message: 'must include "read-only"' },
      ],
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const report = new DiagnosticBag('req.toml');
    provider.validate({ value: input, origins: {} } satisfies Combined<SandboxRequirement>, report.report);
    expect(report.items).toEqual(expected.map(diagnosticLike));
    if (expected.length > 0) expect(report.items[0]!.suggestion).toContain('read-only');
  });
});

describe('sandbox resolve', () => {
  const cases: {
    name: string;
    requirement: Req;
    requested?: SandboxMode;
    expected: SandboxMode;
    diagnostics: Diag[];
  }[] = [
    { name: 'no requirement, nothing asked: read-only', requirement: {}, expected: 'read-only', diagnostics: [] },
    {
      name: 'no requirement keeps any choice',
      requirement: {},
      requested: 'danger-full-access',
      expected: 'danger-full-access',
      diagnostics: [],
    },
    {
      name: 'allowed explicit mode is kept',
      requirement: { allowed_sandbox_modes: ['read-only', 'workspace-write'] },
      requested: 'workspace-write',
      expected: 'workspace-write',
      diagnostics: [],
    },
    {
      name: 'disallowed explicit mode falls back to read-only with a warning',
      requirement: { allowed_sandbox_modes: ['read-only', 'workspace-write'] },
      requested: 'danger-full-access',
      expected: 'read-only',
      diagnostics: [{ kind: 'disallowed-value', severity: 'warning', key: 'sandbox_mode' }],
    },
    {
      name: 'fallback is read-only even when workspace-write is listed first',
      requirement: { allowed_sandbox_modes: ['workspace-write', 'read-only'] },
      requested: 'danger-full-access',
      expected: 'read-only',
      diagnostics: [{ kind: 'disallowed-value', severity: 'warning', key: 'sandbox_mode' }],
    },
    {
      name: 'the default read-only is kept even when not first',
      requirement: { allowed_sandbox_modes: ['workspace-write', 'read-only'] },
      expected: 'read-only',
      diagnostics: [],
    },
    {
      name: 'a disallowed default (list that failed validation) is replaced with an info notice',
      requirement: { allowed_sandbox_modes: ['workspace-write'] },
      expected: 'read-only',
      diagnostics: [{ kind: 'replaced-default', severity: 'info', key: 'sandbox_mode' }],
    },
  ];

  it.each(cases)('$name', ({ requirement, requested, expected, diagnostics }) => {
    const result = resolve(requirement, requested);
    expect(result.mode).toBe(expected);
    expect(result.diagnostics.map(({ kind, severity, key }) => ({ kind, severity, key }))).toEqual(diagnostics);
  });

  it('the warning names the profile key, the fallback and the requirement source', () => {
    const context = resolveContext(
      provider,
      { allowed_sandbox_modes: ['read-only'] },
      { sandbox_mode: 'workspace-write' },
    );
    const asked = context.requested.sandbox_mode!;
    const { values, diagnostics = [] } = provider.resolve({
      ...context,
      requested: {
        sandbox_mode: { ...asked, origin: { ...asked.origin, layer: 'profile', key: 'profiles.work.sandbox_mode' } },
      },
    });
    const decision = values.sandbox_mode;
    const [warning] = diagnostics;
    expect(warning).toMatchObject({
      source: 'config.toml',
      provider: 'sandbox',
      suggestion: expect.stringContaining('profiles.work.sandbox_mode'),
    });
    expect(warning!.message).toContain(
      'Configured value for `sandbox_mode` (profiles.work.sandbox_mode) is disallowed by requirements',
    );
    expect(warning!.message).toContain('falling back to required value "read-only"');
    expect(warning!.message).toContain(
      'invalid value for `sandbox_mode`: "workspace-write" is not in the allowed set ["read-only"] (set by req.toml)',
    );
    expect(decision).toEqual({
      value: 'read-only',
      rule: 'fallback: read-only, the sandbox fallback',
      constrainedBy: ['allowed_sandbox_modes'],
    });
  });
});

describe('sandbox tighten and allows', () => {
  const tightenCases: { name: string; input: [Req, Req]; expected: Req }[] = [
    { name: 'unset on both sides', input: [{}, {}], expected: {} },
    {
      name: 'unset first side',
      input: [{}, { allowed_sandbox_modes: ['read-only'] }],
      expected: { allowed_sandbox_modes: ['read-only'] },
    },
    {
      name: 'unset second side',
      input: [{ allowed_sandbox_modes: ['read-only'] }, {}],
      expected: { allowed_sandbox_modes: ['read-only'] },
    },
    {
      name: 'intersection in the first list order',
      input: [
        { allowed_sandbox_modes: ['workspace-write', 'read-only', 'danger-full-access'] },
        { allowed_sandbox_modes: ['read-only', 'workspace-write'] },
      ],
      expected: { allowed_sandbox_modes: ['workspace-write', 'read-only'] },
    },
    {
      name: 'disjoint lists meet in an empty list',
      input: [{ allowed_sandbox_modes: ['workspace-write'] }, { allowed_sandbox_modes: ['danger-full-access'] }],
      expected: { allowed_sandbox_modes: [] },
    },
  ];

  it.each(tightenCases)('tighten: $name', ({ input: [a, b], expected }) => {
    expect(provider.tighten(a, b)).toStrictEqual(expected);
  });

  const allowsCases: { name: string; requirement: Req; value: Partial<SandboxSettings>; expected: boolean }[] = [
    { name: 'no requirement', requirement: {}, value: { sandbox_mode: 'danger-full-access' }, expected: true },
    { name: 'unset value', requirement: { allowed_sandbox_modes: ['read-only'] }, value: {}, expected: true },
    {
      name: 'listed mode',
      requirement: { allowed_sandbox_modes: ['read-only', 'workspace-write'] },
      value: { sandbox_mode: 'workspace-write' },
      expected: true,
    },
    {
      name: 'unlisted mode',
      requirement: { allowed_sandbox_modes: ['read-only', 'workspace-write'] },
      value: { sandbox_mode: 'danger-full-access' },
      expected: false,
    },
    {
      name: 'empty list allows no mode',
      requirement: { allowed_sandbox_modes: [] },
      value: { sandbox_mode: 'read-only' },
      expected: false,
    },
  ];

  it.each(allowsCases)('allows: $name', ({ requirement, value, expected }) => {
    expect(provider.allows(requirement, value)).toBe(expected);
  });
});

describe('sandbox fromManagedConfig', () => {
  const cases: { name: string; input: Table; expected: Table }[] = [
    { name: 'no sandbox_mode', input: { approval_policy: 'never' }, expected: {} },
    {
      name: 'sandbox_mode = "read-only"',
      input: { sandbox_mode: 'read-only' },
      expected: { allowed_sandbox_modes: ['read-only'] },
    },
    {
      name: 'sandbox_mode = "workspace-write"',
      input: { sandbox_mode: 'workspace-write' },
      expected: { allowed_sandbox_modes: ['read-only', 'workspace-write'] },
    },
    {
      name: 'sandbox_mode = "danger-full-access"',
      input: { sandbox_mode: 'danger-full-access' },
      expected: { allowed_sandbox_modes: ['read-only', 'danger-full-access'] },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const implied = provider.fromManagedConfig(input, new DiagnosticBag().report);
    expect(implied).toStrictEqual(expected);
    const report = new DiagnosticBag('managed_config.toml');
    provider.validate(
      {
        value: provider.parse(implied, {
          source: { kind: 'legacy', label: 'm' },
          report: report.report,
          hostname: () => undefined,
        }),
        origins: {},
      },
      report.report,
    );
    expect(report.items).toEqual([]);
  });
});

describe('sandbox properties', () => {
  it('the effective mode is always in a list that contains read-only (seed 4242)', () => {
    const list = fc
      .shuffledSubarray<SandboxMode>([...SANDBOX_MODES])
      .map((modes) => (modes.includes('read-only') ? modes : [...modes, 'read-only' as const]));
    const asked = fc.option(fc.constantFrom<SandboxMode>(...USER_SANDBOX_MODES), { nil: undefined });
    const prop = fc.property(list, asked, (modes, mode) => {
      const { mode: effective, diagnostics } = resolve({ allowed_sandbox_modes: modes }, mode);
      expect(modes).toContain(effective);
      const kept = mode === undefined || modes.includes(mode);
      expect(effective).toBe(kept ? (mode ?? 'read-only') : 'read-only');
      expect(diagnostics).toHaveLength(kept ? 0 : 1);
    });
    fc.assert(prop, { seed: 4242, numRuns: 500 });
  });
});
