import { describe, it } from 'vitest';
import {
  EXAMPLE_CONFIG,
  EXAMPLE_REQUIREMENTS,
  expectInputError,
  fileScopedDir,
  resolveJson,
  runRatchet,
} from './helpers.js';

const dir = fileScopedDir('ratchet-cli-profiles-');

const NONE = ['--no-default-sources'] as const;

/** A config.toml with two profiles (selected with --profile; a top-level `profile` key is refused). */
const selecting = dir.write(
  'selecting.toml',
  [
    'approval_policy = "never"',
    'sandbox_mode = "danger-full-access"',
    '[profiles.work]',
    'approval_policy = "on-request"',
    '[profiles.home]',
    'approval_policy = { granular = { sandbox_approval = true, rules = false, mcp_elicitations = true } }',
    '',
  ].join('\n'),
);

describe.concurrent('--profile', () => {
  it('picks [profiles.NAME] values over the top level, with origin key profiles.NAME.x', async ({ expect }) => {
    const out = await resolveJson([...NONE, '--config', EXAMPLE_CONFIG, '--profile', 'review']);
    expect(out.effective).toMatchObject({
      approval_policy: 'on-request',
      sandbox_mode: 'read-only',
      web_search: 'disabled',
    });
    expect(out.provenance.approval_policy!.requested).toEqual({
      value: 'on-request',
      layer: 'profile',
      source: EXAMPLE_CONFIG,
      key: 'profiles.review.approval_policy',
    });
    expect(out.provenance.sandbox_mode!.requested).toMatchObject({
      layer: 'profile',
      key: 'profiles.review.sandbox_mode',
    });
  });

  it('falls back to the top level for keys the profile does not set', async ({ expect }) => {
    const out = await resolveJson([...NONE, '--config', EXAMPLE_CONFIG, '--profile', 'review']);
    expect(out.effective.approvals_reviewer).toBe('auto_review');
    expect(out.provenance.approvals_reviewer!.requested).toMatchObject({ layer: 'config', key: 'approvals_reviewer' });
  });

  it('resolves profile values under the requirements like any other value', async ({ expect }) => {
    const out = await resolveJson([
      '--requirements',
      EXAMPLE_REQUIREMENTS,
      '--config',
      EXAMPLE_CONFIG,
      '--hostname',
      'h',
      '--profile',
      'review',
    ]);
    expect(out.effective).toMatchObject({
      approval_policy: 'on-request',
      sandbox_mode: 'read-only',
      web_search: 'disabled',
    });
    // The profile sets nothing about MCP servers, so the top level's disallowed server is still reported.
    expect(out.warnings.map((w) => w.key)).toEqual(['mcp_servers.scratch']);
  });

  it('merges [features] key by key: the profile decides its keys, the top level the rest', async ({ expect }) => {
    const out = await resolveJson([
      '--requirements',
      EXAMPLE_REQUIREMENTS,
      '--config',
      EXAMPLE_CONFIG,
      '--hostname',
      'h',
      '--profile',
      'review',
    ]);
    expect(out.effective.features).toMatchObject({ browser_use: false, code_mode_only: true, code_mode: true });
    expect(out.provenance['features.browser_use']!.requested).toMatchObject({
      layer: 'profile',
      key: 'profiles.review.features.browser_use',
    });
    expect(out.provenance['features.code_mode_only']!.requested).toMatchObject({
      layer: 'config',
      key: 'features.code_mode_only',
    });
  });

  it('selects a profile of the file; keys it leaves unset come from the top level', async ({ expect }) => {
    const out = await resolveJson([...NONE, '--config', selecting, '--profile', 'work']);
    expect(out.effective.approval_policy).toBe('on-request');
    expect(out.provenance.approval_policy!.requested).toMatchObject({
      layer: 'profile',
      key: 'profiles.work.approval_policy',
      source: selecting,
    });
    expect(out.effective.sandbox_mode).toBe('danger-full-access');
    const home = await resolveJson([...NONE, '--config', selecting, '--profile', 'home']);
    expect(home.effective.approval_policy).toMatchObject({ granular: { rules: false } });
    expect(home.provenance.approval_policy!.requested!.key).toBe('profiles.home.approval_policy');
  });

  it('an unknown --profile exits 2 with one line naming the profile and the file', async ({ expect }) => {
    const line = expectInputError(
      await runRatchet(['resolve', ...NONE, '--config', EXAMPLE_CONFIG, '--profile', 'nope']),
      EXAMPLE_CONFIG,
      'profiles.nope',
      '"nope"',
    );
    expect(line).toContain('review');
  });

  it('a near-miss profile name gets a did-you-mean', async () => {
    expectInputError(
      await runRatchet(['resolve', ...NONE, '--config', EXAMPLE_CONFIG, '--profile', 'reveiw']),
      'did you mean "review"?',
    );
  });

  it('a legacy top-level profile key exits 2, as Codex 0.171 refuses it, naming the fix', async ({ expect }) => {
    const config = dir.write('legacy.toml', 'profile = "work"\n[profiles.work]\napproval_policy = "never"\n');
    const line = expectInputError(
      await runRatchet(['resolve', ...NONE, '--config', config]),
      config,
      'profile',
      'legacy `profile = "work"` config is no longer supported',
    );
    expect(line).toContain('--profile work');
    expectInputError(
      await runRatchet(['resolve', ...NONE, '--config', EXAMPLE_CONFIG, '-c', 'profile=review']),
      '-c',
      'legacy `profile = "review"`',
    );
  });

  it('a profile that is not a table is a type error, not "not defined"', async ({ expect }) => {
    const config = dir.write('scalar-profile.toml', '[profiles]\nwork = 3\n');
    const line = expectInputError(
      await runRatchet(['resolve', ...NONE, '--config', config, '--profile', 'work']),
      config,
      'profiles.work',
      'table',
    );
    expect(line).not.toContain('not defined');
  });

  it('a top-level profile key that is not a string exits 2 naming it', async () => {
    const config = dir.write('number-profile.toml', 'profile = 3\n');
    expectInputError(await runRatchet(['resolve', ...NONE, '--config', config]), config, 'profile', 'string');
  });
});

