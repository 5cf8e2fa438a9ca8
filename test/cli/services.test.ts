import { describe, it } from 'vitest';
import { expectInputError, fileScopedDir, lines, resolveJson, runRatchet } from './helpers.js';

// The service keys of Codex 0.171 (plugins/services, guardian_extra_policy in approvals) through the built command.
const dir = fileScopedDir('ratchet-cli-services-');
const file171 = dir.write(
  'requirements-0171.toml',
  [
    'allowed_login_methods = ["api", "chatgpt"]',
    'allowed_chatgpt_workspaces = ["ws-1", "ws-2"]',
    'model_provider = "corp"',
    'guardian_extra_policy = "Never approve pushes to main."',
    '[model_providers.corp]',
    'name = "Corp gateway"',
    'base_url = "https://llm.example.com/v1"',
    'env_key = "CORP_KEY"',
    '[application.network]',
    'enabled = true',
    '[application.network.domains]',
    '"api.example.com" = "allow"',
    '[application.storage]',
    'default_project_parent = "/srv/projects"',
    '',
  ].join('\n'),
);
const user = dir.write(
  'config.toml',
  'model_provider = "openai"\nforced_login_method = "chatgpt"\nforced_chatgpt_workspace_id = ["ws-3", "ws-2"]\n',
);

describe.concurrent('service keys end to end', () => {
  it('a file written for 0.171 validates with no unknown key', async ({ expect }) => {
    const result = await runRatchet(['validate', file171, '--json']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('unknown-key');
    expect(result.stderr).toBe('');
  });

  it('validate checks a [config_server] as written, without fetching it', async ({ expect }) => {
    const server = dir.write('config-server.toml', '[config_server]\nbase_url = "https://127.0.0.1:9/requirements"\n');
    const result = await runRatchet(['validate', server]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${server}: ok`);
  });

  it('constrains the user config, each value with the requirement and file that decided it', async ({ expect }) => {
    const out = await resolveJson(['--requirements', file171, '--config', user]);
    expect(out.effective).toMatchObject({
      model_provider: 'corp',
      model_providers: { corp: { name: 'Corp gateway', base_url: 'https://llm.example.com/v1', env_key: 'CORP_KEY' } },
      forced_login_method: 'chatgpt',
      forced_chatgpt_workspace_id: ['ws-2'],
      allowed_login_methods: ['chatgpt'],
      guardian_extra_policy: 'Never approve pushes to main.',
      application: {
        network: { enabled: true, domains: { 'api.example.com': 'allow' } },
        storage: { default_project_parent: '/srv/projects' },
      },
    });
    expect(out.warnings.map((w) => w.key).sort()).toEqual(['forced_chatgpt_workspace_id', 'model_provider']);
    expect(out.provenance.model_provider).toMatchObject({
      provider: 'model-providers',
      requested: { value: 'openai', key: 'model_provider', source: user },
      constraints: [{ field: 'model_provider', value: 'corp', sources: [file171] }],
    });
    expect(out.provenance.forced_chatgpt_workspace_id!.constraints).toEqual([
      { field: 'allowed_chatgpt_workspaces', value: ['ws-1', 'ws-2'], sources: [file171] },
    ]);
  });

  it('a forced login method requirements do not allow is one line naming the file, the key and the fix', async () => {
    const apiOnly = dir.write('api-only.toml', 'allowed_login_methods = ["api"]\n');
    const chatgpt = dir.write('chatgpt.toml', 'forced_login_method = "chatgpt"\n');
    expectInputError(
      await runRatchet(['resolve', '--requirements', apiOnly, '--config', chatgpt]),
      chatgpt,
      'forced_login_method',
      'do not permit any usable login method',
      'fix: set forced_login_method = "api"',
    );
  });

  it('explain tells the story of a forced login method', async ({ expect }) => {
    const apiOnly = dir.write('api-only-explain.toml', 'allowed_login_methods = ["api"]\n');
    const result = await runRatchet(['explain', 'forced_login_method', '--requirements', apiOnly, '--config', user]);
    expect(result.status, result.stderr).toBe(2);
    const none = dir.write('none.toml', '');
    const story = await runRatchet(['explain', 'forced_login_method', '--requirements', apiOnly, '--config', none]);
    expect(lines(story.stdout)).toEqual([
      'forced_login_method = "api"',
      '  requested: nothing (the default applies)',
      `  constrained by: allowed_login_methods = ["api"], set by ${apiOnly}`,
      '  rule: the only login method allowed_login_methods allows',
    ]);
  });
});

describe.concurrent('service keys that stop loading (exit 2, one line naming the file, the key and the fix)', () => {
  const cases: { name: string; text: string; parts: string[] }[] = [
    {
      name: 'an unknown login method',
      text: 'allowed_login_methods = ["sso"]\n',
      parts: ['allowed_login_methods[0]', 'sso'],
    },
    {
      name: 'a workspace list given as a string',
      text: 'allowed_chatgpt_workspaces = "ws-1"\n',
      parts: ['allowed_chatgpt_workspaces', 'expected a sequence'],
    },
    {
      name: 'a required provider nobody defines',
      text: 'model_provider = "corp"\n',
      parts: ['model_provider', 'Model provider `corp` not found', 'fix: define [model_providers.corp]'],
    },
    {
      name: 'an unknown field of [application]',
      text: '[application]\nnope = true\n',
      parts: ['application.nope', 'expected `network` or `storage`'],
    },
    {
      name: 'an unknown field of [config_server]',
      text: '[config_server]\nurl = "https://config.example.com"\n',
      parts: ['config_server.url', 'unknown field `url`, expected `base_url` or `oauth`', 'fix: remove it'],
    },
    {
      name: 'a config server over plain http',
      text: '[config_server]\nbase_url = "http://127.0.0.1:9/"\n',
      parts: ['config_server.base_url', 'HTTPS', 'fix:'],
    },
    {
      name: 'guardian_extra_policy that is not a string',
      text: 'guardian_extra_policy = 1\n',
      parts: ['guardian_extra_policy', 'expected a string'],
    },
  ];
  for (const { name, text, parts } of cases) {
    it(name, async () => {
      const file = dir.write(`bad-${name.replaceAll(/\W+/g, '-')}.toml`, text);
      expectInputError(
        await runRatchet(['resolve', '--requirements', file, '--config', dir.write('empty.toml', '')]),
        file,
        ...parts,
      );
    });
  }
});
