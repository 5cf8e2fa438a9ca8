import { describe, expect, it } from 'vitest';
import { effectiveObject, InputError } from '@ratchet/core';
import { loadPolicy, userConfig } from '@ratchet/testkit';
import { surfacesProvider } from './provider.js';
import { settingKey } from '@ratchet/core';
import { SURFACES_PROVIDER } from './keys.js';

const providers = [surfacesProvider({ home: () => '/home/tester' })];
const load = (layers: string | string[], mode?: 'precedence' | 'strict') =>
  loadPolicy(providers, layers, mode ? { mode } : {});

describe('surfaces in an engine', () => {
  it('exact values replace config.toml, keyed like config.toml; the rest is reported under its own name', async () => {
    const policy = await load(
      'log_dir = "/var/log/codex"\nallow_appshots = false\n[feedback]\nenabled = false\n[models.new_thread]\nmodel = "gpt-5.2"\n',
    );
    const resolved = policy.resolve(
      userConfig('log_dir = "/tmp/mine"\nallow_login_shell = true\n[feedback]\nenabled = true\n'),
    );
    expect(effectiveObject(resolved)).toEqual({
      log_dir: '/var/log/codex',
      allow_login_shell: true,
      feedback: { enabled: false },
      allow_appshots: false,
      models: { new_thread: { model: 'gpt-5.2' } },
    });
    expect(resolved.diagnostics.filter((d) => d.severity === 'warning')).toEqual([]);
    expect(resolved.diagnostics.filter((d) => d.severity === 'info').map((d) => d.key)).toEqual([
      'log_dir',
      'feedback.enabled',
    ]);
  });

  it('the highest layer that sets a table wins all of it; lower layers fill unset keys', async () => {
    const policy = await load([
      '[computer_use]\nallow_locked_computer_use = false\n',
      '[computer_use]\ndefault_app_access = "deny"\n\n[browser_use]\nallow_history_access = false\n',
    ]);
    expect(effectiveObject(policy.resolve(userConfig('')))).toEqual({
      computer_use: { allow_locked_computer_use: false },
      browser_use: { allow_history_access: false },
    });
  });

  it('required_on_models is unioned across layers; ignore_rules goes to the highest layer', async () => {
    const policy = await load([
      '[auto_review]\nrequired_on_models = ["gpt-5.2"]\nignore_rules = ["a"]\n',
      '[auto_review]\nrequired_on_models = ["o3", "gpt-5.2"]\nignore_rules = ["b"]\n',
    ]);
    const resolved = policy.resolve(userConfig(''));
    expect(effectiveObject(resolved)).toEqual({
      auto_review: { required_on_models: ['gpt-5.2', 'o3'], ignore_rules: ['a'] },
    });
    expect(resolved.entries.get('auto_review.required_on_models')!.constraints).toEqual([
      { field: 'auto_review.required_on_models', value: ['gpt-5.2', 'o3'], sources: ['layer-0.toml', 'layer-1.toml'] },
    ]);
  });

  it('a bad slug in any layer stops loading, naming the layer and the fix', async () => {
    const error = await load([
      '[auto_review]\nrequired_on_models = ["gpt-5.2"]\n',
      '[auto_review]\nrequired_on_models = ["openai/gpt-5.2"]\n',
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    for (const part of ['layer-1.toml', 'auto_review.required_on_models[0]', 'write the bare model slug "gpt-5.2"'])
      expect((error as Error).message).toContain(part);
  });

  it('an unknown field in [marketplaces] stops loading; elsewhere it only warns', async () => {
    await expect(load('[marketplaces]\nbogus = 1\n')).rejects.toThrow(
      /req\.toml: marketplaces\.bogus: unknown field "bogus"/,
    );
    const policy = await load('[in_app_browser]\nallow_import = false\n');
    expect(policy.requirements.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', kind: 'unknown-key', key: 'in_app_browser.allow_import' }),
    ]);
  });

  it('the owned top-level keys are no longer unknown', async () => {
    const policy = await load('allow_appshots = true\nadditional_developer_instructions = "x"\n');
    expect(policy.requirements.diagnostics).toEqual([]);
  });

  it('strict layering refuses different exact values and unions the rest', async () => {
    await expect(load(['sqlite_home = "/a"\n', 'sqlite_home = "/b"\n'], 'strict')).rejects.toThrow(
      '`sqlite_home` is required to be "/a" and "/b" at once (by layer-0.toml, layer-1.toml)',
    );
    const policy = await load(['allow_remote_control = true\n', 'allow_remote_control = false\n'], 'strict');
    expect(effectiveObject(policy.resolve(userConfig('')))).toEqual({ allow_remote_control: false });
  });

  it("a bad user value stops resolving; unknown keys in the user's [feedback] warn", async () => {
    const policy = await load('');
    expect(() => policy.resolve(userConfig('cli_auth_credentials_store = "vault"\n'))).toThrow(
      /cli_auth_credentials_store.*unknown value "vault"/,
    );
    const resolved = policy.resolve(userConfig('[feedback]\nenable = false\n'));
    expect(resolved.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'warning', kind: 'unknown-key', key: 'feedback.enable' }),
    );
  });

  it('the runtime handle refuses a value other than the required one', async () => {
    const policy = await load('allow_login_shell = false\n');
    const shell = policy.constrained(
      settingKey(SURFACES_PROVIDER, 'allow_login_shell'),
      policy.resolve(userConfig('')),
    );
    expect(shell.value).toBe(false);
    expect(shell.canSet(true).ok).toBe(false);
    expect(shell.canSet(false).ok).toBe(true);
  });
});