describe.concurrent('-c key=value overrides', () => {
  it('beat the file, with origin source -c; a profile value still beats a root -c key, as in Codex', async ({
    expect,
  }) => {
    const root = await resolveJson([...NONE, '--config', EXAMPLE_CONFIG, '-c', 'approval_policy="on-request"']);
    expect(root.effective.approval_policy).toBe('on-request');
    expect(root.provenance.approval_policy!.requested).toEqual({
      value: 'on-request',
      layer: 'override',
      source: '-c',
      key: 'approval_policy',
    });
    const profiled = await resolveJson([
      ...NONE,
      '--config',
      EXAMPLE_CONFIG,
      '--profile',
      'review',
      '-c',
      'approval_policy="never"',
    ]);
    expect(profiled.effective.approval_policy).toBe('on-request');
    expect(profiled.provenance.approval_policy!.requested!.key).toBe('profiles.review.approval_policy');
    const inProfile = await resolveJson([
      ...NONE,
      '--config',
      EXAMPLE_CONFIG,
      '--profile',
      'review',
      '-c',
      'profiles.review.approval_policy="never"',
    ]);
    expect(inProfile.effective).toMatchObject({ approval_policy: 'never', sandbox_mode: 'read-only' });
    expect(inProfile.provenance.approval_policy!.requested).toEqual({
      value: 'never',
      layer: 'override',
      source: '-c',
      key: 'profiles.review.approval_policy',
    });
  });

  it('the last override of a key wins', async ({ expect }) => {
    const out = await resolveJson([
      ...NONE,
      '--config',
      EXAMPLE_CONFIG,
      '-c',
      'approval_policy="never"',
      '--override',
      'approval_policy="on-request"',
    ]);
    expect(out.effective.approval_policy).toBe('on-request');
  });

  it('take TOML values, and a bare word as a plain string', async ({ expect }) => {
    const out = await resolveJson([
      ...NONE,
      '--config',
      EXAMPLE_CONFIG,
      '-c',
      'sandbox_mode=workspace-write',
      '-c',
      "web_search='cached'",
    ]);
    expect(out.effective).toMatchObject({ sandbox_mode: 'workspace-write', web_search: 'cached' });
  });

  it('set dotted keys inside tables', async ({ expect }) => {
    const out = await resolveJson([...NONE, '--config', EXAMPLE_CONFIG, '-c', 'auto_review.policy="Only read."']);
    expect(out.effective.guardian_policy_config).toBe('Only read.');
    expect(out.provenance.guardian_policy_config!.requested).toMatchObject({
      layer: 'override',
      key: 'auto_review.policy',
    });
  });

  it('still cannot loosen a requirement: a forbidden override falls back with a warning', async ({ expect }) => {
    const out = await resolveJson([
      '--requirements',
      EXAMPLE_REQUIREMENTS,
      '--config',
      EXAMPLE_CONFIG,
      '--hostname',
      'h',
      '-c',
      'approval_policy="never"',
      '-c',
      'sandbox_mode="danger-full-access"',
    ]);
    expect(out.effective).toMatchObject({ approval_policy: 'on-request', sandbox_mode: 'read-only' });
    const warning = out.warnings.find((w) => w.key === 'approval_policy')!;
    expect(warning.source).toBe('-c');
  });

  it('a malformed override exits 2 with one line naming -c and the text', async () => {
    for (const bad of ['approval_policy', '=never', 'a..b=1', 'bad key=1']) {
      expectInputError(
        await runRatchet(['resolve', ...NONE, '--config', EXAMPLE_CONFIG, '-c', bad]),
        '-c',
        bad,
        'key=value',
      );
    }
  });

  it('an override with a value the setting rejects exits 2 naming -c and the key', async ({ expect }) => {
    const line = expectInputError(
      await runRatchet(['resolve', ...NONE, '--config', EXAMPLE_CONFIG, '-c', 'approval_policy=sometimes']),
      '-c',
      'approval_policy',
      '"sometimes"',
    );
    expect(line).toContain('on-request');
  });

  it('an override with the wrong type exits 2', async () => {
    expectInputError(
      await runRatchet(['resolve', ...NONE, '--config', EXAMPLE_CONFIG, '-c', 'sandbox_mode=3']),
      '-c',
      'sandbox_mode',
      'invalid type',
    );
  });
});
