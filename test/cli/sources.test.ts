import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { expectInputError, fileScopedDir, resolveJson, runRatchet } from './helpers.js';

const dir = fileScopedDir('ratchet-cli-sources-');
const empty = dir.write('empty.toml', '');

describe.concurrent('default sources', () => {
  it('reads $CODEX_HOME/config.toml when no --config is given', async ({ expect }) => {
    const home = join(dir.path, 'codex-home');
    mkdirSync(home);
    const config = dir.write(
      'codex-home/config.toml',
      'approval_policy = "on-request"\nsandbox_mode = "workspace-write"\n',
    );
    // No requirements are read, so the machine's own /etc/codex files cannot change the answer.
    const out = await resolveJson(['--no-default-sources'], { env: { CODEX_HOME: home } });
    expect(out.effective).toMatchObject({ approval_policy: 'on-request', sandbox_mode: 'workspace-write' });
    expect(out.provenance.approval_policy!.requested).toEqual({
      value: 'on-request',
      layer: 'config',
      source: config,
      key: 'approval_policy',
    });
  });

  it('reads ~/.codex/config.toml when CODEX_HOME is empty', async ({ expect }) => {
    const home = join(dir.path, 'user-home');
    mkdirSync(join(home, '.codex'), { recursive: true });
    const config = dir.write('user-home/.codex/config.toml', 'web_search = "disabled"\n');
    const out = await resolveJson(['--no-default-sources'], { env: { HOME: home, CODEX_HOME: '' } });
    expect(out.effective.web_search).toBe('disabled');
    expect(out.provenance.web_search!.requested!.source).toBe(config);
  });

  it('treats a missing default config.toml as an empty configuration', async ({ expect }) => {
    const out = await resolveJson(['--no-default-sources'], { env: { CODEX_HOME: join(dir.path, 'absent-home') } });
    expect(out.effective).toMatchObject({
      approval_policy: 'on-request',
      sandbox_mode: 'read-only',
      web_search: 'cached',
    });
    for (const entry of Object.values(out.provenance)) expect(entry.requested).toBeNull();
  });

  it('--no-default-sources reads no requirements', async ({ expect }) => {
    const out = await resolveJson(['--no-default-sources', '--config', empty]);
    expect(out.layers).toEqual([]);
    for (const entry of Object.values(out.provenance))
      expect(entry.constraints.every((c) => c.sources.length === 0)).toBe(true);
  });

  it('an explicitly named --config that does not exist exits 2 naming it', async () => {
    const missing = join(dir.path, 'no-such-config.toml');
    expectInputError(await runRatchet(['resolve', '--no-default-sources', '--config', missing]), missing, 'ENOENT');
  });
});

describe.concurrent('--managed-config (legacy managed_config.toml)', () => {
  const managed = dir.write('managed_config.toml', 'approval_policy = "never"\nsandbox_mode = "workspace-write"\n');
  const user = dir.write(
    'user-for-managed.toml',
    'approval_policy = "on-request"\nsandbox_mode = "read-only"\nweb_search = "live"\n',
  );

  it('turns its settings into single-value requirements', async ({ expect }) => {
    const out = await resolveJson(['--no-default-sources', '--managed-config', managed, '--config', user]);
    expect(out.layers).toEqual([
      { source: managed, kind: 'legacy', keys: ['allowed_approval_policies', 'allowed_sandbox_modes'] },
    ]);
    expect(out.provenance.approval_policy!.constraints).toEqual([
      { field: 'allowed_approval_policies', value: ['never'], sources: [managed] },
    ]);
    expect(out.provenance.sandbox_mode!.constraints).toEqual([
      { field: 'allowed_sandbox_modes', value: ['read-only', 'workspace-write'], sources: [managed] },
    ]);
  });

  it('also sets the user values, above config.toml', async ({ expect }) => {
    const out = await resolveJson(['--no-default-sources', '--managed-config', managed, '--config', user]);
    expect(out.effective).toMatchObject({
      approval_policy: 'never',
      sandbox_mode: 'workspace-write',
      web_search: 'live',
    });
    expect(out.provenance.approval_policy!.requested).toEqual({
      value: 'never',
      layer: 'managed-config',
      source: managed,
      key: 'approval_policy',
    });
    expect(out.warnings).toEqual([]);
  });

  it('a user profile value still beats its root value, as in Codex, and is then held to the requirement with a warning', async ({
    expect,
  }) => {
    const profiled = dir.write('user-profile-for-managed.toml', '[profiles.p]\napproval_policy = "on-request"\n');
    const result = await runRatchet([
      'resolve',
      '--no-default-sources',
      '--managed-config',
      managed,
      '--config',
      profiled,
      '--profile',
      'p',
      '--json',
    ]);
    const out = JSON.parse(result.stdout) as { effective: Record<string, unknown>; warnings: { key: string }[] };
    expect(out.effective.approval_policy).toBe('never');
    expect(out.warnings.map((w) => w.key)).toContain('approval_policy');
  });

  it('explain shows the managed file as the source of the requirement', async ({ expect }) => {
    const result = await runRatchet([
      'explain',
      'allowed_approval_policies',
      '--no-default-sources',
      '--managed-config',
      managed,
      '--config',
      user,
      '--json',
    ]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      key: 'allowed_approval_policies',
      requirement: ['never'],
      sources: [managed],
      provider: 'approvals',
      warnings: [],
    });
  });

  it('sits below the --requirements files', async ({ expect }) => {
    const req = dir.write('above-managed.toml', 'allowed_approval_policies = ["on-request"]\n');
    const out = await resolveJson(['--requirements', req, '--managed-config', managed, '--config', user]);
    expect(out.layers.map((l) => l.source)).toEqual([req, managed]);
    expect(out.effective.approval_policy).toBe('on-request');
    expect(out.effective.sandbox_mode).toBe('workspace-write');
    expect(out.warnings.map((w) => w.key)).toEqual(['approval_policy']);
  });

  it('a missing --managed-config file exits 2 naming it', async () => {
    const missing = join(dir.path, 'no-such-managed.toml');
    expectInputError(
      await runRatchet(['resolve', '--no-default-sources', '--managed-config', missing, '--config', user]),
      missing,
      'ENOENT',
    );
  });
});

