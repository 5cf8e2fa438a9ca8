import { describe, expect, it } from 'vitest';
import type { Requested } from '../provider/contract.js';
import { pickAllowed, type PickOptions } from './pick.js';

const ALLOWED = ['on-request', 'never'];

function options(overrides: Partial<PickOptions<string>> = {}): PickOptions<string> {
  return {
    provider: 'approvals',
    key: 'approval_policy',
    requested: undefined,
    defaultValue: 'untrusted',
    field: 'allowed_approval_policies',
    fieldValue: ALLOWED,
    sources: [{ kind: 'system', label: '/etc/codex/requirements.toml' }],
    allowed: (v) => ALLOWED.includes(v),
    fallback: () => ({ value: 'on-request', rule: 'first allowed approval policy' }),
    ...overrides,
  };
}

const asked = (value: string): Requested<string> => ({
  value,
  origin: { layer: 'profile', source: '/home/u/.codex/config.toml', key: 'profiles.work.approval_policy' },
});

describe('pickAllowed', () => {
  it('keeps an allowed requested value', () => {
    expect(pickAllowed(options({ requested: asked('never') }))).toEqual({
      decision: {
        value: 'never',
        rule: 'requested value, allowed by allowed_approval_policies',
        constrainedBy: ['allowed_approval_policies'],
      },
      diagnostics: [],
    });
  });

  it('keeps an allowed default', () => {
    const result = pickAllowed(options({ defaultValue: 'never' }));
    expect(result.decision).toEqual({
      value: 'never',
      rule: 'default value, allowed by allowed_approval_policies',
      constrainedBy: ['allowed_approval_policies'],
    });
    expect(result.diagnostics).toEqual([]);
  });

  it('keeps any value when no field constrains the setting, without calling allowed', () => {
    const result = pickAllowed(
      options({
        field: undefined,
        requested: asked('untrusted'),
        allowed: () => {
          throw new Error('must not be asked');
        },
      }),
    );
    expect(result.decision).toEqual({ value: 'untrusted', rule: 'requested value', constrainedBy: [] });
    expect(pickAllowed(options({ field: undefined })).decision.rule).toBe('default value');
  });

  it('warns and falls back for a disallowed explicit value', () => {
    const { decision, diagnostics } = pickAllowed(options({ requested: asked('untrusted') }));
    expect(decision).toEqual({
      value: 'on-request',
      rule: 'fallback: first allowed approval policy',
      constrainedBy: ['allowed_approval_policies'],
    });
    expect(diagnostics).toHaveLength(1);
    const d = diagnostics[0]!;
    expect(d).toMatchObject({
      kind: 'disallowed-value',
      severity: 'warning',
      source: '/home/u/.codex/config.toml',
      key: 'approval_policy',
      provider: 'approvals',
      suggestion: 'set profiles.work.approval_policy to a value in allowed_approval_policies or remove it',
    });
    expect(d.message).toContain('(profiles.work.approval_policy) is disallowed by requirements');
    expect(d.message).toContain('falling back to required value "on-request"');
    expect(d.message).toContain(
      '"untrusted" is not in the allowed set ["on-request", "never"] (set by /etc/codex/requirements.toml)',
    );
  });

  it('reports a disallowed default at info level and falls back', () => {
    const { decision, diagnostics } = pickAllowed(options());
    expect(decision.value).toBe('on-request');
    expect(decision.rule).toBe('fallback: first allowed approval policy');
    expect(diagnostics).toEqual([
      {
        kind: 'replaced-default',
        severity: 'info',
        key: 'approval_policy',
        provider: 'approvals',
        message:
          'default value "untrusted" for `approval_policy` is not allowed by allowed_approval_policies (set by /etc/codex/requirements.toml); using "on-request"',
      },
    ]);
  });

  it('joins several sources and falls back to "requirements" without any', () => {
    const two = pickAllowed(
      options({
        sources: [
          { kind: 'cloud', label: 'cloud' },
          { kind: 'mdm', label: 'mdm' },
        ],
      }),
    );
    expect(two.diagnostics[0]!.message).toContain('(set by cloud, mdm)');
    expect(pickAllowed(options({ sources: [] })).diagnostics[0]!.message).toContain('(set by requirements)');
  });

  it('uses a custom formatter for the value', () => {
    const { diagnostics } = pickAllowed(options({ requested: asked('untrusted'), format: (v) => `<${v}>` }));
    expect(diagnostics[0]!.message).toContain('falling back to required value <on-request>');
    expect(diagnostics[0]!.message).toContain('<untrusted> is not in the allowed set');
  });

  it('calls fallback only when needed', () => {
    let calls = 0;
    const fallback = () => {
      calls++;
      return { value: 'on-request', rule: 'r' };
    };
    pickAllowed(options({ requested: asked('never'), fallback }));
    expect(calls).toBe(0);
    pickAllowed(options({ requested: asked('untrusted'), fallback }));
    expect(calls).toBe(1);
  });
});
