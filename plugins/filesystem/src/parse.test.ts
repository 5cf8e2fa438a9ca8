import { describe, expect, it } from 'vitest';
import { combineLayers, type RequirementSource, type Table } from '@ratchet/core';
import { parseSlice, resolveWith, TEST_SOURCE } from '@ratchet/testkit';
import { diagnosticLike } from '@ratchet/testkit/vitest';
import { DENY_READ_FIELD as DENY_READ } from './entries.js';
import { filesystemProvider, type FilesystemRequirement } from './provider.js';

const FILE: RequirementSource = {
  kind: 'system',
  label: '/etc/codex/requirements.toml',
  path: '/etc/codex/requirements.toml',
};
let homeCalls = 0;
const provider = filesystemProvider({ homedir: () => (homeCalls++, '/home/alice') });
const slice = (deny_read: unknown): Table => ({ permissions: { filesystem: { deny_read } } });
const parse = (table: Table, source: RequirementSource = FILE) => parseSlice(provider, table, { source });
const denyOf = (table: Table, source?: RequirementSource) => parse(table, source).requirement[DENY_READ];

describe('deny_read entries', () => {
  it('keeps absolute paths, cleaning duplicate and trailing slashes and . and ..', () => {
    expect(denyOf(slice(['/Users/alice/.ssh', '//srv//data/', '/a/./b/../c']))).toEqual([
      '/Users/alice/.ssh',
      '/srv/data',
      '/a/c',
    ]);
  });

  it("resolves relative entries against the requirements file's folder (Codex load_requirements_toml_resolves_deny_read_against_parent)", () => {
    expect(denyOf(slice(['./private/**/*.txt', 'secrets', '../shared/key']))).toEqual([
      '/etc/codex/private/**/*.txt',
      '/etc/codex/secrets',
      '/etc/shared/key',
    ]);
  });

  it("resolves against the layer's baseDir when its source gives one (cloud: CODEX_HOME)", () => {
    const cloud = { kind: 'cloud', label: 'cloud requirements', baseDir: '/home/alice/.codex' } as RequirementSource;
    expect(denyOf(slice(['private']), cloud)).toEqual(['/home/alice/.codex/private']);
  });

  it('refuses a relative entry in a layer without a folder, naming the fix', () => {
    const { requirement, diagnostics } = parse(slice(['/ok', 'private/**']), TEST_SOURCE);
    expect(requirement).toEqual({});
    expect(diagnostics).toEqual([
      diagnosticLike({
        kind: 'invalid-value',
        severity: 'error',
        key: `${DENY_READ}[1]`,
        message: 'relative',
        suggestion: 'write an absolute path',
      }),
    ]);
  });

  it('expands ~ and ~/ with the home folder, asking for it only when needed', () => {
    homeCalls = 0;
    expect(denyOf(slice(['/abs']))).toEqual(['/abs']);
    expect(homeCalls).toBe(0);
    expect(denyOf(slice(['~/.ssh', '~', '~/**/.env']))).toEqual([
      '/home/alice/.ssh',
      '/home/alice',
      '/home/alice/**/.env',
    ]);
    expect(homeCalls).toBe(3);
    expect(parse(slice(['~bob/.ssh'])).diagnostics).toEqual([
      diagnosticLike({ kind: 'invalid-value', message: 'only ~ and ~/ are expanded' }),
    ]);
  });

  it("keeps a glob's wildcard part and absolutizes the folder before it", () => {
    expect(denyOf(slice(['*.pem', '/srv/*/secret?', '/data/[ab]/x', '/**/.env']))).toEqual([
      '/etc/codex/*.pem',
      '/srv/*/secret?',
      '/data/[ab]/x',
      '/**/.env',
    ]);
  });

  it("refuses . and .. after a glob's first wildcard, and blank entries", () => {
    expect(parse(slice(['/srv/*/../secret'])).diagnostics).toEqual([
      diagnosticLike({ kind: 'invalid-value', key: `${DENY_READ}[0]`, message: '. and ..' }),
    ]);
    expect(parse(slice(['  '])).diagnostics).toEqual([diagnosticLike({ kind: 'invalid-value', message: 'blank' })]);
  });

  it('drops repeats, first occurrence kept', () => {
    expect(denyOf(slice(['/a', '/b', '/a/', './x', '/etc/codex/x']))).toEqual(['/a', '/b', '/etc/codex/x']);
  });

  it('rejects wrong shapes', () => {
    expect(parse(slice('/a')).diagnostics).toEqual([diagnosticLike({ kind: 'invalid-type', key: DENY_READ })]);
    expect(parse(slice(['/a', 3])).diagnostics).toEqual([
      diagnosticLike({ kind: 'invalid-type', key: `${DENY_READ}[1]` }),
    ]);
    expect(parse({ permissions: [] }).diagnostics).toEqual([
      diagnosticLike({ kind: 'invalid-type', key: 'permissions' }),
    ]);
    expect(parse({ permissions: { filesystem: 'x' } }).diagnostics).toEqual([
      diagnosticLike({ kind: 'invalid-type', key: 'permissions.filesystem' }),
    ]);
  });
});

