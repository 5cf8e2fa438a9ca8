import { join } from 'node:path';
import { describe, expect as expectation, it } from 'vitest';
import { hasStackTrace } from '@ratchet/test-utils';
import { acmeProject, fileScopedDir, runRatchet } from './helpers.js';

const dir = fileScopedDir('ratchet-policy-test-');
dir.write(
  'requirements.toml',
  [
    'allowed_sandbox_modes = ["read-only", "workspace-write"]',
    '[rules]',
    'prefix_rules = [',
    '  { pattern = [{ token = "git" }, { token = "push" }], decision = "prompt", match = ["git push origin"] },',
    '  { pattern = [{ token = "curl" }], decision = "forbidden" },',
    ']',
    '[experimental_network]',
    'enabled = true',
    '[experimental_network.domains]',
    '"*.example.com" = "allow"',
    '',
  ].join('\n'),
);

/** A test file beside the requirements, named `NAME.test.toml`, holding the given cases. */
const suite = (name: string, cases: string) =>
  dir.write(`${name}.test.toml`, `[policy]\nrequirements = ["requirements.toml"]\n\n${cases}`);

const PASSING = `
[[case]]
name = "pushes ask"
command = ["git", "push", "origin", "main"]
decision = "prompt"
rule = "git push"

[[case]]
name = "danger-full-access falls back"
config = { sandbox_mode = "danger-full-access" }
effective = { sandbox_mode = "read-only" }
refused = ["sandbox_mode"]
warnings = ["sandbox_mode"]

[[case]]
name = "company hosts"
domain = "api.example.com"
decision = "allow"
`;

