import { describe, expect, it } from 'vitest';
import { DiagnosticBag, type RequirementSource, type Table } from '@ratchet/core';
import { parseSlice, resolveWith } from '@ratchet/testkit';
import { diagnosticLike, type DiagnosticExpectation as Expected } from '@ratchet/testkit/vitest';
import { windowsProvider } from './provider.js';
import { UNSATISFIABLE, type WindowsRequirement, type WindowsTable } from './requirement.js';

const provider = windowsProvider();
const parse = (slice: Table) => parseSlice(provider, slice);
const like = (expected: Expected) => diagnosticLike({ source: 'req.toml', ...expected });

describe('windows parse: valid slices', () => {
  const cases: { name: string; input: Table; expected: Partial<WindowsRequirement> }[] = [
    { name: 'no [windows] constrains nothing', input: {}, expected: {} },
    {
      name: 'an empty table is still a table (it masks lower layers)',
      input: { windows: {} },
      expected: { windows: {} },
    },
    {
      name: 'both implementations, order kept',
      input: { windows: { allowed_sandbox_implementations: ['unelevated', 'elevated'] } },
      expected: { windows: { allowed_sandbox_implementations: ['unelevated', 'elevated'] } },
    },
    {
      name: 'the private desktop pin',
      input: { windows: { sandbox_private_desktop: false } },
      expected: { windows: { sandbox_private_desktop: false } },
    },
    {
      name: 'require_mxc, a boolean',
      input: { windows: { require_mxc: true } },
      expected: { windows: { require_mxc: true } },
    },
    {
      name: 'an empty list parses (validate refuses it)',
      input: { windows: { allowed_sandbox_implementations: [] } },
      expected: { windows: { allowed_sandbox_implementations: [] } },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parse(input);
    expect(requirement).toStrictEqual(expected);
    expect(diagnostics).toEqual([]);
  });

  it('normalization is idempotent: parse(print(parse(x))) equals parse(x)', () => {
    for (const { input } of cases) {
      const once = parse(input).requirement;
      expect(parse(provider.print(once)).requirement).toStrictEqual(once);
    }
  });

  it('an unknown key is warned about, with the closest known key, and the rest is read', () => {
    const { requirement, diagnostics } = parse({
      windows: { sandbox_private_dektop: true, allowed_sandbox_implementations: ['elevated'] },
    });
    expect(requirement).toStrictEqual({ windows: { allowed_sandbox_implementations: ['elevated'] } });
    expect(diagnostics).toEqual([
      like({
        kind: 'unknown-key',
        key: 'windows.sandbox_private_dektop',
        severity: 'warning',
        suggestion: 'did you mean "sandbox_private_desktop"?',
      }),
    ]);
  });
});

describe('windows parse: invalid slices', () => {
  const cases: { name: string; input: Table; expected: Expected[] }[] = [
    {
      name: 'a string where the table belongs',
      input: { windows: 'elevated' },
      expected: [{ kind: 'invalid-type', key: 'windows', severity: 'error', message: 'expected a table' }],
    },
    {
      name: 'a string where the list belongs',
      input: { windows: { allowed_sandbox_implementations: 'elevated' } },
      expected: [
        {
          kind: 'invalid-type',
          key: 'windows.allowed_sandbox_implementations',
          severity: 'error',
          message: 'found string',
        },
      ],
    },
    {
      name: 'an unknown variant suggests the close one',
      input: { windows: { allowed_sandbox_implementations: ['elevated', 'unelevatd'] } },
      expected: [
        {
          kind: 'unknown-value',
          key: 'windows.allowed_sandbox_implementations[1]',
          severity: 'error',
          suggestion: 'did you mean "unelevated"?',
        },
      ],
    },
    {
      name: 'spellings are exact',
      input: { windows: { allowed_sandbox_implementations: ['Elevated'] } },
      expected: [
        {
          kind: 'unknown-value',
          key: 'windows.allowed_sandbox_implementations[0]',
          severity: 'error',
          message: '"Elevated"',
        },
      ],
    },
    {
      name: 'a far-off word lists the accepted ones',
      input: { windows: { allowed_sandbox_implementations: ['restricted-token'] } },
      expected: [
        {
          kind: 'unknown-value',
          key: 'windows.allowed_sandbox_implementations[0]',
          severity: 'error',
          suggestion: 'use one of elevated, unelevated',
        },
      ],
    },
    {
      name: 'a string pin',
      input: { windows: { sandbox_private_desktop: 'yes', allowed_sandbox_implementations: ['elevated'] } },
      expected: [
        {
          kind: 'invalid-type',
          key: 'windows.sandbox_private_desktop',
          severity: 'error',
          message: 'expected a boolean',
        },
      ],
    },
    {
      name: 'require_mxc must be a boolean (the whole table fails, as in Codex)',
      input: { windows: { require_mxc: 'yes', sandbox_private_desktop: true } },
      expected: [
        { kind: 'invalid-type', key: 'windows.require_mxc', severity: 'error', message: 'expected a boolean' },
      ],
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parse(input);
    expect(requirement).toStrictEqual({});
    expect(diagnostics).toEqual(expected.map(like));
  });
});