describe.concurrent('layering of several --requirements files (highest first)', () => {
  const high = dir.write(
    'high.toml',
    'allowed_approval_policies = ["on-request", "never"]\nallowed_web_search_modes = []\n',
  );
  const low = dir.write(
    'low.toml',
    'allowed_approval_policies = ["never"]\nallowed_web_search_modes = ["live"]\nallowed_sandbox_modes = ["read-only"]\n',
  );
  const user = dir.write(
    'user-layering.toml',
    'approval_policy = "on-request"\nweb_search = "live"\nsandbox_mode = "workspace-write"\n',
  );
  const layers = ['--requirements', high, '--requirements', low, '--config', user];

  it('the higher file wins a field it sets', async ({ expect }) => {
    const out = await resolveJson(layers);
    expect(out.effective.approval_policy).toBe('on-request');
    expect(out.provenance.approval_policy!.constraints[0]).toEqual({
      field: 'allowed_approval_policies',
      value: ['on-request', 'never'],
      sources: [high],
    });
    expect(out.warnings.map((w) => w.key)).not.toContain('approval_policy');
  });

  it('an empty list in the higher file counts as set', async ({ expect }) => {
    const out = await resolveJson(layers);
    expect(out.effective.web_search).toBe('disabled');
    expect(out.provenance.web_search!.constraints[0]!.sources).toEqual([high]);
    expect(out.warnings.map((w) => w.key)).toContain('web_search');
  });

  it('the lower file fills fields the higher one left unset', async ({ expect }) => {
    const out = await resolveJson(layers);
    expect(out.effective.sandbox_mode).toBe('read-only');
    expect(out.provenance.sandbox_mode!.constraints[0]).toEqual({
      field: 'allowed_sandbox_modes',
      value: ['read-only'],
      sources: [low],
    });
  });

  it('the order of the flags is the precedence', async ({ expect }) => {
    const out = await resolveJson(['--requirements', low, '--requirements', high, '--config', user]);
    expect(out.effective.approval_policy).toBe('never');
    expect(out.effective.web_search).toBe('live');
    expect(out.layers.map((l) => l.source)).toEqual([low, high]);
  });

  it('--strict intersects the lists of every layer instead', async ({ expect }) => {
    const out = await resolveJson(['--strict', ...layers]);
    expect(out.effective.approval_policy).toBe('never');
    expect(out.provenance.approval_policy!.constraints[0]).toEqual({
      field: 'allowed_approval_policies',
      value: ['never'],
      sources: [high, low],
    });
    expect(out.warnings.find((w) => w.key === 'approval_policy')?.message).toContain('"on-request"');
    expect(out.effective.web_search).toBe('disabled');
  });

  it('--strict with disjoint lists exits 2 explaining the layers share no value', async ({ expect }) => {
    const a = dir.write('strict-a.toml', 'allowed_approval_policies = ["on-request"]\n');
    const b = dir.write('strict-b.toml', 'allowed_approval_policies = ["never"]\n');
    const result = await runRatchet([
      'resolve',
      '--strict',
      '--requirements',
      a,
      '--requirements',
      b,
      '--config',
      empty,
    ]);
    expectInputError(result, 'allowed_approval_policies', 'cannot be empty', 'no value in common');
    expect(result.stderr).toContain(a);
  });

  it('precedence mode with the same disjoint files just takes the higher one', async ({ expect }) => {
    const a = dir.write('prec-a.toml', 'allowed_approval_policies = ["on-request"]\n');
    const b = dir.write('prec-b.toml', 'allowed_approval_policies = ["never"]\n');
    const out = await resolveJson(['--requirements', a, '--requirements', b, '--config', empty]);
    expect(out.effective.approval_policy).toBe('on-request');
  });

  it('remote_sandbox_config applies per layer before layers combine', async ({ expect }) => {
    const top = dir.write(
      'remote-top.toml',
      '[[remote_sandbox_config]]\nhostname_patterns = ["ci-*"]\nallowed_sandbox_modes = ["read-only", "danger-full-access"]\n',
    );
    const bottom = dir.write('remote-bottom.toml', 'allowed_sandbox_modes = ["read-only"]\n');
    const wants = dir.write('wants-danger.toml', 'sandbox_mode = "danger-full-access"\n');
    const onCi = await resolveJson([
      '--requirements',
      top,
      '--requirements',
      bottom,
      '--config',
      wants,
      '--hostname',
      'ci-1',
    ]);
    expect(onCi.effective.sandbox_mode).toBe('danger-full-access');
    const elsewhere = await resolveJson([
      '--requirements',
      top,
      '--requirements',
      bottom,
      '--config',
      wants,
      '--hostname',
      'dev-1',
    ]);
    expect(elsewhere.effective.sandbox_mode).toBe('read-only');
  });

  it('an error in any layer stops resolution, naming that layer', async () => {
    const broken = dir.write('broken-low.toml', 'allowed_sandbox_modes = ["workspace-write"]\n');
    expectInputError(
      await runRatchet(['resolve', '--requirements', high, '--requirements', broken, '--config', user]),
      broken,
      'allowed_sandbox_modes',
      'read-only',
    );
  });
});
