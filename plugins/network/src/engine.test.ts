import { describe, expect, it } from 'vitest';
import { effectiveObject, formatDiagnostic, InputError, type LayeringMode } from '@ratchet/core';
import { loadPolicy, userConfig } from '@ratchet/testkit';
import { sandboxProvider } from '@ratchet/plugin-sandbox';
import { networkProvider } from './provider.js';
import { settingKey } from '@ratchet/core';
import { NETWORK_PROVIDER } from './keys.js';

/** Requirement layers highest first (one is req.toml; several are layer-0.toml, layer-1.toml, ...). */
function load(layers: string | readonly string[], mode: LayeringMode = 'precedence') {
  const texts = typeof layers === 'string' ? [layers] : layers;
  return loadPolicy([sandboxProvider(), networkProvider()], texts.length === 1 ? texts[0]! : texts, { mode });
}

async function resolve(layers: string | readonly string[], config: string, mode: LayeringMode = 'precedence') {
  const policy = await load(layers, mode);
  const resolved = policy.resolve(userConfig(config));
  return {
    policy,
    resolved,
    effective: effectiveObject(resolved) as { network: Record<string, unknown>; sandbox_mode: string },
  };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );
const sorted = (list: unknown) => [...(list as string[])].sort();

describe('conformance vectors network-* (requirements.json)', () => {
  it('network-mixed-unix-sockets-and-legacy-list-is-load-error', async () => {
    const error = await failure(
      load(
        '[experimental_network]\nallow_unix_sockets = ["/tmp/example.sock"]\n\n[experimental_network.unix_sockets]\n"/tmp/another.sock" = "allow"\n',
      ),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(formatDiagnostic((error as InputError).diagnostic)).toContain('cannot be combined');
  });

  it('network-legacy-lists-normalise-to-managed-baseline', async () => {
    const { effective } = await resolve(
      '[experimental_network]\nenabled = true\nallowed_domains = ["api.example.com", "*.openai.com"]\ndenied_domains = ["blocked.example.com"]\n',
      '',
    );
    expect(sorted(effective.network.allowed_domains)).toEqual(['*.openai.com', 'api.example.com']);
    expect(sorted(effective.network.denied_domains)).toEqual(['blocked.example.com']);
    expect(effective.network.enabled).toBe(true);
  });

  it('network-full-access-pins-managed-lists', async () => {
    const { effective } = await resolve(
      '[experimental_network.domains]\n"*.example.com" = "allow"\n"blocked.example.com" = "deny"\n',
      'sandbox_mode = "danger-full-access"\n',
    );
    expect(effective.sandbox_mode).toBe('danger-full-access');
    expect(sorted(effective.network.allowed_domains)).toEqual(['*.example.com']);
    expect(sorted(effective.network.denied_domains)).toEqual(['blocked.example.com']);
  });
});

describe('network end to end: config.toml keys', () => {
  const MANAGED = '[experimental_network.domains]\n"api.example.com" = "allow"\n"blocked.example.com" = "deny"\n';

  it('[network.domains] adds to the managed baseline in workspace-write, and is pinned away under full access', async () => {
    const config = '[network.domains]\n"docs.rs" = "allow"\n"tracker.example" = "deny"\n';
    const ws = await resolve(MANAGED, `sandbox_mode = "workspace-write"\n${config}`);
    expect(ws.effective.network).toMatchObject({
      allowed_domains: ['api.example.com', 'docs.rs'],
      denied_domains: ['blocked.example.com', 'tracker.example'],
      allowlist_miss: 'ask',
      domains: { 'docs.rs': 'allow', 'tracker.example': 'deny' },
    });
    const full = await resolve(MANAGED, `sandbox_mode = "danger-full-access"\n${config}`);
    expect(full.effective.network).toMatchObject({
      allowed_domains: ['api.example.com'],
      denied_domains: ['blocked.example.com', 'tracker.example'],
      allowlist_miss: 'deny',
    });
  });

  it('default_permissions selects [permissions.<profile>.network], which overrides [network]', async () => {
    const config = [
      'default_permissions = "workspace"',
      '[network]',
      'enabled = false',
      '[permissions.workspace.filesystem]',
      '":minimal" = "read"',
      '[permissions.workspace.network]',
      'enabled = true',
      'mode = "limited"',
      '[permissions.workspace.network.domains]',
      '"www.example.com" = "allow"',
    ].join('\n');
    const { effective, resolved } = await resolve('', config);
    expect(effective.network).toMatchObject({
      enabled: true,
      permission_profile: 'workspace',
      allowed_domains: ['www.example.com'],
    });
    expect(effective.network).not.toHaveProperty('permission_profiles');
    expect(resolved.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('a legacy list in a permission profile stops loading, naming the replacement', async () => {
    const error = await failure(
      resolve('', '[permissions.workspace.network]\nallowed_domains = ["www.example.com"]\n'),
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).diagnostic).toMatchObject({
      key: 'permissions.workspace.network.allowed_domains',
      source: 'config.toml',
    });
    expect((error as InputError).diagnostic.suggestion).toContain(
      '[permissions.workspace.network.domains] "<pattern>" = "allow"',
    );
  });

  it('a legacy list under [network] stops loading too', async () => {
    const error = await failure(resolve('', '[network]\ndenied_domains = ["evil.example"]\n'));
    expect(error).toBeInstanceOf(InputError);
    expect(formatDiagnostic((error as InputError).diagnostic)).toContain('[network.domains] "<pattern>" = "deny"');
  });

  it('flags pin the user value and the effective entry names the requirement', async () => {
    const { resolved, effective } = await resolve(
      '[experimental_network]\nallow_local_binding = false\n',
      '[network]\nallow_local_binding = true\n',
    );
    expect(effective.network.allow_local_binding).toBe(false);
    expect(resolved.entries.get('network.allow_local_binding')).toMatchObject({
      rule: 'pinned by experimental_network.allow_local_binding',
      constraints: [{ field: 'experimental_network', sources: ['req.toml'] }],
    });
    expect(resolved.diagnostics.filter((d) => d.severity === 'warning')).toEqual([]);
  });

  it('the policy constrains runtime writes of the flags', async () => {
    const { policy, resolved } = await resolve('[experimental_network]\nenabled = true\n', '');
    const enabled = policy.constrained(settingKey(NETWORK_PROVIDER, 'network.enabled'), resolved);
    expect(enabled.value).toBe(true);
    expect(enabled.canSet(false)).toMatchObject({
      ok: false,
      error: {
        message: 'network.enabled = false is refused by experimental_network = { enabled = true } (set by req.toml)',
      },
    });
  });
});

describe('network end to end: requirement layers', () => {
  const HIGH = '[experimental_network.domains]\n"api.example.com" = "allow"\n"dup.example.com" = "allow"\n';
  const LOW =
    '[experimental_network]\nmanaged_allowed_domains_only = true\nallow_local_binding = true\n[experimental_network.domains]\n"extra.example.com" = "allow"\n"dup.example.com" = "deny"\n"blocked.example.com" = "deny"\n';

  it('precedence: the highest layer with the table wins it whole; the lower table adds no flag, allow or deny entry', async () => {
    const { effective, resolved } = await resolve([HIGH, LOW], '');
    expect(effective.network).toMatchObject({
      allowed_domains: ['api.example.com', 'dup.example.com'],
      denied_domains: [],
      managed_allowed_domains_only: false,
      allow_local_binding: false,
      allowlist_miss: 'ask',
    });
    expect(resolved.entries.get('network.allowed_domains')?.constraints).toEqual([
      {
        field: 'experimental_network',
        value: { domains: { 'api.example.com': 'allow', 'dup.example.com': 'allow' } },
        sources: ['layer-0.toml'],
      },
    ]);
  });

  it('precedence: a higher table that only sets a flag masks a lower allowlist and denylist', async () => {
    const { effective, resolved } = await resolve(['[experimental_network]\nenabled = true\n', LOW], '');
    expect(effective.network).toMatchObject({
      enabled: true,
      allowed_domains: [],
      denied_domains: [],
      managed_allowed_domains_only: false,
      allow_local_binding: false,
    });
    expect(resolved.entries.get('network.enabled')?.constraints).toEqual([
      { field: 'experimental_network', value: { enabled: true }, sources: ['layer-0.toml'] },
    ]);
  });

  it('precedence: an empty higher table masks every lower one', async () => {
    const { effective, resolved } = await resolve(
      [
        '[experimental_network]\n',
        '[experimental_network]\nenabled = true\n[experimental_network.domains]\n"c.example" = "allow"\n',
        LOW,
      ],
      '',
    );
    expect(effective.network).toMatchObject({
      enabled: false,
      allowed_domains: [],
      denied_domains: [],
      managed_allowed_domains_only: false,
    });
    expect(resolved.entries.get('network.allowed_domains')?.constraints).toEqual([
      { field: 'experimental_network', value: {}, sources: ['layer-0.toml'] },
    ]);
  });

  it('precedence: a table of legacy lists wins whole too, and a layer without the table masks nothing', async () => {
    const legacy = '[experimental_network]\nallowed_domains = ["legacy.example"]\ndenied_domains = ["old.example"]\n';
    const { effective, resolved } = await resolve(
      ['allowed_sandbox_modes = ["read-only", "workspace-write"]\n', legacy, LOW],
      '',
    );
    expect(effective.network).toMatchObject({
      allowed_domains: ['legacy.example'],
      denied_domains: ['old.example'],
      managed_allowed_domains_only: false,
    });
    expect(resolved.entries.get('network.denied_domains')?.constraints.map((c) => c.sources)).toEqual([
      ['layer-1.toml'],
    ]);
  });

  it('precedence: a lower table applies whole when no higher layer has one', async () => {
    const { effective } = await resolve(['', LOW], '');
    expect(effective.network).toMatchObject({
      allowed_domains: ['extra.example.com'],
      denied_domains: ['blocked.example.com', 'dup.example.com'],
      managed_allowed_domains_only: true,
      allow_local_binding: true,
      allowlist_miss: 'deny',
    });
  });

  it('strict: allow entries only where both layers allow; every deny kept', async () => {
    const { effective } = await resolve(
      ['[experimental_network.domains]\n"**.example.com" = "allow"\n"evil.org" = "deny"\n', LOW],
      '',
      'strict',
    );
    expect(effective.network).toMatchObject({
      allowed_domains: ['extra.example.com'],
      denied_domains: ['blocked.example.com', 'dup.example.com', 'evil.org'],
    });
  });

  it('strict: two allowlists with nothing in common allow nothing, even under full access', async () => {
    const a = '[experimental_network.domains]\n"a.example" = "allow"\n';
    const b = '[experimental_network.domains]\n"b.example" = "allow"\n';
    const { effective } = await resolve(
      [a, b],
      'sandbox_mode = "danger-full-access"\n[network.domains]\n"c.example" = "allow"\n',
      'strict',
    );
    expect(effective.network).toMatchObject({ allowed_domains: [], allowlist_miss: 'deny' });
  });

  it('strict: pins that disagree stop loading', async () => {
    const error = await failure(
      load(['[experimental_network]\nenabled = true\n', '[experimental_network]\nenabled = false\n'], 'strict'),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(formatDiagnostic((error as InputError).diagnostic)).toContain(
      'pinned both true and false (by layer-0.toml, layer-1.toml)',
    );
  });

  it('a parse error in any layer names that layer', async () => {
    const error = await failure(load(['', '[experimental_network.domains]\n"*" = "deny"\n']));
    expect((error as InputError).diagnostic).toMatchObject({
      source: 'layer-1.toml',
      key: 'experimental_network.domains."*"',
    });
  });
});
