import { describe, expect, it } from 'vitest';
import { DiagnosticBag, type RequirementSource } from '@ratchet/core';
import { resolveWith } from '@ratchet/testkit';
import { surfacesProvider, type SurfacesSettings } from './provider.js';
import type { SurfacesRequirement } from './requirement.js';

const provider = surfacesProvider({ home: () => '/home/tester' });
type Req = Partial<SurfacesRequirement>;
const resolve = (requirement: Req, asked: Partial<SurfacesSettings> = {}) => resolveWith(provider, requirement, asked);

describe('surfaces resolve: exact values', () => {
  it('without a requirement the user value stands, or stays unset', () => {
    const out = resolve({}, { log_dir: '/tmp/logs', 'feedback.enabled': true });
    expect(out.effective).toMatchObject({ log_dir: '/tmp/logs', 'feedback.enabled': true, sqlite_home: undefined });
    expect(out.values.log_dir).toEqual({ value: '/tmp/logs', rule: 'requested value' });
    expect(out.diagnostics).toEqual([]);
  });

  it('a required value is the value whether or not the user set one', () => {
    const out = resolve({
      log_dir: '/var/log/codex',
      feedback: { enabled: false },
      cli_auth_credentials_store: 'keyring',
    });
    expect(out.effective).toMatchObject({
      log_dir: '/var/log/codex',
      'feedback.enabled': false,
      cli_auth_credentials_store: 'keyring',
    });
    expect(out.values['feedback.enabled']).toEqual({
      value: false,
      rule: 'required by feedback.enabled',
      constrainedBy: ['feedback'],
    });
    expect(out.diagnostics).toEqual([]);
  });

  it('replacing a different user value is noted quietly, naming both', () => {
    const out = resolve({ check_for_update_on_startup: false }, { check_for_update_on_startup: true });
    expect(out.effective.check_for_update_on_startup).toBe(false);
    expect(out.diagnostics).toEqual([
      expect.objectContaining({
        kind: 'disallowed-value',
        severity: 'info',
        key: 'check_for_update_on_startup',
        source: 'config.toml',
        provider: 'surfaces',
      }),
    ]);
    expect(out.diagnostics[0]!.message).toBe(
      'check_for_update_on_startup = true is replaced by the required check_for_update_on_startup = false (set by req.toml)',
    );
  });

  it('the same user value is kept without a note', () => {
    expect(
      resolve({ chatgpt_base_url: 'https://a.example' }, { chatgpt_base_url: 'https://a.example' }).diagnostics,
    ).toEqual([]);
  });

  it('an empty [feedback] table leaves feedback.enabled to the user', () => {
    expect(resolve({ feedback: {} }, { 'feedback.enabled': true }).effective['feedback.enabled']).toBe(true);
  });

  it('conflicting exact values (strict layering) refuse with an error', () => {
    const out = resolve({ allow_login_shell: { conflicting: [true, false] } });
    expect(out.diagnostics).toEqual([
      expect.objectContaining({ kind: 'conflict', severity: 'error', key: 'allow_login_shell' }),
    ]);
    expect(out.diagnostics[0]!.message).toContain('required to be true and false at once');
  });
});

describe('surfaces resolve: [otel]', () => {
  it("the required fields replace the user's, the user's other fields stay, and a replaced value is noted", () => {
    const out = resolve(
      { otel: { environment: 'prod', log_user_prompt: false } },
      { otel: { environment: 'dev', exporter: 'statsig' } },
    );
    expect(out.effective.otel).toEqual({ environment: 'prod', log_user_prompt: false, exporter: 'statsig' });
    expect(out.values.otel).toMatchObject({ constrainedBy: ['otel'] });
    expect(out.diagnostics).toEqual([
      expect.objectContaining({ severity: 'info', key: 'otel.environment', message: expect.stringContaining('"dev"') }),
    ]);
  });

  it('without [otel] in requirements the user table stands', () => {
    const out = resolve({}, { otel: { environment: 'dev' } });
    expect(out.effective.otel).toEqual({ environment: 'dev' });
    expect(out.diagnostics).toEqual([]);
  });
});

