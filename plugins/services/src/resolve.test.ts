import { describe, expect, it } from 'vitest';
import { effectiveObject, InputError } from '@ratchet/core';
import { loadPolicy, resolveWith, userConfig } from '@ratchet/testkit';
import { applicationProvider, applicationReaches } from './application.js';
import { loginProvider } from './login.js';
import { modelProvidersProvider } from './model-providers.js';

const login = loginProvider();
const models = modelProvidersProvider();
const providers = [login, models, applicationProvider()];
const resolve = async (requirements: string, config = '') =>
  effectiveObject((await loadPolicy(providers, requirements)).resolve(userConfig(config)));
const refusal = async (requirements: string, config = '') =>
  (await loadPolicy(providers, requirements)
    .then((p) => p.resolve(userConfig(config)))
    .then(
      () => undefined,
      (e: unknown) => e,
    )) as Error | undefined;

describe('login requirements on the user config (Codex 0.171 resolve_auth_restrictions)', () => {
  it('without requirements both methods are usable and nothing is forced', async () => {
    const effective = await resolve('');
    expect(effective).toMatchObject({ allowed_login_methods: ['api', 'chatgpt'] });
    expect(effective.forced_login_method).toBeUndefined();
  });

  it('one allowed method becomes the forced one', async () => {
    expect(await resolve('allowed_login_methods = ["api"]\n')).toMatchObject({
      allowed_login_methods: ['api'],
      forced_login_method: 'api',
    });
  });

  it('a forced method the requirements allow is kept', async () => {
    expect(await resolve('allowed_login_methods = ["api"]\n', 'forced_login_method = "api"\n')).toMatchObject({
      forced_login_method: 'api',
    });
  });

  it('a forced method the requirements do not allow stops loading, naming the key, as 0.171 does', async () => {
    const error = await refusal('allowed_login_methods = ["api"]\n', 'forced_login_method = "chatgpt"\n');
    expect(error).toBeInstanceOf(InputError);
    for (const part of ['forced_login_method', 'do not permit any usable login method', 'req.toml'])
      expect(error!.message).toContain(part);
  });

  it('requirements that leave no method stop loading', async () => {
    for (const text of [
      'allowed_login_methods = []\n',
      'allowed_login_methods = ["chatgpt"]\nallowed_chatgpt_workspaces = []\n',
      'allowed_login_methods = ["chatgpt"]\nallowed_chatgpt_workspaces = ["  "]\n',
    ]) {
      const error = await loadPolicy(providers, text).catch((e: unknown) => e);
      expect(error, text).toBeInstanceOf(InputError);
      expect((error as Error).message, text).toContain('do not permit any usable login method');
    }
  });

  it("the user's workspaces keep only the allowed ones; none left takes ChatGPT login away", async () => {
    const required = 'allowed_chatgpt_workspaces = ["ws-1", "ws-2"]\n';
    expect(await resolve(required, 'forced_chatgpt_workspace_id = ["ws-3", "ws-2"]\n')).toMatchObject({
      forced_chatgpt_workspace_id: ['ws-2'],
      allowed_login_methods: ['api', 'chatgpt'],
    });
    const none = await resolve(required, 'forced_chatgpt_workspace_id = "ws-3"\n');
    expect(none).toMatchObject({ forced_chatgpt_workspace_id: [], allowed_login_methods: ['api'] });
    expect(none.forced_login_method).toBeUndefined();
    expect(await resolve(required)).toMatchObject({ forced_chatgpt_workspace_id: ['ws-1', 'ws-2'] });
  });

  it('a dropped workspace is warned about, naming the key and the requirement', () => {
    const { diagnostics } = resolveWith(
      login,
      { allowed_chatgpt_workspaces: ['ws-1'] },
      { forced_chatgpt_workspace_id: ['ws-9'] },
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        key: 'forced_chatgpt_workspace_id',
        message: expect.stringContaining('allowed_chatgpt_workspaces') as unknown,
      }),
    ]);
  });

  it('a ChatGPT-only requirement with no usable workspace for the user stops loading', async () => {
    const error = await refusal(
      'allowed_login_methods = ["chatgpt"]\nallowed_chatgpt_workspaces = ["ws-1"]\n',
      'forced_chatgpt_workspace_id = "ws-3"\n',
    );
    expect(error).toBeInstanceOf(InputError);
  });
});

