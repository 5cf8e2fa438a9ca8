import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import {
  EXAMPLE_CONFIG,
  EXAMPLE_REQUIREMENTS,
  examples,
  expectInputError,
  fileScopedDir,
  lines,
  resolveJson,
  runRatchet,
  type ResolveJson,
} from './helpers.js';

const dir = fileScopedDir('ratchet-cli-features-');
const NONE = ['--no-default-sources'];

describe.concurrent('features through ratchet resolve', () => {
  it('shows effective.features as the full map of canonical keys', async ({ expect }) => {
    const out = await resolveJson([...NONE, '--config', dir.write('empty.toml', '')]);
    const features = out.effective.features as Record<string, boolean>;
    expect(Object.keys(features).length).toBeGreaterThan(80);
    expect(features).toMatchObject({ shell_tool: true, fast_mode: true, code_mode: false, code_mode_only: false });
    expect(features).not.toHaveProperty('collab');
  });

  it('applies a legacy alias pin in requirements to its canonical key, warning with the file, the key and the canonical key', async ({
    expect,
  }) => {
    const file = dir.write('alias.toml', '[features]\ncollab = false\n');
    const result = await runRatchet(['resolve', '--requirements', file, '--config', EXAMPLE_CONFIG, '--json']);
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as ResolveJson).effective.features).toMatchObject({ multi_agent: false });
    expect(result.stderr).toContain(`${file}: features.collab: using legacy \`features\` requirement \`collab\``);
    expect(result.stderr).toContain('prefer canonical feature key `multi_agent`');
  });

  it('warns about an unknown pin and a pin of a removed feature, suggesting the closest key, and ignores both', async ({
    expect,
  }) => {
    const file = dir.write('typo.toml', '[features]\nbrowser_uses = false\nworktrees = false\n');
    const result = await runRatchet(['resolve', '--requirements', file, '--config', EXAMPLE_CONFIG, '--json']);
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as ResolveJson).effective.features).toMatchObject({
      browser_use: true,
      worktrees: true,
    });
    expect(result.stderr).toContain(`${file}: features.browser_uses: ignoring unknown`);
    expect(result.stderr).toContain('did you mean `browser_use`?');
    expect(result.stderr).toContain(`${file}: features.worktrees: ignoring removed`);
  });

  it('stops loading when [features] and [feature_requirements] share a file', async () => {
    const file = dir.write('both.toml', '[features]\nfast_mode = true\n\n[feature_requirements]\nshell_tool = false\n');
    expectInputError(
      await runRatchet(['resolve', '--requirements', file, '--config', EXAMPLE_CONFIG]),
      file,
      'feature_requirements',
      '[features]',
    );
  });

  it('stops loading when the user config makes a pin impossible, listing the pins', async ({ expect }) => {
    const file = dir.write('code-mode-off.toml', '[features]\ncode_mode = false\nfast_mode = true\n');
    const config = dir.write('code-mode-only.toml', '[features]\ncode_mode_only = true\n');
    const line = expectInputError(
      await runRatchet(['resolve', '--requirements', file, '--config', config]),
      file,
      'code_mode=true',
    );
    expect(line).toContain('[code_mode=false, fast_mode=true]');
    expect(line).toContain('code_mode_only');
  });

  it('takes the whole [features] table from the highest layer that has one, naming that layer for every pin', async ({
    expect,
  }) => {
    const high = dir.write('high.toml', '[features]\nfast_mode = false\nmemories = true\n');
    const low = dir.write('low.toml', '[features]\nfast_mode = true\nshell_tool = false\n');
    const out = await resolveJson(['--requirements', high, '--requirements', low, '--config', dir.write('e.toml', '')]);
    expect(out.effective.features).toMatchObject({ fast_mode: false, memories: true, shell_tool: true });
    expect(out.provenance['features.fast_mode']!.constraints[0]!.sources).toEqual([high]);
    expect(out.provenance['features.memories']!.constraints[0]!.sources).toEqual([high]);
    expect(out.provenance['features.shell_tool']!.constraints).toEqual([]);
  });

  it('lets an empty [features] in a higher layer unpin what lower layers pin', async ({ expect }) => {
    const high = dir.write('empty-high.toml', '[features]\n');
    const low = dir.write('pins-low.toml', '[features]\nshell_tool = false\n');
    const out = await resolveJson([
      '--requirements',
      high,
      '--requirements',
      low,
      '--config',
      dir.write('e2.toml', ''),
    ]);
    expect(out.effective.features).toMatchObject({ shell_tool: true });
  });

  it('reads auto_review in requirements as a pin of guardian_approval', async ({ expect }) => {
    const file = dir.write('auto-review.toml', '[features]\nauto_review = false\n');
    const out = await resolveJson([
      '--requirements',
      file,
      '--config',
      dir.write('e3.toml', '[features]\nguardian_approval = true\n'),
    ]);
    expect(out.effective.features).toMatchObject({ guardian_approval: false });
    expect(out.provenance['features.guardian_approval']!.constraints[0]).toMatchObject({
      field: 'features.guardian_approval',
      value: false,
      sources: [file],
    });
  });

  it('in --strict layering, contradicting pins stop loading, naming both layers', async ({ expect }) => {
    const high = dir.write('s-high.toml', '[features]\nfast_mode = false\n');
    const low = dir.write('s-low.toml', '[features]\nfast_mode = true\n');
    const result = await runRatchet([
      'resolve',
      '--strict',
      '--requirements',
      high,
      '--requirements',
      low,
      '--config',
      dir.write('s.toml', ''),
    ]);
    const line = expectInputError(result, 'features.fast_mode', 'pinned both true and false');
    expect(line).toContain(high);
    expect(line).toContain(low);
  });

  it('applies -c features overrides above the file, and warns when a pin overrides them', async ({ expect }) => {
    const out = await resolveJson([...examples, '-c', 'features.computer_use=true', '-c', 'features.shell_tool=false']);
    expect(out.effective.features).toMatchObject({ computer_use: false, shell_tool: false });
    const warning = out.warnings.find((w) => w.key === 'features.computer_use');
    expect(warning?.message).toContain(EXAMPLE_REQUIREMENTS);
    expect(out.provenance['features.shell_tool']!.requested).toMatchObject({ layer: 'override', source: '-c' });
  });

  it('warns about a deprecated alias and an unknown key in config.toml, and still resolves', async ({ expect }) => {
    const config = dir.write('alias-config.toml', '[features]\ncodex_hooks = false\nfast_mod = false\n');
    const out = await resolveJson([...NONE, '--config', config]);
    expect(out.effective.features).toMatchObject({ hooks: false, fast_mode: true });
    const alias = out.warnings.find((w) => w.key === 'features.codex_hooks');
    expect(alias).toMatchObject({ kind: 'deprecated-key', source: config });
    expect(alias?.suggestion).toContain('[features].hooks');
    expect(out.warnings.find((w) => w.key === 'features.fast_mod')?.suggestion).toContain('features.fast_mode');
  });

  it('reads the deprecated web search feature flags as web_search, with a deprecation warning', async ({ expect }) => {
    const config = dir.write('ws.toml', '[features]\nweb_search_request = true\n');
    const out = await resolveJson([...NONE, '--config', config]);
    expect(out.effective).toMatchObject({ web_search: 'live', features: { web_search_request: true } });
    const warning = out.warnings.find((w) => w.key === 'features.web_search_request');
    // The features provider warns about a deprecated feature too: the user hears it once, with both fixes.
    expect(warning).toMatchObject({ kind: 'deprecated-key' });
    expect(warning?.suggestion).toContain('web_search = "live"');
  });

  it('explains a pinned feature with its request, its pin and the pin source', async ({ expect }) => {
    const result = await runRatchet(['explain', 'features.browser_use', ...examples]);
    expect(result.status).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toBe('features.browser_use = false');
    expect(out).toContain(`  constrained by: features.browser_use = false, set by ${EXAMPLE_REQUIREMENTS}`);
  });
});