describe('the rest of [permissions]', () => {
  it('accepts managed permission profiles with a not-enforced warning', () => {
    const { requirement, diagnostics } = parse({
      permissions: { dev: { extends: ':workspace' }, filesystem: { deny_read: ['/x'] } },
    });
    expect(requirement).toEqual({ [DENY_READ]: ['/x'] });
    expect(diagnostics).toEqual([
      diagnosticLike({ kind: 'not-enforced', severity: 'warning', key: 'permissions.dev' }),
    ]);
  });

  it('refuses profile keys in [permissions.filesystem] (reserved) and warns about unknown keys', () => {
    expect(parse({ permissions: { filesystem: { extends: ':workspace' } } }).diagnostics).toEqual([
      diagnosticLike({
        kind: 'invalid-value',
        severity: 'error',
        key: 'permissions.filesystem.extends',
        message: 'reserved for requirements-level filesystem constraints',
      }),
    ]);
    expect(parse({ permissions: { filesystem: { deny_reads: ['/x'] } } }).diagnostics).toEqual([
      diagnosticLike({
        kind: 'unknown-key',
        severity: 'warning',
        key: 'permissions.filesystem.deny_reads',
        suggestion: 'deny_read',
      }),
    ]);
  });

  it('prints what it parses', () => {
    const r = parse(slice(['/a', '/etc/codex/**/*.txt'])).requirement;
    expect(provider.print(r)).toEqual(slice(['/a', '/etc/codex/**/*.txt']));
    expect(parse(provider.print(r)).requirement).toEqual(r);
  });
});

describe('deny_read across layers and as a runtime value', () => {
  const layer = (label: string, list: string[]) => ({
    source: { kind: 'file', label } as const,
    requirement: { [DENY_READ]: list } as Partial<FilesystemRequirement>,
  });

  it('joins every layer, highest first, without repeats (precedence and strict alike)', () => {
    const layers = [layer('cloud', ['/b', '/a']), layer('system', ['/a', '/c'])];
    for (const mode of ['precedence', 'strict'] as const) {
      const combined = combineLayers(provider, layers, mode);
      expect(combined.value).toEqual({ [DENY_READ]: ['/b', '/a', '/c'] });
      expect(combined.origins[DENY_READ]?.map((s) => s.label)).toEqual(['cloud', 'system']);
    }
  });

  it('outputs the effective list, empty when no layer set one', () => {
    expect(resolveWith(provider, { [DENY_READ]: ['/a'] }, {}).values[DENY_READ]).toEqual({
      value: ['/a'],
      rule: expect.stringContaining('joined'),
      constrainedBy: [DENY_READ],
    });
    expect(resolveWith(provider, {}, {}).effective).toEqual({ [DENY_READ]: [] });
  });
});
