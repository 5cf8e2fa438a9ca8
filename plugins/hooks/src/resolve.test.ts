import { describe, expect, it } from 'vitest';
import { parse as parseToml } from 'smol-toml';
import { effectiveObject, InputError, type Resolved } from '@ratchet/core';
import { featuresProvider } from '@ratchet/plugin-features';
import { loadPolicy, resolveWith, userConfig } from '@ratchet/testkit';
import { diagnosticLike } from '@ratchet/testkit/vitest';
import type { GroupView } from './config.js';
import { hooksProvider, type HookMap } from './provider.js';

/** Loads requirement layers (highest first: req.toml, or high.toml and low.toml) with the features and hooks providers. */
function load(layers: string | [string, string]) {
  const named =
    typeof layers === 'string'
      ? layers
      : [
          { text: layers[0], label: 'high.toml' },
          { text: layers[1], label: 'low.toml' },
        ];
  return loadPolicy([featuresProvider(), hooksProvider()], named);
}

async function resolve(
  requirements: string | [string, string],
  config: string,
  options: { overrides?: string[]; managed?: string } = {},
): Promise<Resolved> {
  const policy = await load(requirements);
  return policy.resolve(
    userConfig(config, {
      ...(options.overrides && { overrides: options.overrides }),
      ...(options.managed !== undefined && {
        managedConfigs: [{ table: parseToml(options.managed), source: 'managed_config.toml' }],
      }),
    }),
  );
}

const hooks = (resolved: Resolved) => (effectiveObject(resolved).hooks ?? {}) as HookMap;
/** Per event, `<key> <command of the first handler>`: enough to see which groups are listed, and in what order. */
const listing = (resolved: Resolved) =>
  Object.fromEntries(
    Object.entries(hooks(resolved)).map(([event, groups]) => [
      event,
      (groups as GroupView[]).map((g) => `${g.key} ${(g.hooks[0] as { command?: string }).command}`),
    ]),
  );
const warnings = (resolved: Resolved) => resolved.diagnostics.filter((d) => d.severity === 'warning');

const toml = (event: string, command: string, matcher?: string) =>
  `[[hooks.${event}]]\n${matcher !== undefined ? `matcher = "${matcher}"\n` : ''}[[hooks.${event}.hooks]]\ntype = "command"\ncommand = "${command}"\n`;
const DIR = '[hooks]\nmanaged_dir = "/enterprise/hooks"\n';
const MANAGED = DIR + toml('PreToolUse', 'python3 /enterprise/hooks/policy.py', '^Bash$');
const USER = toml('PreToolUse', '/home/dev/audit.sh', 'Bash') + toml('Stop', '/home/dev/done.sh');

