import { describe, expect, it } from 'vitest';
import { acmeProject, parseJson, runRatchet } from './helpers.js';

// A third-party plugin installed beside a project (its @ratchet/core is the repository's, as a package manager
// would link it), loaded into the command by name, by path, or through RATCHET_PLUGINS.
const project = acmeProject('ratchet-plugins-');
const requirements = project.write('requirements.toml', 'acme_max_tabs = 3\nallowed_sandbox_modes = ["read-only"]\n');
const config = project.write('config.toml', '[acme]\ntabs = 10\n');
const inProject = { cwd: project.path };

describe('third-party plugins in the command', () => {
  it('without the plugin, validate warns that its key is not enforced', async ({ expect }) => {
    const result = await runRatchet(['validate', requirements], inProject);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('unknown key "acme_max_tabs": no loaded provider owns it, so it is not enforced');
  });

  it('with --plugin NAME, validate knows its key', async ({ expect }) => {
    const result = await runRatchet(['validate', '--plugin', 'acme-ratchet-plugin', requirements], inProject);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(`${requirements}: ok`);
    expect(result.status).toBe(0);
    const bad = project.write('bad.toml', 'acme_max_tabs = "many"\n');
    const refused = await runRatchet(['validate', '--plugin=acme-ratchet-plugin', bad], inProject);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toContain(`error: ${bad}: acme_max_tabs: expected a positive integer, found "many"`);
  });

  it('schema includes its key', async ({ expect }) => {
    const schema = parseJson<{ properties: Record<string, unknown> }>(
      await runRatchet(['schema', '--plugin', './node_modules/acme-ratchet-plugin/index.js'], inProject),
    );
    expect(schema.properties.acme_max_tabs).toEqual({
      type: 'integer',
      minimum: 1,
      description: 'Most tabs a user may open.',
    });
    expect(schema.properties).toHaveProperty('allowed_sandbox_modes');
  });

  it('resolve, explain and check-write enforce it, loaded through RATCHET_PLUGINS', async ({ expect }) => {
    const env = { env: { RATCHET_PLUGINS: 'acme-ratchet-plugin' }, ...inProject };
    const flags = ['--requirements', requirements, '--config', config];
    const resolved = parseJson<{ effective: { acme: { tabs: number } }; warnings: { key: string }[] }>(
      await runRatchet(['resolve', '--json', ...flags], env),
    );
    expect(resolved.effective.acme.tabs).toBe(3);
    expect(resolved.warnings.map((w) => w.key)).toContain('acme.tabs');
    const explained = await runRatchet(['explain', 'acme.tabs', ...flags], env);
    expect(explained.stdout).toContain('acme_max_tabs = 3');
    const write = await runRatchet(['check-write', 'acme.tabs=5', ...flags], env);
    expect(write.status).toBe(2);
    expect(write.stderr).toContain('acme.tabs');
    expect((await runRatchet(['check-write', 'acme.tabs=2', ...flags], env)).status).toBe(0);
  });

  it.each([
    [
      ['--plugin', 'no-such-plugin'],
      'ratchet: cannot load plugin "no-such-plugin": no package no-such-plugin is installed',
    ],
    [['--plugin', './requirements.toml'], 'ratchet: cannot load plugin "./requirements.toml":'],
    [['--plugin'], 'ratchet schema: --plugin needs a MODULE'],
  ])('a bad plugin %j is one line on stderr and exit 2', async (flags, message) => {
    const result = await runRatchet(['schema', ...flags], inProject);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('a plugin that takes a built-in id is refused, naming both', async ({ expect }) => {
    const clash = project.write(
      'clash.mjs',
      "import make from 'acme-ratchet-plugin';\nexport default () => ({ ...make(), id: 'sandbox' });\n",
    );
    const result = await runRatchet(['validate', '--plugin', clash, requirements], inProject);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(`ratchet: provider "sandbox" is registered twice: by built-in and by ${clash}`);
  });
});
