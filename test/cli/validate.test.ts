import { join } from 'node:path';
import { describe, it } from 'vitest';
import { EXAMPLE_REQUIREMENTS, expectNoStackTrace, fileScopedDir, lines, parseJson, runRatchet } from './helpers.js';

const dir = fileScopedDir('ratchet-cli-validate-');

/** One file with four problems: an unknown enum value, an empty reviewers list, no read-only, a typo'd key. */
const messy = dir.write(
  'messy.toml',
  [
    'allowed_approval_policies = ["on-request", "sometimes"]',
    'allowed_approvals_reviewers = []',
    'allowed_sandbox_modes = ["workspace-write"]',
    'allowed_sandbox_mode = ["read-only"]',
    '',
  ].join('\n'),
);

interface ValidateJson {
  ok: boolean;
  files: {
    file: string;
    diagnostics: {
      kind: string;
      severity: string;
      source?: string;
      key?: string;
      message: string;
      suggestion?: string;
    }[];
  }[];
}

describe.concurrent('ratchet validate FILE...', () => {
  it('a clean file prints FILE: ok and exits 0', async ({ expect }) => {
    const result = await runRatchet(['validate', EXAMPLE_REQUIREMENTS]);
    expect(result).toEqual({ status: 0, stdout: `${EXAMPLE_REQUIREMENTS}: ok\n`, stderr: '' });
  });

  it('an empty file is ok', async ({ expect }) => {
    const empty = dir.write('empty.toml', '');
    const result = await runRatchet(['validate', empty]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${empty}: ok\n`);
  });

  it('lists every problem of a file, each line naming the file and key, and exits 2', async ({ expect }) => {
    const result = await runRatchet(['validate', messy]);
    expect(result.status).toBe(2);
    expectNoStackTrace(result);
    const out = lines(result.stdout);
    expect(out).toHaveLength(4);
    const about = (key: string) => out.find((l) => l.includes(`${messy}: ${key}: `));
    expect(about('allowed_approval_policies[1]')).toMatch(/^error: .*unknown value "sometimes"/);
    expect(about('allowed_approvals_reviewers')).toMatch(/^error: .*cannot be empty/);
    expect(about('allowed_sandbox_modes')).toMatch(/^error: .*must include "read-only"/);
    expect(about('allowed_sandbox_mode')).toMatch(
      /^warning: .*unknown key "allowed_sandbox_mode".*did you mean "allowed_sandbox_modes"\?/,
    );
  });

  it('suggests the closest enum value for a typo', async ({ expect }) => {
    const typo = dir.write('typo-value.toml', 'allowed_approval_policies = ["on-reqest"]\n');
    const result = await runRatchet(['validate', typo]);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain(
      `${typo}: allowed_approval_policies[0]: unknown value "on-reqest" (fix: did you mean "on-request"?)`,
    );
  });

  it('an unknown key alone is a warning: the file still validates', async ({ expect }) => {
    const unknown = dir.write('unknown-key.toml', 'allowed_web_search_mode = ["cached"]\n');
    const result = await runRatchet(['validate', unknown]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^warning: .*allowed_web_search_mode: .*did you mean "allowed_web_search_modes"\?/);
    expect(result.stdout).not.toContain(': ok');
  });

  it('checks every file and fails if any fails', async ({ expect }) => {
    const result = await runRatchet(['validate', EXAMPLE_REQUIREMENTS, messy]);
    expect(result.status).toBe(2);
    const out = lines(result.stdout);
    expect(out[0]).toBe(`${EXAMPLE_REQUIREMENTS}: ok`);
    expect(out.slice(1).every((l) => l.includes(messy))).toBe(true);
  });

  it('reports a syntax error with its line and column', async ({ expect }) => {
    const broken = dir.write('syntax.toml', 'allowed_sandbox_modes = ["read-only"]\nallowed_approval_policies = [\n');
    const result = await runRatchet(['validate', broken]);
    expect(result.status).toBe(2);
    expect(lines(result.stdout)).toEqual([
      expect.stringMatching(new RegExp(`^error: ${broken}: invalid TOML at line \\d+, column \\d+`)),
    ]);
  });

  it('reports a missing file', async ({ expect }) => {
    const missing = join(dir.path, 'missing.toml');
    const result = await runRatchet(['validate', missing]);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain(`${missing}: cannot read file (ENOENT)`);
  });

  it('validates remote_sandbox_config entries whether or not they match', async ({ expect }) => {
    const remote = dir.write(
      'remote.toml',
      '[[remote_sandbox_config]]\nhostname_patterns = ["*"]\nallowed_sandbox_modes = ["root"]\n',
    );
    const result = await runRatchet(['validate', remote]);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain(
      `${remote}: remote_sandbox_config[0].allowed_sandbox_modes[0]: unknown value "root"`,
    );
  });

  it('--json gives ok and every diagnostic per file', async ({ expect }) => {
    const result = await runRatchet(['validate', messy, EXAMPLE_REQUIREMENTS, '--json']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('');
    const doc = JSON.parse(result.stdout) as ValidateJson;
    expect(doc.ok).toBe(false);
    expect(doc.files.map((f) => f.file)).toEqual([messy, EXAMPLE_REQUIREMENTS]);
    expect(doc.files[1]!.diagnostics).toEqual([]);
    const found = doc.files[0]!.diagnostics.map((d) => [d.severity, d.kind, d.key]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['error', 'unknown-value', 'allowed_approval_policies[1]'],
        ['error', 'invalid-value', 'allowed_approvals_reviewers'],
        ['error', 'invalid-value', 'allowed_sandbox_modes'],
        ['warning', 'unknown-key', 'allowed_sandbox_mode'],
      ]),
    );
    expect(found).toHaveLength(4);
    expect(doc.files[0]!.diagnostics.every((d) => d.source === messy)).toBe(true);
    expect(doc.files[0]!.diagnostics.find((d) => d.key === 'allowed_sandbox_mode')!.suggestion).toBe(
      'did you mean "allowed_sandbox_modes"?',
    );
  });

  it('--json on a clean file says ok', async ({ expect }) => {
    const doc = parseJson<ValidateJson>(await runRatchet(['validate', '--json', EXAMPLE_REQUIREMENTS]));
    expect(doc).toEqual({ ok: true, files: [{ file: EXAMPLE_REQUIREMENTS, diagnostics: [] }] });
  });

  it('without a FILE exits 2 with a usage line on stderr', async ({ expect }) => {
    const result = await runRatchet(['validate']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([
      'ratchet validate: validate needs at least one FILE; run ratchet validate --help',
    ]);
  });
});

describe.concurrent('ratchet schema', () => {
  it('prints a JSON Schema of requirements.toml with every built-in key', async ({ expect }) => {
    const schema = parseJson<{ $schema: string; type: string; properties: Record<string, { description?: string }> }>(
      await runRatchet(['schema']),
    );
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'allowed_approval_policies',
        'allowed_approvals_reviewers',
        'guardian_policy_config',
        'allowed_sandbox_modes',
        'remote_sandbox_config',
        'allowed_web_search_modes',
      ]),
    );
  });

  it('spells the enum values like requirements.toml does', async ({ expect }) => {
    const { stdout } = await runRatchet(['schema']);
    for (const word of [
      'on-request',
      'untrusted',
      'read-only',
      'workspace-write',
      'danger-full-access',
      'cached',
      'live',
      'disabled',
    ]) {
      expect(stdout).toContain(`"${word}"`);
    }
  });

  it('takes no arguments', async ({ expect }) => {
    const result = await runRatchet(['schema', 'extra']);
    expect(result.status).toBe(2);
    expect(lines(result.stderr)).toEqual(['ratchet schema: schema takes no arguments; run ratchet schema --help']);
  });
});