describe.concurrent('ratchet check-write', () => {
  const policy = ['--requirements', EXAMPLE_REQUIREMENTS, '--config', EXAMPLE_CONFIG, '--hostname', 'x'];

  it('accepts writes that agree with the pins, exit 0', async ({ expect }) => {
    const result = await runRatchet([
      'check-write',
      'features.browser_use=false',
      'features.fast_mode=false',
      ...policy,
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('may be written');
  });

  it('refuses a write that contradicts a pin, naming the pin and its source, exit 2', async ({ expect }) => {
    const result = await runRatchet(['check-write', 'features.computer_use=true', ...policy]);
    const line = expectInputError(
      result,
      EXAMPLE_CONFIG,
      'features.computer_use = true',
      'features.computer_use = false',
    );
    expect(line).toContain(`set by ${EXAMPLE_REQUIREMENTS}`);
  });

  it('refuses a profile-scoped write, naming the profiled key', async () => {
    expectInputError(
      await runRatchet(['check-write', 'profiles.review.features.browser_use=true', ...policy]),
      'profiles.review.features.browser_use',
    );
  });

  it('refuses a write that would normalize into a combination the pins cannot survive', async () => {
    const pins = dir.write('cm.toml', '[features]\ncode_mode = false\n');
    const result = await runRatchet([
      'check-write',
      'features.code_mode_only=true',
      '--requirements',
      pins,
      '--config',
      dir.write('w.toml', ''),
    ]);
    expectInputError(result, 'code_mode=true', '[code_mode=false]');
  });

  it('refuses writes of other constrained settings too, and reports as JSON', async ({ expect }) => {
    const result = await runRatchet(['check-write', 'sandbox_mode="danger-full-access"', ...policy, '--json']);
    expect(result.status).toBe(2);
    const out = JSON.parse(result.stdout) as { ok: boolean; problems: { key: string; message: string }[] };
    expect(out.ok).toBe(false);
    expect(out.problems[0]).toMatchObject({ key: 'sandbox_mode' });
    expect(out.problems[0]!.message).toContain('allowed_sandbox_modes');
  });

  it('does not touch the config file', async ({ expect }) => {
    const config = dir.write('untouched.toml', '[features]\nfast_mode = true\n');
    const before = readFileSync(config, 'utf8');
    const result = await runRatchet([
      'check-write',
      'features.browser_use=true',
      '--requirements',
      EXAMPLE_REQUIREMENTS,
      '--config',
      config,
    ]);
    expect(result.status).toBe(2);
    expect(readFileSync(config, 'utf8')).toBe(before);
  });

  it('needs at least one KEY=VALUE', async ({ expect }) => {
    const result = await runRatchet(['check-write', ...policy]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('KEY=VALUE');
  });
});
