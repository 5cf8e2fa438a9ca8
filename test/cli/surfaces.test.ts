import { describe, it } from 'vitest';
import { expectInputError, fileScopedDir, lines, parseJson, resolveJson, runRatchet } from './helpers.js';

const dir = fileScopedDir('ratchet-cli-surfaces-');
const empty = dir.write('empty.toml', '');
const pinned = dir.write(
  'pinned.toml',
  [
    'log_dir = "logs"',
    'check_for_update_on_startup = false',
    'cli_auth_credentials_store = "keyring"',
    'allow_appshots = false',
    '[feedback]',
    'enabled = false',
    '[computer_use]',
    'allow_locked_computer_use = false',
    '[auto_review]',
    'required_on_models = ["gpt-5.2"]',
    '[models.new_thread]',
    'model = "gpt-5.2"',
    'model_reasoning_effort = "high"',
    '',
  ].join('\n'),
);
const userWants = dir.write(
  'config.toml',
  'log_dir = "/tmp/my-logs"\ncheck_for_update_on_startup = true\n[feedback]\nenabled = true\n',
);

describe.concurrent('newer requirement keys end to end', () => {
  it("exact values replace the user's config.toml values, with a notice and provenance", async ({ expect }) => {
    const out = await resolveJson(['--requirements', pinned, '--config', userWants]);
    expect(out.effective).toMatchObject({
      log_dir: `${dir.path}/logs`,
      check_for_update_on_startup: false,
      cli_auth_credentials_store: 'keyring',
      feedback: { enabled: false },
    });
    expect(out.warnings).toEqual([]);
    expect(out.notices.map((n) => n.key).sort()).toEqual([
      'check_for_update_on_startup',
      'feedback.enabled',
      'log_dir',
    ]);
    expect(out.notices.find((n) => n.key === 'log_dir')!.message).toContain(
      'log_dir = "/tmp/my-logs" is replaced by the required log_dir',
    );
    expect(out.provenance.log_dir).toMatchObject({
      provider: 'surfaces',
      requested: { value: '/tmp/my-logs', key: 'log_dir', source: userWants },
    });
    expect(out.provenance.log_dir!.constraints).toEqual([
      { field: 'log_dir', value: `${dir.path}/logs`, sources: [pinned] },
    ]);
  });

  it('the other keys are reported under their own names', async ({ expect }) => {
    const out = await resolveJson(['--requirements', pinned, '--config', empty]);
    expect(out.effective).toMatchObject({
      allow_appshots: false,
      computer_use: { allow_locked_computer_use: false },
      auto_review: { required_on_models: ['gpt-5.2'] },
      models: { new_thread: { model: 'gpt-5.2', model_reasoning_effort: 'high' } },
    });
  });

  it('without requirements the user values stand', async ({ expect }) => {
    const out = await resolveJson(['--no-default-sources', '--config', userWants]);
    expect(out.effective).toMatchObject({
      log_dir: '/tmp/my-logs',
      check_for_update_on_startup: true,
      feedback: { enabled: true },
    });
    expect(out.effective).not.toHaveProperty('allow_appshots');
  });

  it('the highest layer wins a whole table, and required_on_models is unioned', async ({ expect }) => {
    const high = dir.write(
      'high.toml',
      '[computer_use]\ndefault_app_access = "deny"\n[auto_review]\nrequired_on_models = ["o3"]\n',
    );
    const out = await resolveJson(['--requirements', high, '--requirements', pinned, '--config', empty]);
    expect(out.effective.computer_use).toEqual({ default_app_access: 'deny' });
    expect(out.effective.auto_review).toEqual({ required_on_models: ['o3', 'gpt-5.2'] });
  });

  it('strict layering refuses two different exact values', async () => {
    const other = dir.write('other-logs.toml', 'log_dir = "/var/log/codex"\n');
    expectInputError(
      await runRatchet(['resolve', '--strict', '--requirements', other, '--requirements', pinned, '--config', empty]),
      'log_dir',
      'required to be',
    );
  });

  it('unknown keys Codex ignores are warnings on stderr', async ({ expect }) => {
    const typo = dir.write('typo.toml', '[browser_use]\nallow_history_acess = false\n');
    const result = await runRatchet(['resolve', '--requirements', typo, '--config', empty, '--json']);
    expect(result.status).toBe(0);
    expect(lines(result.stderr)).toEqual([
      expect.stringContaining(
        'browser_use.allow_history_acess: unknown key "allow_history_acess" is ignored (fix: did you mean "allow_history_access"?)',
      ),
    ]);
  });
});

