import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Diagnostic } from '@ratchet/core';
import { lawSeed, resolveWith } from '@ratchet/testkit';
import { windowsTableArbitrary } from './arbitraries.js';
import { WINDOWS_SANDBOXES, type WindowsSandbox } from './implementations.js';
import { windowsProvider, type WindowsSettings } from './provider.js';
import { type WindowsRequirement, type WindowsTable } from './requirement.js';

const provider = windowsProvider();
type Req = Partial<WindowsRequirement>;
type Diag = Pick<Diagnostic, 'kind' | 'severity' | 'key'>;

function resolve(requirement: Req, asked: Partial<WindowsSettings> = {}) {
  const { effective, values, diagnostics } = resolveWith(provider, requirement, asked);
  return { effective, values, diagnostics };
}
const list = (...impls: WindowsSandbox[]): Req => ({ windows: { allowed_sandbox_implementations: impls } });
const brief = (ds: readonly Diagnostic[]): Diag[] => ds.map(({ kind, severity, key }) => ({ kind, severity, key }));
const warned: Diag = { kind: 'disallowed-value', severity: 'warning', key: 'windows.sandbox' };

describe('windows resolve: windows.sandbox', () => {
  const cases: {
    name: string;
    input: { requirement: Req; asked?: WindowsSandbox };
    expected: { value: WindowsSandbox | undefined; diagnostics: Diag[] };
  }[] = [
    {
      name: 'no requirement, unset: stays unset',
      input: { requirement: {} },
      expected: { value: undefined, diagnostics: [] },
    },
    {
      name: 'no requirement: the user value stands',
      input: { requirement: {}, asked: 'unelevated' },
      expected: { value: 'unelevated', diagnostics: [] },
    },
    {
      name: 'a table without a list leaves it free',
      input: { requirement: { windows: { sandbox_private_desktop: true } }, asked: 'unelevated' },
      expected: { value: 'unelevated', diagnostics: [] },
    },
    {
      name: 'an allowed value is kept',
      input: { requirement: list('elevated', 'unelevated'), asked: 'unelevated' },
      expected: { value: 'unelevated', diagnostics: [] },
    },
    {
      name: 'a disallowed value falls back to elevated with a warning',
      input: { requirement: list('elevated'), asked: 'unelevated' },
      expected: { value: 'elevated', diagnostics: [warned] },
    },
    {
      name: 'elevated disallowed falls back to unelevated',
      input: { requirement: list('unelevated'), asked: 'elevated' },
      expected: { value: 'unelevated', diagnostics: [warned] },
    },
    {
      name: 'unset under a list takes elevated silently, whatever the order',
      input: { requirement: list('unelevated', 'elevated') },
      expected: { value: 'elevated', diagnostics: [] },
    },
    {
      name: 'unset under ["unelevated"] takes unelevated silently',
      input: { requirement: list('unelevated') },
      expected: { value: 'unelevated', diagnostics: [] },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const out = resolve(input.requirement, input.asked === undefined ? {} : { 'windows.sandbox': input.asked });
    expect(out.effective['windows.sandbox']).toBe(expected.value);
    expect(brief(out.diagnostics)).toEqual(expected.diagnostics);
  });

  it("the warning follows Codex's text and names where the list was set", () => {
    const [warning] = resolve(list('elevated'), { 'windows.sandbox': 'unelevated' }).diagnostics;
    expect(warning).toMatchObject({
      source: 'config.toml',
      provider: 'windows',
      suggestion: expect.stringContaining('windows.allowed_sandbox_implementations'),
    });
    expect(warning!.message).toContain(
      'Configured value for `windows.sandbox` is disallowed by requirements; falling back to required value "elevated"',
    );
    expect(warning!.message).toContain(
      'invalid value for `windows.sandbox`: "unelevated" is not in the allowed set ["elevated"] (set by req.toml)',
    );
  });

  it('decisions name the [windows] field and the rule', () => {
    const { values } = resolve(list('unelevated'));
    expect(values['windows.sandbox']).toEqual({
      value: 'unelevated',
      rule: 'not set: elevated if allowed, else unelevated',
      constrainedBy: ['windows'],
    });
    expect(resolve({}, { 'windows.sandbox': 'elevated' }).values['windows.sandbox']).toEqual({
      value: 'elevated',
      rule: 'requested value',
    });
  });
});

