import { describe, expect, it } from 'vitest';
import type { AnyProvider, Table } from '@ratchet/core';
import { parseSlice } from '@ratchet/testkit';
import { diagnosticLike, type DiagnosticExpectation as Expected } from '@ratchet/testkit/vitest';
import { applicationProvider } from './application.js';
import { configServerProvider } from './config-server.js';
import { loginProvider } from './login.js';
import { modelProvidersProvider } from './model-providers.js';

/** Parse cases of one provider: slices that load (with the requirement read) and slices refused (with the diagnostic). */
interface ParseCases {
  readonly provider: AnyProvider;
  readonly valid: readonly { name: string; input: Table; expected: object }[];
  readonly invalid: readonly { name: string; input: Table; expected: Expected }[];
}

const cases: ParseCases[] = [
  {
    provider: loginProvider(),
    valid: [
      { name: 'nothing set', input: {}, expected: {} },
      { name: 'one method', input: { allowed_login_methods: ['api'] }, expected: { allowed_login_methods: ['api'] } },
      {
        name: 'both methods, repeated, in canonical order',
        input: { allowed_login_methods: ['chatgpt', 'api', 'api'] },
        expected: { allowed_login_methods: ['api', 'chatgpt'] },
      },
      {
        name: 'an empty list (no method: refused when combined)',
        input: { allowed_login_methods: [] },
        expected: { allowed_login_methods: [] },
      },
      {
        name: 'workspaces trimmed, blanks dropped',
        input: { allowed_chatgpt_workspaces: [' ws-1 ', '  ', 'ws-2', 'ws-1'] },
        expected: { allowed_chatgpt_workspaces: ['ws-1', 'ws-2'] },
      },
    ],
    invalid: [
      {
        name: 'an unknown login method',
        input: { allowed_login_methods: ['sso'] },
        expected: {
          kind: 'unknown-value',
          key: 'allowed_login_methods[0]',
          message: 'unknown variant `sso`, expected `api` or `chatgpt`',
        },
      },
      {
        name: 'a string instead of a list of methods',
        input: { allowed_login_methods: 'api' },
        expected: {
          kind: 'invalid-type',
          key: 'allowed_login_methods',
          message: 'invalid type: string "api", expected a sequence',
        },
      },
      {
        name: 'a string instead of a list of workspaces',
        input: { allowed_chatgpt_workspaces: 'ws-123' },
        expected: { kind: 'invalid-type', key: 'allowed_chatgpt_workspaces', message: 'expected a sequence' },
      },
      {
        name: 'a number as a workspace',
        input: { allowed_chatgpt_workspaces: [1] },
        expected: {
          kind: 'invalid-type',
          key: 'allowed_chatgpt_workspaces[0]',
          message: 'invalid type: integer, expected a string',
        },
      },
    ],
  },
  {
    provider: modelProvidersProvider(),
    valid: [
      { name: 'a built-in provider', input: { model_provider: 'ollama' }, expected: { model_provider: ['ollama'] } },
      {
        name: 'a provider and its definition',
        input: {
          model_provider: 'corp',
          model_providers: { corp: { name: 'Corp', base_url: 'https://llm.example.com/v1', env_key: 'CORP_KEY' } },
        },
        expected: {
          model_provider: ['corp'],
          model_providers: { corp: [{ name: 'Corp', base_url: 'https://llm.example.com/v1', env_key: 'CORP_KEY' }] },
        },
      },
      {
        name: 'amazon-bedrock with the fields it may change',
        input: {
          model_providers: {
            'amazon-bedrock': { base_url: 'https://bedrock.example.com', aws: { region: 'us-east-1' } },
          },
        },
        expected: {
          model_providers: {
            'amazon-bedrock': [{ base_url: 'https://bedrock.example.com', aws: { region: 'us-east-1' } }],
          },
        },
      },
    ],
    invalid: [
      {
        name: 'a number as the provider',
        input: { model_provider: 1 },
        expected: { kind: 'invalid-type', key: 'model_provider', message: 'invalid type: integer, expected a string' },
      },
      {
        name: 'a definition without a name',
        input: { model_providers: { corp: { base_url: 'https://x.example' } } },
        expected: {
          kind: 'missing-key',
          key: 'model_providers.corp.name',
          message: 'model_providers.corp: provider name must not be empty',
        },
      },
      {
        name: 'a redefined built-in provider',
        input: { model_providers: { openai: { name: 'Reserved' } } },
        expected: {
          kind: 'invalid-value',
          key: 'model_providers.openai',
          message: 'reserved built-in provider IDs: `openai`',
        },
      },
      {
        name: 'amazon-bedrock with a field it may not change',
        input: { model_providers: { 'amazon-bedrock': { name: 'x' } } },
        expected: {
          kind: 'invalid-value',
          key: 'model_providers.amazon-bedrock.name',
          message: 'only supports changing `base_url`',
        },
      },
      {
        name: 'the chat wire protocol',
        input: { model_providers: { corp: { name: 'Corp', wire_api: 'chat' } } },
        expected: {
          kind: 'unknown-value',
          key: 'model_providers.corp.wire_api',
          message: '`wire_api = "chat"` is no longer supported',
        },
      },
      {
        name: 'a header that is not a string',
        input: { model_providers: { corp: { name: 'Corp', http_headers: { 'X-Team': 1 } } } },
        expected: { kind: 'invalid-type', key: 'model_providers.corp.http_headers.X-Team' },
      },
    ],
  },
  {
    provider: applicationProvider(),
    valid: [
      { name: 'an empty [application] sets nothing', input: { application: {} }, expected: {} },
      {
        name: 'network with domains, names lower-cased',
        input: { application: { network: { enabled: true, domains: { 'API.Example.com': 'allow' } } } },
        expected: { application: { network: { enabled: true, domains: { 'api.example.com': 'allow' } } } },
      },
      {
        name: 'network enabled by default when only domains are given',
        input: { application: { network: { domains: { 'a.example.com': 'deny' } } } },
        expected: { application: { network: { enabled: true, domains: { 'a.example.com': 'deny' } } } },
      },
      {
        name: 'storage folders',
        input: { application: { storage: { default_project_parent: '/srv/projects' } } },
        expected: { application: { storage: { default_project_parent: '/srv/projects' } } },
      },
    ],
    invalid: [
      {
        name: 'an unknown field of [application]',
        input: { application: { nope: true } },
        expected: {
          kind: 'unknown-key',
          key: 'application.nope',
          message: 'unknown field `nope`, expected `network` or `storage`',
        },
      },
      {
        name: 'an unknown field of [application.network]',
        input: { application: { network: { foo: 1 } } },
        expected: { kind: 'unknown-key', key: 'application.network.foo', message: 'expected `enabled` or `domains`' },
      },
      {
        name: 'a permission other than allow or deny',
        input: { application: { network: { domains: { 'a.example.com': 'maybe' } } } },
        expected: {
          kind: 'unknown-value',
          key: 'application.network.domains.a.example.com',
          message: 'unknown variant `maybe`, expected `allow` or `deny`',
        },
      },
      {
        name: 'a wildcard domain',
        input: { application: { network: { domains: { '*.example.com': 'allow' } } } },
        expected: {
          kind: 'invalid-value',
          key: 'application.network.domains',
          message: 'requires exact ASCII domain names without URLs, ports, or wildcards',
        },
      },
      {
        name: 'a domain with a port',
        input: { application: { network: { domains: { 'a.example.com:443': 'allow' } } } },
        expected: { kind: 'invalid-value', key: 'application.network.domains' },
      },
      {
        name: 'a relative storage path',
        input: { application: { storage: { projectless_workspace_root: 'relative/x' } } },
        expected: {
          kind: 'invalid-value',
          key: 'application.storage.projectless_workspace_root',
          message: 'path is not absolute: relative/x',
        },
      },
      {
        name: 'storage as a string',
        input: { application: { storage: 'x' } },
        expected: { kind: 'invalid-type', key: 'application.storage' },
      },
    ],
  },
  {
    provider: configServerProvider(),
    valid: [
      {
        name: 'a base URL',
        input: { config_server: { base_url: 'https://config.example.com' } },
        expected: { config_server: { base_url: 'https://config.example.com' } },
      },
      {
        name: 'a base URL and OAuth',
        input: {
          config_server: {
            base_url: 'https://config.example.com/codex',
            oauth: {
              authorization_url: 'https://auth.example.com/a',
              token_url: 'https://auth.example.com/t',
              client_id: 'codex',
              scopes: ['openid'],
              redirect_port: 8765,
            },
          },
        },
        expected: {
          config_server: {
            base_url: 'https://config.example.com/codex',
            oauth: {
              authorization_url: 'https://auth.example.com/a',
              token_url: 'https://auth.example.com/t',
              client_id: 'codex',
              scopes: ['openid'],
              redirect_port: 8765,
            },
          },
        },
      },
    ],
    invalid: [
      {
        name: 'an unknown field',
        input: { config_server: { url: 'https://config.example.com' } },
        expected: {
          kind: 'unknown-key',
          key: 'config_server.url',
          message: 'unknown field `url`, expected `base_url` or `oauth`',
        },
      },
      {
        name: 'no base URL',
        input: { config_server: {} },
        expected: { kind: 'missing-key', key: 'config_server.base_url', message: 'missing field `base_url`' },
      },
      {
        name: 'a plain http URL',
        input: { config_server: { base_url: 'http://127.0.0.1:9/' } },
        expected: {
          kind: 'invalid-value',
          key: 'config_server.base_url',
          message: 'config_server URLs must use HTTPS without userinfo or fragments',
        },
      },
      {
        name: 'a URL with userinfo',
        input: { config_server: { base_url: 'https://u:p@config.example.com/' } },
        expected: { kind: 'invalid-value', message: 'without userinfo or fragments' },
      },
      {
        name: 'a base URL with a query',
        input: { config_server: { base_url: 'https://config.example.com/x?y=1' } },
        expected: { kind: 'invalid-value', message: 'config_server.base_url must not contain a query' },
      },
      {
        name: 'OAuth as a string',
        input: { config_server: { base_url: 'https://config.example.com', oauth: 'x' } },
        expected: { kind: 'invalid-type', key: 'config_server.oauth' },
      },
      {
        name: 'OAuth without a token URL',
        input: {
          config_server: {
            base_url: 'https://config.example.com',
            oauth: { authorization_url: 'https://a.example.com', client_id: 'c' },
          },
        },
        expected: { kind: 'missing-key', key: 'config_server.oauth.token_url', message: 'missing field `token_url`' },
      },
      {
        name: 'an OAuth port out of range',
        input: {
          config_server: {
            base_url: 'https://config.example.com',
            oauth: {
              authorization_url: 'https://a.example.com',
              token_url: 'https://a.example.com/t',
              client_id: 'c',
              redirect_port: 70000,
            },
          },
        },
        expected: { kind: 'invalid-type', key: 'config_server.oauth.redirect_port', message: 'expected u16' },
      },
    ],
  },
];

