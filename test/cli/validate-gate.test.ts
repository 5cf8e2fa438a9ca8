// `validate` as a CI gate: --strict fails on warnings, layers are checked together as resolve combines them, `.rules`
// files are read as Starlark with their examples checked, and managed hooks that can never run as written are named.
import { describe, it } from 'vitest';
import { EXAMPLE_REQUIREMENTS, expectNoStackTrace, fileScopedDir, lines, runRatchet } from './helpers.js';

/** A hang guard for runs of the command on a machine shared with other work, not a speed claim. */
const HANG_GUARD = { timeout: 120_000 };

const dir = fileScopedDir('ratchet-cli-validate-gate-');
const typo = dir.write('typo.toml', 'allowed_sandbox_mode = ["read-only"]\n');
const hooks = (dirName: string) => `[features]
hooks = true

[hooks]
managed_dir = "${dirName}"

[[hooks.PreToolUse]]
matcher = "(?=Bash)"
[[hooks.PreToolUse.hooks]]
type = "command"
command = "${dirName}/check.sh"

[[hooks.Stop]]
matcher = "Bash"
[[hooks.Stop.hooks]]
type = "command"
command = "${dirName}/stop.sh"

[[hooks.PostToolUse]]
matcher = "Edit"
hooks = []
`;
const managedHooks = dir.write('hooks.toml', hooks('/etc/codex/hooks'));
const otherDir = dir.write('other.toml', '[hooks]\nmanaged_dir = "/opt/other/hooks"\n');
const goodRules = dir.write(
  'good.rules',
  'prefix_rule(pattern = ["git", "push"], decision = "prompt", match = ["git push origin"], not_match = ["git status"])\n',
);
const wrongExample = dir.write(
  'wrong-example.rules',
  'prefix_rule(pattern = ["git"], decision = "allow", match = ["npm install"])\n',
);
const brokenRules = dir.write('broken.rules', 'prefix_rule(pattern = ["git"], decision = "allow"\n');

interface GateJson {
  ok: boolean;
  files: { file: string; diagnostics: { severity: string; key?: string; message: string }[] }[];
  layers?: { file: string; diagnostics: { severity: string; key?: string; message: string }[] };
}

describe.concurrent('validate --strict', HANG_GUARD, () => {
  it('a misspelt key: exit 0 without --strict, exit 1 with it, and says why', async ({ expect }) => {
    const [plain, strict] = await Promise.all([
      runRatchet(['validate', typo]),
      runRatchet(['validate', '--strict', typo]),
    ]);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('did you mean "allowed_sandbox_modes"?');
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('did you mean "allowed_sandbox_modes"?');
    expect(lines(strict.stdout).at(-1)).toBe('strict: failing on the warnings above (exit 1)');
  });

  it('a clean file passes --strict; an error is still 2 with --strict', async ({ expect }) => {
    const broken = dir.write('broken.toml', 'allowed_sandbox_modes = "read-only"\n');
    const [clean, error] = await Promise.all([
      runRatchet(['validate', '--strict', EXAMPLE_REQUIREMENTS]),
      runRatchet(['validate', '--strict', broken, typo]),
    ]);
    expect(clean.status, clean.stdout).toBe(0);
    expect(error.status).toBe(2);
    expectNoStackTrace(error);
  });

  it('--json says ok: false under --strict with a warning', async ({ expect }) => {
    const result = await runRatchet(['validate', '--strict', '--json', typo]);
    expect(result.status).toBe(1);
    expect((JSON.parse(result.stdout) as GateJson).ok).toBe(false);
  });
});

describe.concurrent('validate checks layers together', HANG_GUARD, () => {
  it('two layers that each validate but conflict when combined: exit 2 naming both', async ({ expect }) => {
    const clean = dir.write('clean-hooks.toml', '[hooks]\nmanaged_dir = "/etc/codex/hooks"\n');
    const [alone, together, resolve] = await Promise.all([
      runRatchet(['validate', clean]),
      runRatchet(['validate', clean, otherDir]),
      runRatchet(['resolve', '--requirements', clean, '--requirements', otherDir, '--config', typo]),
    ]);
    expect(alone.status).toBe(0);
    expect(resolve.status).toBe(2);
    expect(together.status).toBe(2);
    const line = lines(together.stdout).find((l) => l.startsWith('error:'))!;
    expect(line).toContain('hooks.managed_dir');
    expect(line).toContain('/etc/codex/hooks');
    expect(line).toContain('/opt/other/hooks');
    const json = JSON.parse((await runRatchet(['validate', '--json', clean, otherDir])).stdout) as GateJson;
    expect(json.files.every((f) => f.diagnostics.length === 0)).toBe(true);
    expect(json.layers?.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', key: 'hooks.managed_dir' }),
    ]);
  });

  it('one file is not checked twice', async ({ expect }) => {
    const result = await runRatchet(['validate', '--json', EXAMPLE_REQUIREMENTS]);
    expect(JSON.parse(result.stdout)).not.toHaveProperty('layers');
  });
});

describe.concurrent('validate reads .rules files as Starlark', HANG_GUARD, () => {
  it('a good rules file is ok, not "invalid TOML"', async ({ expect }) => {
    const result = await runRatchet(['validate', goodRules]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${goodRules}: ok\n`);
  });

  it('an example its rule does not match, and a syntax error: exit 2 with file, line and column', async ({
    expect,
  }) => {
    const result = await runRatchet(['validate', wrongExample, brokenRules, goodRules]);
    expect(result.status).toBe(2);
    const out = lines(result.stdout);
    expect(out.find((l) => l.includes('wrong-example.rules'))).toMatch(
      /^error: .*wrong-example\.rules: 1:\d+: .*npm install/,
    );
    expect(out.find((l) => l.includes('broken.rules'))).toMatch(/^error: .*broken\.rules: \d+:\d+: /);
    expect(result.stdout).not.toContain('TOML');
  });

  it('rules files are not layers: requirements beside them are still checked on their own', async ({ expect }) => {
    const result = await runRatchet(['validate', '--json', goodRules, EXAMPLE_REQUIREMENTS]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).not.toHaveProperty('layers');
  });
});

describe.concurrent('validate names managed hooks that can never run as written', HANG_GUARD, () => {
  it('an invalid matcher, a matcher on an event that ignores it, a group with no hook: warnings, 1 with --strict', async ({
    expect,
  }) => {
    const [plain, strict] = await Promise.all([
      runRatchet(['validate', managedHooks]),
      runRatchet(['validate', '--strict', managedHooks]),
    ]);
    expect(plain.status).toBe(0);
    expect(strict.status).toBe(1);
    const warnings = lines(plain.stdout).filter((l) => l.startsWith('warning:'));
    expect(warnings.find((w) => w.includes('hooks.PreToolUse[0].matcher'))).toContain('look-around');
    expect(warnings.find((w) => w.includes('hooks.Stop[0].matcher'))).toContain('Stop ignores matchers');
    expect(warnings.find((w) => w.includes('hooks.PostToolUse[0].hooks'))).toContain('no hook to run');
  });
});