describe('windows resolve: windows.sandbox_private_desktop', () => {
  const pin = (value: boolean): Req => ({ windows: { sandbox_private_desktop: value } });

  it('without a pin the user value stands, or stays unset', () => {
    expect(resolve({}, { 'windows.sandbox_private_desktop': false }).effective['windows.sandbox_private_desktop']).toBe(
      false,
    );
    expect(resolve(list('elevated')).effective['windows.sandbox_private_desktop']).toBeUndefined();
  });

  it('a pin is the value whether or not the user set one', () => {
    expect(resolve(pin(true)).effective['windows.sandbox_private_desktop']).toBe(true);
    expect(resolve(pin(true), { 'windows.sandbox_private_desktop': true }).diagnostics).toEqual([]);
  });

  it('a pin replacing a different user value is noted quietly', () => {
    const out = resolve(pin(false), { 'windows.sandbox_private_desktop': true });
    expect(out.effective['windows.sandbox_private_desktop']).toBe(false);
    expect(out.diagnostics).toEqual([
      expect.objectContaining({
        kind: 'disallowed-value',
        severity: 'info',
        key: 'windows.sandbox_private_desktop',
        source: 'config.toml',
      }),
    ]);
    expect(out.diagnostics[0]!.message).toContain(
      'replaced by the required windows.sandbox_private_desktop = false (set by req.toml)',
    );
  });

  it('contradicting pins (strict layering) refuse with an error', () => {
    const out = resolve({ windows: { sandbox_private_desktop: 'unsatisfiable' } });
    expect(brief(out.diagnostics)).toEqual([
      { kind: 'conflict', severity: 'error', key: 'windows.sandbox_private_desktop' },
    ]);
  });
});

describe('windows tighten and allows', () => {
  const tightenCases: { name: string; input: [Req, Req]; expected: Req }[] = [
    { name: 'unset on both sides', input: [{}, {}], expected: {} },
    { name: 'an unset side takes the other', input: [{}, list('elevated')], expected: list('elevated') },
    {
      name: 'lists intersect in the first order',
      input: [list('unelevated', 'elevated'), list('elevated', 'unelevated')],
      expected: list('unelevated', 'elevated'),
    },
    { name: 'disjoint lists leave none', input: [list('elevated'), list('unelevated')], expected: list() },
    {
      name: 'a list and a pin join',
      input: [list('elevated'), { windows: { sandbox_private_desktop: true } }],
      expected: { windows: { allowed_sandbox_implementations: ['elevated'], sandbox_private_desktop: true } },
    },
    {
      name: 'equal pins agree',
      input: [{ windows: { sandbox_private_desktop: true } }, { windows: { sandbox_private_desktop: true } }],
      expected: { windows: { sandbox_private_desktop: true } },
    },
    {
      name: 'contradicting pins are unsatisfiable',
      input: [{ windows: { sandbox_private_desktop: true } }, { windows: { sandbox_private_desktop: false } }],
      expected: { windows: { sandbox_private_desktop: 'unsatisfiable' } },
    },
  ];

  it.each(tightenCases)('tighten: $name', ({ input: [a, b], expected }) => {
    expect(provider.tighten(a, b)).toStrictEqual(expected);
  });

  const allowsCases: { name: string; requirement: Req; value: Partial<WindowsSettings>; expected: boolean }[] = [
    { name: 'no requirement', requirement: {}, value: { 'windows.sandbox': 'unelevated' }, expected: true },
    { name: 'unset values', requirement: list('elevated'), value: {}, expected: true },
    {
      name: 'a listed implementation',
      requirement: list('elevated'),
      value: { 'windows.sandbox': 'elevated' },
      expected: true,
    },
    {
      name: 'an unlisted implementation',
      requirement: list('elevated'),
      value: { 'windows.sandbox': 'unelevated' },
      expected: false,
    },
    {
      name: 'the pinned desktop value',
      requirement: { windows: { sandbox_private_desktop: true } },
      value: { 'windows.sandbox_private_desktop': true },
      expected: true,
    },
    {
      name: 'another desktop value',
      requirement: { windows: { sandbox_private_desktop: true } },
      value: { 'windows.sandbox_private_desktop': false },
      expected: false,
    },
    {
      name: 'nothing satisfies contradicting pins',
      requirement: { windows: { sandbox_private_desktop: 'unsatisfiable' } },
      value: {},
      expected: false,
    },
  ];

  it.each(allowsCases)('allows: $name', ({ requirement, value, expected }) => {
    expect(provider.allows(requirement, value)).toBe(expected);
  });
});

describe(`windows properties (fast-check seed ${lawSeed()})`, () => {
  it('a non-empty list always yields a listed implementation; explicit values change only with a warning', () => {
    const table = windowsTableArbitrary.filter((t: WindowsTable) => t.allowed_sandbox_implementations?.length !== 0);
    const asked = fc.option(fc.constantFrom<WindowsSandbox>(...WINDOWS_SANDBOXES), { nil: undefined });
    fc.assert(
      fc.property(table, asked, (t, impl) => {
        const out = resolve({ windows: t }, impl === undefined ? {} : { 'windows.sandbox': impl });
        const value = out.effective['windows.sandbox'] as WindowsSandbox | undefined;
        const listed = t.allowed_sandbox_implementations;
        if (listed !== undefined) expect(listed).toContain(value);
        else expect(value).toBe(impl);
        const changed = impl !== undefined && value !== impl;
        expect(out.diagnostics.some((d) => d.severity === 'warning' && d.key === 'windows.sandbox')).toBe(changed);
      }),
      { seed: lawSeed(), numRuns: 300 },
    );
  });
});
