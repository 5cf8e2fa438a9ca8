import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A third-party plugin written as its author would from the docs, as plain ESM: `acme_max_tabs` in
 * requirements.toml caps the `acme.tabs` setting of config.toml (default 4). Its default export is the provider
 * factory; it exports its keys for other plugins and hosts.
 */
export const ACME_PLUGIN_SOURCE = `import { createProvider, providerKey, settingKey } from '@ratchet/core';

/** The provider's key and its setting's, for other plugins and hosts. */
export const ACME_TABS_PROVIDER = providerKey('acme-tabs');
export const ACME_TABS = settingKey(ACME_TABS_PROVIDER, 'acme.tabs');

const integer = (raw, key, report, what) => {
  if (Number.isInteger(raw) && raw > 0) return raw;
  report({ severity: 'error', kind: 'invalid-type', key, message: \`expected a positive integer, found \${JSON.stringify(raw)}\`, suggestion: \`write \${what} = 3\` });
  return undefined;
};

export default function acmeTabsProvider() {
  return createProvider({
    key: ACME_TABS_PROVIDER,
    docs: { summary: 'Caps the number of tabs.', description: 'acme_max_tabs caps acme.tabs; a higher value falls back to the cap.' },
    requirementKeys: ['acme_max_tabs'],
    fields: { acme_max_tabs: { docs: 'Most tabs a user may open.' } },
    settings: {
      'acme.tabs': { configKey: 'acme.tabs', docs: 'Tabs to open.', constrainedBy: ['acme_max_tabs'], parse: (raw, key, report) => integer(raw, key, report, key) },
    },
    schema: { properties: { acme_max_tabs: { type: 'integer', minimum: 1, description: 'Most tabs a user may open.' } } },
    parse: (slice, { report }) => {
      const max = integer(slice.acme_max_tabs, 'acme_max_tabs', report, 'acme_max_tabs');
      return max === undefined ? {} : { acme_max_tabs: max };
    },
    tighten: (a, b) => (a.acme_max_tabs === undefined ? b : b.acme_max_tabs === undefined ? a : { acme_max_tabs: Math.min(a.acme_max_tabs, b.acme_max_tabs) }),
    allows: (r, v) => r.acme_max_tabs === undefined || v['acme.tabs'] === undefined || v['acme.tabs'] <= r.acme_max_tabs,
    resolve: ({ requirement: { value }, requested }) => {
      const asked = requested['acme.tabs'];
      const want = asked?.value ?? 4;
      const max = value.acme_max_tabs;
      if (max === undefined || want <= max) return { values: { 'acme.tabs': { value: want, rule: asked ? 'requested value' : 'default value', constrainedBy: max === undefined ? [] : ['acme_max_tabs'] } } };
      return {
        values: { 'acme.tabs': { value: max, rule: 'fallback: the cap', constrainedBy: ['acme_max_tabs'] } },
        diagnostics: asked ? [{ kind: 'disallowed-value', severity: 'warning', key: 'acme.tabs', source: asked.origin.source, provider: 'acme-tabs', message: \`acme.tabs = \${want} is more than acme_max_tabs = \${max}; using \${max}\` }] : [],
      };
    },
    print: (r) => ({ ...r }),
  });
}
`;

/** Writes the plugin as an installed package, `node_modules/acme-ratchet-plugin`, under `dir`; returns its folder. */
export function writeAcmePlugin(dir: string): string {
  const folder = join(dir, 'node_modules', 'acme-ratchet-plugin');
  mkdirSync(folder, { recursive: true });
  const manifest = {
    name: 'acme-ratchet-plugin',
    version: '1.0.0',
    type: 'module',
    exports: { '.': { import: './index.js' } },
    peerDependencies: { '@ratchet/core': '*' },
  };
  writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(folder, 'index.js'), ACME_PLUGIN_SOURCE);
  return folder;
}