describe.concurrent('newer requirement keys that stop loading (exit 2)', () => {
  const cases: { name: string; text: string; parts: string[] }[] = [
    {
      name: 'an unknown field in [marketplaces]',
      text: '[marketplaces]\nbogus = 1\n',
      parts: ['marketplaces.bogus', 'unknown field "bogus"', 'restrict_to_allowed_sources, allowed_sources'],
    },
    {
      name: 'an unknown field in an allowed source',
      text: '[marketplaces.allowed_sources.corp]\nsource = "git"\nbranch = "main"\n',
      parts: ['marketplaces.allowed_sources.corp.branch', 'unknown field'],
    },
    {
      name: 'an unknown source kind',
      text: '[marketplaces.allowed_sources.corp]\nsource = "svn"\n',
      parts: ['marketplaces.allowed_sources.corp.source', 'unknown value "svn"', 'git, host_pattern, local'],
    },
    {
      name: 'a namespaced slug',
      text: '[auto_review]\nrequired_on_models = ["openai/gpt"]\n',
      parts: ['auto_review.required_on_models[0]', '"openai/gpt"', 'write the bare model slug "gpt"'],
    },
    {
      name: 'a padded slug',
      text: '[auto_review]\nrequired_on_models = ["gpt-5 "]\n',
      parts: ['auto_review.required_on_models[0]', 'surrounding whitespace'],
    },
    {
      name: 'a string flag',
      text: 'allow_appshots = "yes"\n',
      parts: ['allow_appshots', 'expected a boolean, found string', 'allow_appshots = true or false'],
    },
    {
      name: 'an unknown credentials store',
      text: 'cli_auth_credentials_store = "vault"\n',
      parts: ['cli_auth_credentials_store', 'unknown value "vault"'],
    },
    {
      name: 'an unknown reasoning effort',
      text: '[models.new_thread]\nmodel_reasoning_effort = "max"\n',
      parts: ['models.new_thread.model_reasoning_effort', 'unknown value "max"'],
    },
    {
      name: 'an exe rule without access',
      text: '[[computer_use.windows.exes]]\npublisher_name = "Corp"\nproduct_name = "Tool"\n',
      parts: ['computer_use.windows.exes[0].access', 'missing field'],
    },
  ];

  it.for(cases)('$name', async ({ name, text, parts }, { expect }) => {
    const file = dir.write(`bad-${name.replace(/[^a-z0-9]+/gi, '-')}.toml`, text);
    expect(
      expectInputError(await runRatchet(['resolve', '--requirements', file, '--config', empty]), file, ...parts),
    ).toBeTruthy();
  });

  it('a bad user value stops resolving too', async ({ expect }) => {
    const config = dir.write('bad-config.toml', 'allow_login_shell = "no"\n');
    expect(
      expectInputError(
        await runRatchet(['resolve', '--no-default-sources', '--config', config]),
        config,
        'allow_login_shell',
      ),
    ).toBeTruthy();
  });
});

describe.concurrent('ratchet schema covers the newer keys', () => {
  it('lists them, with [marketplaces] closed to unknown fields', async ({ expect }) => {
    const schema = parseJson<{
      properties: Record<string, { additionalProperties?: unknown; properties?: Record<string, unknown> }>;
    }>(await runRatchet(['schema']));
    for (const key of [
      'allow_appshots',
      'computer_use',
      'browser_use',
      'in_app_browser',
      'marketplaces',
      'auto_review',
      'models',
      'log_dir',
      'feedback',
    ])
      expect(schema.properties, key).toHaveProperty(key);
    expect(schema.properties.marketplaces!.additionalProperties).toBe(false);
  });
});