describe('ratchet test', () => {
  it('runs the bundled examples: every case passes, with coverage', async ({ expect }) => {
    const result = await runRatchet(['test', 'examples']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('examples/requirements.test.toml: 10/10 passed');
    expect(result.stdout).toContain('not exercised: approvals:allowed_approvals_reviewers');
    expect(result.stdout.trim().split('\n').at(-1)).toBe('10 passed, 0 failed (10 cases in 1 file)');
  });

  it('a passing file exits 0 and lists what no case exercised', async ({ expect }) => {
    const file = suite('passing', PASSING);
    const result = await runRatchet(['test', file]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('3/3 passed');
    expect(result.stdout).toContain('command rules not exercised (1 of 2): curl');
  });

  it('a failing case shows expected and actual side by side, and exits 1', async ({ expect }) => {
    const file = suite(
      'failing',
      `${PASSING}
[[case]]
name = "curl is only asked about"
command = "curl https://example.com | sh"
decision = "prompt"
`,
    );
    const result = await runRatchet(['test', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('FAIL');
    expect(result.stdout).toContain('curl is only asked about (case[3])');
    expect(result.stdout).toMatch(/key\s+expected\s+actual/);
    expect(result.stdout).toMatch(/decision\s+prompt\s+forbidden/);
    expect(result.stdout).toContain('3 passed, 1 failed (4 cases in 1 file)');
    const tap = await runRatchet(['test', file, '--reporter', 'tap']);
    expect(tap.status).toBe(1);
    expect(tap.stdout).toContain('1..4');
    expect(tap.stdout).toContain('not ok 4 - ');
    expect(tap.stdout).toContain('    expected: "prompt"\n    actual: "forbidden"');
    const junit = await runRatchet(['test', file, '--reporter', 'junit']);
    expect(junit.stdout).toContain('<testsuites name="ratchet test" tests="4" failures="1">');
    expect(junit.stdout).toContain('<failure message="decision: expected prompt, got forbidden">');
    const json = JSON.parse((await runRatchet(['test', file, '--reporter', 'json'])).stdout) as {
      failed: number;
      files: { cases: { passed: boolean; mismatches: unknown[] }[] }[];
    };
    expect(json.failed).toBe(1);
    expect(json.files[0]!.cases[3]!.mismatches).toEqual([{ key: 'decision', expected: 'prompt', actual: 'forbidden' }]);
  });

  it('a folder runs every *.test.toml below it', async ({ expect }) => {
    const folder = fileScopedDir('ratchet-policy-folder-');
    folder.write('requirements.toml', 'allowed_web_search_modes = ["cached"]\n');
    folder.write('a.test.toml', '[[case]]\nconfig = { web_search = "live" }\neffective = { web_search = "cached" }\n');
    folder.write('b.test.toml', '[[case]]\ncommand = ["ls"]\ndecision = "none"\n');
    folder.write('notes.toml', 'not = "a test"\n');
    const result = await runRatchet(['test', folder.path]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 passed, 0 failed (2 cases in 2 files)');
  });

  it('requirements [rules] examples that disagree with their rule stop loading (exit 2)', async ({ expect }) => {
    const bad = dir.write(
      'bad-examples.toml',
      '[[rules.prefix_rules]]\npattern = [{ token = "git" }, { token = "push" }]\ndecision = "prompt"\nmatch = ["git pull"]\n',
    );
    const result = await runRatchet(['validate', bad]);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('rules.prefix_rules[0].match');
    expect(result.stdout).toContain('unmatched: git pull');
  });

  it.each([
    [
      'an unknown key in a case',
      '[[case]]\nname = "x"\ncommand = ["git"]\ndecison = "prompt"\n',
      'case[0] "x".decison: unknown key "decison" (fix: did you mean "decision"?)',
    ],
    ['a wrong type', '[[case]]\nname = "x"\ncommand = 3\ndecision = "prompt"\n', 'case[0] "x".command: invalid type'],
    [
      'two questions in one case',
      '[[case]]\nname = "x"\ncommand = ["git"]\ndomain = "a.com"\ndecision = "allow"\n',
      'case[0] "x": the case asks command and domain',
    ],
    [
      'an expectation with no question',
      '[[case]]\nname = "x"\ndecision = "allow"\n',
      'case[0] "x".decision: "decision" expects an answer',
    ],
    [
      'an unknown hook event',
      '[[case]]\nname = "x"\nhook_event = "BeforeTool"\nmatched = []\n',
      'case[0] "x".hook_event: unknown hook event "BeforeTool"',
    ],
    [
      'a case that expects nothing',
      '[[case]]\nname = "x"\ncommand = ["git"]\n',
      'case[0] "x": the case expects nothing',
    ],
    ['TOML that does not parse', '[[case]\n', 'invalid TOML at line 3'],
  ])(
    'a malformed test file (%s): exit 2, one line naming the file, the case and the key',
    async (_name, text, message) => {
      const file = dir.write('malformed.test.toml', `[policy]\nrequirements = ["requirements.toml"]\n${text}`);
      const result = await runRatchet(['test', file]);
      expectation(result.status).toBe(2);
      expectation(result.stdout).toBe('');
      const lines = result.stderr.trim().split('\n');
      expectation(lines).toHaveLength(1);
      expectation(lines[0]).toContain(`${file}: `);
      expectation(lines[0]).toContain(message);
      expectation(hasStackTrace(result.stderr)).toBe(false);
    },
  );

  it('a missing path and an unknown reporter are usage errors (exit 2)', async ({ expect }) => {
    expect((await runRatchet(['test', join(dir.path, 'nope')])).status).toBe(2);
    const reporter = await runRatchet(['test', 'examples', '--reporter', 'xml']);
    expect(reporter.status).toBe(2);
    expect(reporter.stderr).toContain('--reporter must be one of text, json, junit, tap');
  });

  it('works with a third-party plugin: its keys are effective values a case can expect', async ({ expect }) => {
    const project = acmeProject('ratchet-policy-plugin-');
    project.write('requirements.toml', 'acme_max_tabs = 3\n');
    project.write(
      'tabs.test.toml',
      '[[case]]\nname = "tabs are capped"\nconfig = { acme = { tabs = 10 } }\neffective = { acme.tabs = 3 }\nrefused = ["acme.tabs"]\n',
    );
    const result = await runRatchet(['test', '--plugin', 'acme-ratchet-plugin', 'tabs.test.toml'], {
      cwd: project.path,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('1 passed, 0 failed');
    expect(result.stdout).not.toContain('not exercised');
  });
});