describe('model provider requirements on the user config', () => {
  const corp =
    'model_provider = "corp"\n[model_providers.corp]\nname = "Corp"\nbase_url = "https://llm.example.com/v1"\n';

  it("the required provider replaces the user's, with a warning", async () => {
    const policy = await loadPolicy(providers, corp);
    const resolved = policy.resolve(userConfig('model_provider = "openai"\n'));
    expect(effectiveObject(resolved)).toMatchObject({ model_provider: 'corp' });
    expect(resolved.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        key: 'model_provider',
        message: expect.stringContaining('overridden by the required value "corp"') as unknown,
      }),
    );
    expect(resolved.entries.get('model_provider')!.constraints).toEqual([
      { field: 'model_provider', value: 'corp', sources: ['req.toml'] },
    ]);
  });

  it("required definitions replace the user's of the same id; the user's others stay", async () => {
    const effective = await resolve(
      corp,
      '[model_providers.corp]\nname = "Mine"\nbase_url = "https://evil.example/v1"\n[model_providers.mine]\nname = "Mine"\n',
    );
    expect(effective.model_providers).toEqual({
      corp: { name: 'Corp', base_url: 'https://llm.example.com/v1' },
      mine: { name: 'Mine' },
    });
  });

  it('definitions alone pin nothing: the user may pick another provider', async () => {
    expect(await resolve('[model_providers.corp]\nname = "Corp"\n', 'model_provider = "mine"\n')).toMatchObject({
      model_provider: 'mine',
    });
  });

  it('a required provider that is neither built in nor defined by requirements stops loading (stricter than 0.171)', async () => {
    for (const text of ['model_provider = "corp"\n', 'model_provider = ""\n', 'model_provider = "oss"\n']) {
      const error = await loadPolicy(providers, text).catch((e: unknown) => e);
      expect(error, text).toBeInstanceOf(InputError);
      expect((error as Error).message).toContain('not found');
    }
    expect(await resolve('model_provider = "lmstudio"\n', 'model_provider = "openai"\n')).toMatchObject({
      model_provider: 'lmstudio',
    });
  });

  it('strict layering that finds two different pins stops loading', async () => {
    const error = await loadPolicy(providers, ['model_provider = "ollama"\n', 'model_provider = "lmstudio"\n'], {
      mode: 'strict',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
  });
});

describe('application requirement', () => {
  it('is the runtime value application, with where it came from', async () => {
    const policy = await loadPolicy(providers, '[application.network.domains]\n"api.example.com" = "allow"\n');
    const resolved = policy.resolve(userConfig(''));
    const application = effectiveObject(resolved).application as Parameters<typeof applicationReaches>[0];
    expect(application).toEqual({ network: { enabled: true, domains: { 'api.example.com': 'allow' } } });
    expect(applicationReaches(application, 'API.example.com')).toBe(true);
    expect(applicationReaches(application, 'other.example.com')).toBe(false);
    expect(resolved.entries.get('application')!.constraints[0]!.sources).toEqual(['req.toml']);
  });

  it('strict layering allows a domain only when every layer does', async () => {
    const policy = await loadPolicy(
      providers,
      [
        '[application.network]\nenabled = false\n[application.network.domains]\n"a.example.com" = "deny"\n',
        '[application.network.domains]\n"a.example.com" = "allow"\n"b.example.com" = "allow"\n',
      ],
      { mode: 'strict' },
    );
    const application = effectiveObject(policy.resolve(userConfig(''))).application as Parameters<
      typeof applicationReaches
    >[0];
    expect(applicationReaches(application, 'a.example.com')).toBe(false);
    expect(applicationReaches(application, 'b.example.com')).toBe(true);
  });
});
