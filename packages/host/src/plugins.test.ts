import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlugins, pluginList, PluginLoadError, resolvePlugin } from './plugins.js';

const root = mkdtempSync(join(tmpdir(), 'ratchet-plugins-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): string {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** A provider as plain JavaScript, the shape `createProvider` gives. */
const provider = (id: string) => `{
  id: ${JSON.stringify(id)}, docs: { summary: 's', description: 'd' }, after: [], outputs: [], configTables: [],
  requirementKeys: [${JSON.stringify(`${id}_key`)}], fields: {}, settings: {}, schema: {},
  parse: () => ({}), validate: () => {}, tighten: (a) => a, allows: () => true, normalize: (v) => v,
  resolve: () => ({ values: {} }), print: () => ({}), fromManagedConfig: () => ({}),
}`;

write('local/one.mjs', `export default ${provider('acme-one')};\n`);
write('local/factory.mjs', `export default () => [${provider('acme-two')}, ${provider('acme-three')}];\n`);
write('local/not-a-plugin.mjs', 'export default { id: "x" };\n');
write('local/broken.mjs', 'export default {;\n');
write(
  'project/node_modules/@acme/ratchet-plugin/package.json',
  JSON.stringify({ name: '@acme/ratchet-plugin', type: 'module', exports: { '.': { import: './dist/index.js' } } }),
);
write('project/node_modules/@acme/ratchet-plugin/dist/index.js', `export default ${provider('acme-pkg')};\n`);
write('project/node_modules/legacy-plugin/package.json', JSON.stringify({ name: 'legacy-plugin', main: 'main.mjs' }));
write('project/node_modules/legacy-plugin/main.mjs', `export default ${provider('acme-legacy')};\n`);
mkdirSync(join(root, 'project/src/deep'), { recursive: true });

const ids = (loaded: Awaited<ReturnType<typeof loadPlugins>>) => loaded.map((r) => [r.provider.id, r.origin]);

describe('loadPlugins', () => {
  it('loads a module by path, relative to the folder given, its default export a provider', async () => {
    expect(ids(await loadPlugins(['./local/one.mjs'], root))).toEqual([['acme-one', './local/one.mjs']]);
  });

  it('calls a default export that is a function and takes every provider of the list it returns', async () => {
    expect(ids(await loadPlugins([join(root, 'local/factory.mjs')], '/'))).toEqual([
      ['acme-two', join(root, 'local/factory.mjs')],
      ['acme-three', join(root, 'local/factory.mjs')],
    ]);
  });

  it('finds a package in node_modules above the folder, through its import-only exports or its main', async () => {
    const from = join(root, 'project/src/deep');
    expect(resolvePlugin('@acme/ratchet-plugin', from)).toBe(
      join(root, 'project/node_modules/@acme/ratchet-plugin/dist/index.js'),
    );
    expect(ids(await loadPlugins(['@acme/ratchet-plugin', 'legacy-plugin'], from))).toEqual([
      ['acme-pkg', '@acme/ratchet-plugin'],
      ['acme-legacy', 'legacy-plugin'],
    ]);
  });

  it.each([
    ['no-such-plugin', 'cannot load plugin "no-such-plugin": no package no-such-plugin is installed at or above'],
    ['./local/missing.mjs', 'cannot load plugin "./local/missing.mjs":'],
    ['../local/not-a-plugin.mjs', 'its default export is not a provider'],
    // The reason is the runtime's own first line (Node: "Unexpected token"; vitest's loader words it otherwise).
    ['../local/broken.mjs', 'cannot load plugin "../local/broken.mjs": '],
    ['@acme/ratchet-plugin/extra', 'the package @acme/ratchet-plugin exports no ./extra'],
  ])('refuses %s with one line naming it', async (specifier, message) => {
    const failure = loadPlugins([specifier], join(root, 'project'));
    await expect(failure).rejects.toBeInstanceOf(PluginLoadError);
    await expect(failure).rejects.toThrow(message);
    await failure.catch((error: PluginLoadError) => {
      expect(error.message).not.toContain('\n');
      expect(error.exitCode).toBe(2);
    });
  });
});

describe('pluginList', () => {
  it('splits RATCHET_PLUGINS on commas and white space', () => {
    expect(pluginList(' @acme/a, ./b.mjs  c\n')).toEqual(['@acme/a', './b.mjs', 'c']);
    expect(pluginList(undefined)).toEqual([]);
  });
});