describe('surfaces resolve: reported runtime values', () => {
  it('each requirement appears under its own name, constrained by its field', () => {
    const requirement: Req = {
      allow_appshots: false,
      computer_use: { allow_locked_computer_use: false },
      marketplaces: { restrict_to_allowed_sources: true },
      'auto_review.required_on_models': ['gpt-5.2'],
      models: { new_thread: { model: 'gpt-5.2' } },
      additional_developer_instructions: 'Cite tickets.',
    };
    const out = resolve(requirement);
    expect(out.effective).toMatchObject({
      allow_appshots: false,
      computer_use: { allow_locked_computer_use: false },
      marketplaces: { restrict_to_allowed_sources: true },
      'auto_review.required_on_models': ['gpt-5.2'],
      'models.new_thread': { model: 'gpt-5.2' },
      additional_developer_instructions: 'Cite tickets.',
    });
    expect(out.values['models.new_thread']).toMatchObject({
      constrainedBy: ['models'],
      rule: expect.stringContaining('reported for hosts to enforce'),
    });
  });

  it('unset requirements report nothing', () => {
    const out = resolve({});
    for (const key of [
      'allow_appshots',
      'browser_use',
      'in_app_browser',
      'auto_review.ignore_rules',
      'models.new_thread',
    ])
      expect(out.effective[key], key).toBeUndefined();
    expect(out.values.browser_use).toEqual({ value: undefined, rule: 'no browser_use requirement' });
  });
});

describe('surfaces tighten and allows', () => {
  const cases: { name: string; input: [Req, Req]; expected: Req }[] = [
    { name: 'unset on both sides', input: [{}, {}], expected: {} },
    { name: 'an unset side takes the other', input: [{}, { log_dir: '/a' }], expected: { log_dir: '/a' } },
    { name: 'equal exact values agree', input: [{ log_dir: '/a' }, { log_dir: '/a' }], expected: { log_dir: '/a' } },
    {
      name: 'different exact values conflict',
      input: [{ log_dir: '/a' }, { log_dir: '/b' }],
      expected: { log_dir: { conflicting: ['/a', '/b'] } },
    },
    {
      name: 'feedback pins meet inside the table',
      input: [{ feedback: { enabled: true } }, { feedback: {} }],
      expected: { feedback: { enabled: true } },
    },
    {
      name: 'allow flags: false wins',
      input: [{ allow_appshots: true }, { allow_appshots: false }],
      expected: { allow_appshots: false },
    },
    {
      name: 'the journal-mode enforcement switch: true wins',
      input: [{ unsafe_enforce_sqlite_journal_mode: false }, { unsafe_enforce_sqlite_journal_mode: true }],
      expected: { unsafe_enforce_sqlite_journal_mode: true },
    },
    {
      name: 'slugs union',
      input: [{ 'auto_review.required_on_models': ['a', 'b'] }, { 'auto_review.required_on_models': ['b', 'c'] }],
      expected: { 'auto_review.required_on_models': ['a', 'b', 'c'] },
    },
    {
      name: 'computer use: deny wins, booleans and, app maps join',
      input: [
        {
          computer_use: {
            default_app_access: 'allow',
            allow_persistent_approval: true,
            macos: { bundle_ids: { a: 'allow' } },
          },
        },
        {
          computer_use: {
            default_app_access: 'deny',
            allow_persistent_approval: false,
            macos: { bundle_ids: { a: 'deny', b: 'allow' } },
          },
        },
      ],
      expected: {
        computer_use: {
          default_app_access: 'deny',
          allow_persistent_approval: false,
          macos: { bundle_ids: { a: 'deny', b: 'allow' } },
        },
      },
    },
    {
      name: 'marketplaces: both restricting keep only the sources both allow',
      input: [
        {
          marketplaces: {
            restrict_to_allowed_sources: true,
            allowed_sources: { a: { source: 'local', path: '/p' }, b: { source: 'local', path: '/q' } },
          },
        },
        {
          marketplaces: {
            restrict_to_allowed_sources: true,
            allowed_sources: { a: { source: 'local', path: '/p' }, b: { source: 'local', path: '/r' } },
          },
        },
      ],
      expected: {
        marketplaces: { restrict_to_allowed_sources: true, allowed_sources: { a: { source: 'local', path: '/p' } } },
      },
    },
    {
      name: 'marketplaces: one restricting keeps its own sources',
      input: [
        { marketplaces: { allowed_sources: { a: { source: 'local', path: '/p' } } } },
        { marketplaces: { restrict_to_allowed_sources: true } },
      ],
      expected: { marketplaces: { restrict_to_allowed_sources: true, allowed_sources: {} } },
    },
    {
      name: 'different instructions both apply',
      input: [{ additional_developer_instructions: 'A.' }, { additional_developer_instructions: 'B.' }],
      expected: { additional_developer_instructions: 'A.\n\nB.' },
    },
  ];

  it.each(cases)('tighten: $name', ({ input: [a, b], expected }) => {
    expect(provider.tighten(a, b)).toStrictEqual(expected);
  });

  const allowsCases: { name: string; requirement: Req; value: Partial<SurfacesSettings>; expected: boolean }[] = [
    { name: 'no requirement', requirement: {}, value: { log_dir: '/x' }, expected: true },
    { name: 'unset values', requirement: { log_dir: '/a' }, value: {}, expected: true },
    { name: 'the required value', requirement: { log_dir: '/a' }, value: { log_dir: '/a' }, expected: true },
    { name: 'another value', requirement: { log_dir: '/a' }, value: { log_dir: '/b' }, expected: false },
    {
      name: 'feedback.enabled against [feedback]',
      requirement: { feedback: { enabled: false } },
      value: { 'feedback.enabled': true },
      expected: false,
    },
    {
      name: 'runtime-only requirements constrain no setting',
      requirement: { allow_appshots: false, computer_use: {} },
      value: { allow_login_shell: true },
      expected: true,
    },
    {
      name: 'nothing satisfies a conflict',
      requirement: { sqlite_home: { conflicting: ['/a', '/b'] } },
      value: {},
      expected: false,
    },
  ];

  it.each(allowsCases)('allows: $name', ({ requirement, value, expected }) => {
    expect(provider.allows(requirement, value)).toBe(expected);
  });
});

