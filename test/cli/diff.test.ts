import { join } from 'node:path';
import { describe, it } from 'vitest';
import { hasStackTrace } from '@ratchet/test-utils';
import { acmeProject, EXAMPLE_REQUIREMENTS, fileScopedDir, runRatchet } from './helpers.js';

const V2 = 'examples/requirements.v2.toml';
const dir = fileScopedDir('ratchet-diff-');

interface DiffJson {
  loosens: boolean;
  probes: number;
  providers: {
    provider: string;
    status: string;
    loosened: { key: string; input: string; old: string; new: string; case: Record<string, unknown> }[];
    tightened: { key: string; input: string; old: string; new: string }[];
  }[];
}

const parse = (stdout: string) => JSON.parse(stdout) as DiffJson;
const provider = (diff: DiffJson, id: string) => diff.providers.find((p) => p.provider === id)!;

describe('ratchet diff OLD NEW', () => {
  it('the bundled v2 policy loosens one rule and tightens another: exit 1, with a witness for each', async ({
    expect,
  }) => {
    const result = await runRatchet(['diff', EXAMPLE_REQUIREMENTS, V2]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^command-rules +loosened/m);
    expect(result.stdout).toContain('+ command rm -fr: forbidden -> none');
    expect(result.stdout).toContain('- command git push: prompt -> forbidden');
    expect(result.stdout).toMatch(
      /^unchanged: approvals, .*surfaces, login, model-providers, application, config-server$/m,
    );
    const diff = parse((await runRatchet(['diff', EXAMPLE_REQUIREMENTS, V2, '--json'])).stdout);
    expect(diff.loosens).toBe(true);
    expect(provider(diff, 'command-rules').loosened[0]).toEqual({
      key: 'command',
      input: 'command rm -fr',
      old: 'forbidden',
      new: 'none',
      case: { command: ['rm', '-fr'] },
    });
    expect(diff.providers.filter((p) => p.status !== 'unchanged').map((p) => p.provider)).toEqual(['command-rules']);
  });

  it('the reverse direction loosens too (pushes were forbidden and now only ask)', async ({ expect }) => {
    const diff = parse((await runRatchet(['diff', V2, EXAMPLE_REQUIREMENTS, '--json'])).stdout);
    expect(diff.loosens).toBe(true);
    expect(provider(diff, 'command-rules').loosened.map((w) => w.input)).toContain('command git push');
  });

  it('a policy against itself, and against a strictly tighter policy, loosens nothing: exit 0', async ({ expect }) => {
    const same = await runRatchet(['diff', EXAMPLE_REQUIREMENTS, EXAMPLE_REQUIREMENTS]);
    expect(same.status).toBe(0);
    expect(same.stdout).toContain('0 loosened, 0 changed without a proof, 0 tightened, 17 unchanged');
    const tighter = dir.write(
      'tighter.toml',
      'allowed_sandbox_modes = ["read-only"]\nallowed_web_search_modes = []\n[[rules.prefix_rules]]\npattern = [{ token = "curl" }]\ndecision = "forbidden"\n',
    );
    const base = dir.write('base.toml', 'allowed_sandbox_modes = ["read-only", "workspace-write"]\n');
    const result = await runRatchet(['diff', base, `${tighter},${base}`, '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const diff = parse(result.stdout);
    expect(diff.loosens).toBe(false);
    // The :workspace profile grants workspace-write, so it is refused with it.
    expect(
      provider(diff, 'sandbox')
        .tightened.map((w) => w.input)
        .sort(),
    ).toEqual(['permission_profile = ":workspace"', 'sandbox_mode = "workspace-write"']);
    expect(provider(diff, 'command-rules').tightened.map((w) => w.input)).toContain('command curl');
  });

  it('removing every requirement loosens each provider, with witnesses of each kind', async ({ expect }) => {
    const empty = dir.write('empty.toml', '');
    const diff = parse((await runRatchet(['diff', EXAMPLE_REQUIREMENTS, empty, '--json'])).stdout);
    const inputs = (id: string) => provider(diff, id).loosened.map((w) => w.input);
    expect(inputs('sandbox').sort()).toEqual([
      'permission_profile = ":danger-full-access"',
      'sandbox_mode = "danger-full-access"',
    ]);
    expect(inputs('features')).toContain('features.browser_use = true');
    expect(inputs('mcp')).toContain('server "ratchet-probe" command docs-mcp');
    expect(inputs('network')).toContain('host paste.example.net');
    expect(inputs('apps')).toEqual(['apps = { public_tracker = { enabled = true } }']);
    expect(provider(diff, 'hooks').loosened.find((w) => w.key === 'hook_event')?.new).toContain(
      'without PreToolUse[^Bash$]: /etc/codex/hooks/check-bash.sh',
    );
  });

  it('a third-party provider loaded with --plugin is compared like a built-in one', async ({ expect }) => {
    const project = acmeProject('ratchet-diff-plugin-');
    const three = project.write('three.toml', 'acme_max_tabs = 3\n');
    const five = project.write('five.toml', 'acme_max_tabs = 5\n');
    const run = (a: string, b: string) =>
      runRatchet(['diff', '--plugin', 'acme-ratchet-plugin', a, b, '--json'], { cwd: project.path });
    const looser = await run(three, five);
    expect(looser.status).toBe(1);
    expect(provider(parse(looser.stdout), 'acme-tabs').loosened.map((w) => `${w.input}: ${w.old} -> ${w.new}`)).toEqual(
      ['acme.tabs = 5: refused -> accepted'],
    );
    const tighter = await run(five, three);
    expect(tighter.status).toBe(0);
    expect(provider(parse(tighter.stdout), 'acme-tabs').status).toBe('tightened');
  });

  it('bad input: a missing argument, a file that does not parse, a missing file: exit 2, one line', async ({
    expect,
  }) => {
    const usage = await runRatchet(['diff', EXAMPLE_REQUIREMENTS]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('diff needs OLD and NEW');
    const broken = dir.write('broken.toml', 'allowed_sandbox_modes = [\n');
    for (const args of [
      [EXAMPLE_REQUIREMENTS, broken],
      [EXAMPLE_REQUIREMENTS, join(dir.path, 'missing.toml')],
      [`${EXAMPLE_REQUIREMENTS},`, ','],
    ]) {
      const result = await runRatchet(['diff', ...args]);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(hasStackTrace(result.stderr)).toBe(false);
    }
    expect((await runRatchet(['diff', EXAMPLE_REQUIREMENTS, broken])).stderr).toContain(`${broken}: invalid TOML`);
  });
});