for (const { provider, valid, invalid } of cases) {
  describe(`${provider.id} parse`, () => {
    it.each(valid)('reads $name', ({ input, expected }) => {
      const { requirement, diagnostics } = parseSlice(provider, input);
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(requirement).toStrictEqual(expected);
    });

    it.each(invalid)('refuses $name, naming the key', ({ input, expected }) => {
      const { requirement, diagnostics } = parseSlice(provider, input);
      expect(requirement).toStrictEqual({});
      expect(diagnostics).toContainEqual(diagnosticLike({ source: 'req.toml', severity: 'error', ...expected }));
      for (const d of diagnostics.filter((x) => x.severity === 'error')) expect(d.suggestion).toBeTruthy();
    });

    it('print and parse round-trip every valid case', () => {
      for (const { input } of valid) {
        const once = parseSlice(provider, input).requirement;
        expect(parseSlice(provider, provider.print(once)).requirement).toStrictEqual(once);
      }
    });
  });
}

describe('model-providers parse warnings', () => {
  it('an unknown field of a definition is warned about and ignored, as 0.171 does', () => {
    const { requirement, diagnostics } = parseSlice(modelProvidersProvider(), {
      model_providers: { corp: { name: 'Corp', nope: 1 } },
    });
    expect(requirement).toStrictEqual({ model_providers: { corp: [{ name: 'Corp' }] } });
    expect(diagnostics).toEqual([
      diagnosticLike({ severity: 'warning', kind: 'unknown-key', key: 'model_providers.corp.nope' }),
    ]);
  });
});