describe('surfaces validate', () => {
  const layer = (label: string): RequirementSource => ({ kind: 'file', label });
  const validate = (value: Req, field: keyof SurfacesRequirement, sources = [layer('a.toml'), layer('b.toml')]) => {
    const report = new DiagnosticBag('req.toml');
    provider.validate({ value, origins: { [field]: sources } }, report.report);
    return report.items;
  };

  it('refuses exact values left in conflict, naming the layers', () => {
    expect(validate({ feedback: { enabled: { conflicting: [true, false] } } }, 'feedback')).toEqual([
      expect.objectContaining({
        kind: 'conflict',
        severity: 'error',
        key: 'feedback.enabled',
        message: '`feedback.enabled` is required to be true and false at once (by a.toml, b.toml)',
      }),
    ]);
  });

  it('warns about allowed sources Codex cannot compile while restricted, and only then', () => {
    const sources = {
      a: { source: 'git' as const },
      b: { source: 'local' as const, path: 'rel' },
      c: { source: 'host_pattern' as const, host_pattern: '(' },
      d: { url: 'x' },
      ok: { source: 'git' as const, url: 'https://g.example/x.git' },
    };
    const items = validate(
      { marketplaces: { restrict_to_allowed_sources: true, allowed_sources: sources } },
      'marketplaces',
      [layer('a.toml')],
    );
    expect(items.map((d) => [d.severity, d.key, d.message.split(': ')[1]?.split(';')[0]])).toEqual([
      ['warning', 'marketplaces.allowed_sources.a', 'missing url'],
      ['warning', 'marketplaces.allowed_sources.b', 'local path must be absolute'],
      ['warning', 'marketplaces.allowed_sources.c', 'host_pattern is not a usable regular expression'],
      ['warning', 'marketplaces.allowed_sources.d', 'missing source'],
    ]);
    expect(items[0]!.message).toContain('invalid marketplace allowed source `a` in a.toml');
    expect(validate({ marketplaces: { allowed_sources: sources } }, 'marketplaces')).toEqual([]);
  });
});