describe('hooks end to end: managed hooks and user hooks', () => {
  it('without requirements the user hooks are listed as written, keyed by config.toml', async () => {
    const resolved = await resolve('', USER);
    expect(hooks(resolved)).toStrictEqual({
      PreToolUse: [
        {
          matcher: 'Bash',
          hooks: [{ type: 'command', command: '/home/dev/audit.sh', timeout: 600 }],
          source: 'config.toml',
          managed: false,
          key: 'config.toml:pre_tool_use:0',
        },
      ],
      Stop: [
        {
          hooks: [{ type: 'command', command: '/home/dev/done.sh', timeout: 600 }],
          source: 'config.toml',
          managed: false,
          key: 'config.toml:stop:0',
        },
      ],
    });
    expect(resolved.diagnostics).toEqual([]);
  });

  it("managed groups come first, then the user's", async () => {
    const resolved = await resolve(MANAGED, USER);
    expect(listing(resolved)).toEqual({
      PreToolUse: [
        '/enterprise/hooks:pre_tool_use:0 python3 /enterprise/hooks/policy.py',
        'config.toml:pre_tool_use:0 /home/dev/audit.sh',
      ],
      Stop: ['config.toml:stop:0 /home/dev/done.sh'],
    });
    expect(hooks(resolved).PreToolUse![0]).toMatchObject({ source: 'req.toml', managed: true, matcher: '^Bash$' });
    expect(resolved.entries.get('hooks')).toMatchObject({
      rule: 'managed hooks first, then config layers lowest first',
    });
  });

  it("two requirement layers append, the highest layer's groups first", async () => {
    const resolved = await resolve([MANAGED, DIR + toml('PreToolUse', '/enterprise/hooks/low.sh')], '');
    // Each layer numbers its own groups from 0 (Codex numbers the composed list); the keys are not compared here.
    expect(hooks(resolved).PreToolUse!.map((g) => [g.source, (g.hooks[0] as { command: string }).command])).toEqual([
      ['high.toml', 'python3 /enterprise/hooks/policy.py'],
      ['low.toml', '/enterprise/hooks/low.sh'],
    ]);
  });

  it('two requirement layers with different managed_dir stop loading', async () => {
    const error = await load([MANAGED, '[hooks]\nmanaged_dir = "/other"\n']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(
      'failed to compose requirements field `hooks.managed_dir` between high.toml and low.toml',
    );
  });

  it("allow_managed_hooks_only drops the user's groups; false keeps them", async () => {
    const only = await resolve('allow_managed_hooks_only = true\n' + MANAGED, USER);
    expect(listing(only)).toEqual({
      PreToolUse: ['/enterprise/hooks:pre_tool_use:0 python3 /enterprise/hooks/policy.py'],
    });
    expect(only.entries.get('hooks')).toMatchObject({ rule: 'managed hooks only (allow_managed_hooks_only)' });
    const kept = await resolve('allow_managed_hooks_only = false\n' + MANAGED, USER);
    expect(listing(kept).Stop).toEqual(['config.toml:stop:0 /home/dev/done.sh']);
  });

  it("allow_managed_hooks_only in the user's config.toml has no effect", async () => {
    const resolved = await resolve(MANAGED, 'allow_managed_hooks_only = true\n' + USER);
    expect(listing(resolved).PreToolUse).toHaveLength(2);
    expect(listing(resolved).Stop).toHaveLength(1);
  });

  it('user state turns off a user handler, never a managed one (with a warning)', async () => {
    const state =
      '[hooks.state."config.toml:stop:0:0"]\nenabled = false\n[hooks.state."/enterprise/hooks:pre_tool_use:0:0"]\nenabled = false\n';
    const resolved = await resolve(MANAGED, USER + state);
    expect(listing(resolved)).toEqual({
      PreToolUse: [
        '/enterprise/hooks:pre_tool_use:0 python3 /enterprise/hooks/policy.py',
        'config.toml:pre_tool_use:0 /home/dev/audit.sh',
      ],
    });
    expect(warnings(resolved)).toEqual([
      diagnosticLike({
        kind: 'disallowed-value',
        key: 'hooks.state./enterprise/hooks:pre_tool_use:0:0',
        provider: 'hooks',
        message: 'cannot be disabled',
      }),
    ]);
  });

  it('-c adds a user hook layer above config.toml, listed after it', async () => {
    const resolved = await resolve('', USER, {
      overrides: ['hooks.Stop=[{hooks=[{type="command",command="/tmp/c.sh"}]}]'],
    });
    expect(listing(resolved).Stop).toEqual(['config.toml:stop:0 /home/dev/done.sh', '-c:stop:0 /tmp/c.sh']);
  });
});

describe('hooks end to end: the hooks feature gate', () => {
  it('features.hooks = false in config.toml turns every hook off, warning when managed hooks exist', async () => {
    const resolved = await resolve(MANAGED, '[features]\nhooks = false\n' + USER);
    expect(hooks(resolved)).toStrictEqual({});
    expect(resolved.entries.get('hooks')).toMatchObject({ rule: 'off: features.hooks is false' });
    expect(warnings(resolved)).toEqual([
      diagnosticLike({ kind: 'not-enforced', key: 'hooks', provider: 'hooks', suggestion: '[features].hooks = true' }),
    ]);
    // Without managed hooks there is nothing to warn about.
    expect(warnings(await resolve('', '[features]\nhooks = false\n' + USER))).toEqual([]);
  });

  it('a pin hooks = true keeps managed hooks on', async () => {
    const resolved = await resolve('[features]\nhooks = true\n' + MANAGED, '[features]\nhooks = false\n');
    expect(effectiveObject(resolved).features).toMatchObject({ hooks: true });
    expect(listing(resolved)).toEqual({
      PreToolUse: ['/enterprise/hooks:pre_tool_use:0 python3 /enterprise/hooks/policy.py'],
    });
  });

  it('an admin pin hooks = false turns managed hooks off too', async () => {
    const resolved = await resolve('[features]\nhooks = false\n' + MANAGED, USER);
    expect(hooks(resolved)).toStrictEqual({});
  });
});

describe('hooks end to end: managed config and duplicates', () => {
  const LEGACY = toml('PostToolUse', '/etc/codex/hooks/post.sh');

  it('hooks from the legacy managed config layer are managed: kept under allow_managed_hooks_only, not disabled by state', async () => {
    const state = '[hooks.state."managed_config.toml:post_tool_use:0:0"]\nenabled = false\n';
    const resolved = await resolve('allow_managed_hooks_only = true\n' + MANAGED, USER + state, { managed: LEGACY });
    expect(listing(resolved)).toEqual({
      PreToolUse: ['/enterprise/hooks:pre_tool_use:0 python3 /enterprise/hooks/policy.py'],
      PostToolUse: ['managed_config.toml:post_tool_use:0 /etc/codex/hooks/post.sh'],
    });
    expect(hooks(resolved).PostToolUse![0]).toMatchObject({ source: 'managed_config.toml', managed: true });
    expect(warnings(resolved)).toEqual([
      diagnosticLike({ kind: 'disallowed-value', key: 'hooks.state.managed_config.toml:post_tool_use:0:0' }),
    ]);
  });

  it('a managed group identical to a requested one is listed once, and resolving the result again changes nothing', async () => {
    const policy = await load(MANAGED);
    const requirement = policy.requirements.combined.get('hooks');
    const first = hooks(await resolve(MANAGED, USER));
    const again = resolveWith(hooksProvider(), requirement!.value, { hooks: first }, { 'features.hooks': true });
    expect(again.effective.hooks).toStrictEqual(first);
    expect(again.diagnostics).toEqual([]);

    // A copy listed after a user group does not let the managed group fall behind it: it moves to the front, once.
    const [managed, user] = first.PreToolUse!;
    const reordered = resolveWith(
      hooksProvider(),
      requirement!.value,
      { hooks: { PreToolUse: [user!, managed!] } },
      { 'features.hooks': true },
    );
    expect(reordered.effective.hooks).toStrictEqual({ PreToolUse: [managed, user] });
  });
});
