import { describe, expect, it } from 'vitest';
import { effectiveObject } from '@ratchet/core';
import { loadPolicy, userConfig } from '@ratchet/testkit';
import { appsProvider } from './provider.js';

/** Resolves through a real engine: requirement layers highest first, then config.toml text (and -c overrides). */
async function resolve(layers: string[], config: string, overrides: string[] = [], profile?: string) {
  const options = { overrides, ...(profile !== undefined && { profile }) };
  const resolved = (await loadPolicy([appsProvider()], layers)).resolve(userConfig(config, options));
  return {
    effective: effectiveObject(resolved),
    warnings: resolved.diagnostics.filter((d) => d.severity === 'warning'),
  };
}

// The conformance vectors whose ids start with `apps-` (shared/conformance/requirements.json).
describe('apps conformance vectors', () => {
  it('apps-requirement-true-does-not-reenable', async () => {
    const { effective } = await resolve(
      ['[apps.connector_123123]\nenabled = true\n'],
      '[apps.connector_123123]\nenabled = false\n',
    );
    expect(effective).toMatchObject({ apps: { connector_123123: { enabled: false } } });
  });

  it('apps-managed-tool-approval-overrides-user', async () => {
    const { effective, warnings } = await resolve(
      ['[apps.connector_123123.tools."calendar/list_events"]\napproval_mode = "approve"\n'],
      '[apps.connector_123123.tools."calendar/list_events"]\napproval_mode = "prompt"\n',
    );
    expect(effective).toMatchObject({
      apps: { connector_123123: { tools: { 'calendar/list_events': { approval_mode: 'approve' } } } },
    });
    expect(warnings.map((w) => w.key)).toEqual(['apps.connector_123123']);
  });

  it('apps-higher-layer-false-beats-lower-true', async () => {
    const { effective } = await resolve(
      ['[apps.connector_123123]\nenabled = false\n', '[apps.connector_123123]\nenabled = true\n'],
      '',
    );
    expect(effective).toMatchObject({ apps: { connector_123123: { enabled: false } } });
  });

  it('apps-lower-layer-false-applies-when-higher-silent', async () => {
    const { effective, warnings } = await resolve(
      ['[apps.other_connector]\nenabled = true\n', '[apps.connector_123123]\nenabled = false\n'],
      '[apps.connector_123123]\nenabled = true\n',
    );
    expect(effective).toMatchObject({ apps: { connector_123123: { enabled: false } } });
    // An app a requirement names with enabled = true shows enabled, as Codex 0.171 shows it.
    expect(effective.apps).toMatchObject({ other_connector: { enabled: true } });
    expect(warnings).toMatchObject([{ key: 'apps.connector_123123', source: 'config.toml', provider: 'apps' }]);
  });
});

describe('apps across config layers', () => {
  it('merges [apps] tables from the file, the profile and -c overrides, then applies the requirement', async () => {
    const config =
      '[apps.docs]\nenabled = true\nextra = 1\n[profiles.work.apps.docs]\nenabled = false\n[apps.mail]\nenabled = true\n';
    const { effective } = await resolve(['[apps.mail]\nenabled = false\n'], config, ['apps.chat.enabled=true'], 'work');
    expect(effective.apps).toEqual({
      docs: { enabled: false, extra: 1 },
      mail: { enabled: false },
      chat: { enabled: true },
    });
  });

  it('a bad user value stops resolution, naming the key', async () => {
    await expect(resolve([], '[apps.docs]\nenabled = "yes"\n')).rejects.toThrow('apps.docs.enabled');
  });

  it('a bad requirement stops loading, naming the layer and key', async () => {
    await expect(resolve(['[apps.docs.tools.t]\napproval_mode = "always"\n'], '')).rejects.toThrow(
      'unknown value "always"',
    );
  });
});