describe('windows validate', () => {
  const layer = (label: string): RequirementSource => ({ kind: 'file', label });
  const validate = (table: WindowsTable, sources = [layer('req.toml')]) => {
    const report = new DiagnosticBag('req.toml');
    provider.validate({ value: { windows: table }, origins: { windows: sources } }, report.report);
    return report.items;
  };

  it('accepts a non-empty list, a pin, or an empty table', () => {
    expect(validate({ allowed_sandbox_implementations: ['unelevated'], sandbox_private_desktop: true })).toEqual([]);
    expect(validate({})).toEqual([]);
  });

  it("refuses an empty list with Codex's message", () => {
    expect(validate({ allowed_sandbox_implementations: [] })).toEqual([
      like({
        kind: 'invalid-value',
        key: 'windows.allowed_sandbox_implementations',
        severity: 'error',
        message: 'field `windows.allowed_sandbox_implementations` cannot be empty',
        suggestion: '"elevated"',
      }),
    ]);
  });

  it('says when strict layering emptied the list', () => {
    const [d] = validate({ allowed_sandbox_implementations: [] }, [layer('a.toml'), layer('b.toml')]);
    expect(d!.message).toContain('no implementation in common');
  });

  it('refuses contradicting pins, naming the layers', () => {
    expect(validate({ sandbox_private_desktop: UNSATISFIABLE }, [layer('a.toml'), layer('b.toml')])).toEqual([
      like({
        kind: 'conflict',
        key: 'windows.sandbox_private_desktop',
        severity: 'error',
        message: 'pinned both true and false (by a.toml, b.toml)',
      }),
    ]);
  });
});

describe('windows user settings', () => {
  it('windows.sandbox takes the two spellings and rejects others', () => {
    const report = new DiagnosticBag('config.toml');
    expect(provider.settings['windows.sandbox'].parse('unelevated', 'windows.sandbox', report.report)).toBe(
      'unelevated',
    );
    expect(provider.settings['windows.sandbox'].parse('restricted', 'windows.sandbox', report.report)).toBeUndefined();
    expect(report.items).toEqual([
      expect.objectContaining({ kind: 'unknown-value', key: 'windows.sandbox', severity: 'error' }),
    ]);
  });

  it('windows.sandbox_private_desktop is a boolean', () => {
    const report = new DiagnosticBag('config.toml');
    expect(
      provider.settings['windows.sandbox_private_desktop'].parse(
        true,
        'windows.sandbox_private_desktop',
        report.report,
      ),
    ).toBe(true);
    expect(
      provider.settings['windows.sandbox_private_desktop'].parse(
        'true',
        'windows.sandbox_private_desktop',
        report.report,
      ),
    ).toBeUndefined();
    expect(report.items).toEqual([
      expect.objectContaining({ kind: 'invalid-type', key: 'windows.sandbox_private_desktop' }),
    ]);
  });
});

describe('windows require_mxc', () => {
  it('is reported as a runtime value with its requirement, and strict layering requires it if any layer does', () => {
    const { effective, values } = resolveWith(provider, { windows: { require_mxc: true } }, {});
    expect(effective['windows.require_mxc']).toBe(true);
    expect(values['windows.require_mxc']?.constrainedBy).toEqual(['windows']);
    expect(resolveWith(provider, {}, {}).effective['windows.require_mxc']).toBeUndefined();
    const met = provider.tighten({ windows: { require_mxc: false } }, { windows: { require_mxc: true } });
    expect(met).toStrictEqual({ windows: { require_mxc: true } });
  });
});
