import { describe, expect, it } from 'vitest';
import type { RequirementSource, Table } from '@ratchet/core';
import { parseSlice } from '@ratchet/testkit';
import { diagnosticLike, type DiagnosticExpectation as Expected } from '@ratchet/testkit/vitest';
import { surfacesProvider } from './provider.js';
import type { SurfacesRequirement } from './requirement.js';

const provider = surfacesProvider({ home: () => '/home/tester' });
const system: RequirementSource = {
  kind: 'system',
  label: '/etc/codex/requirements.toml',
  path: '/etc/codex/requirements.toml',
};
const parse = (slice: Table, source?: RequirementSource) => parseSlice(provider, slice, source ? { source } : {});
const like = (expected: Expected) => diagnosticLike({ source: 'req.toml', severity: 'error', ...expected });

describe('surfaces parse: valid slices', () => {
  const cases: { name: string; input: Table; expected: Partial<SurfacesRequirement> }[] = [
    { name: 'nothing set constrains nothing', input: {}, expected: {} },
    {
      name: '[otel] with the fields Codex 0.171 reads',
      input: {
        otel: {
          environment: 'prod',
          exporter: 'none',
          trace_exporter: { 'otlp-http': { endpoint: 'https://otel.example.com' } },
          log_user_prompt: false,
          log_guardian_assessments: true,
          headers_helper: '/usr/local/bin/otel-headers',
          headers_helper_refresh_interval_ms: 60000,
          tool_result: { max_bytes: 2048 },
          span_attributes: { team: 'infra' },
        },
      },
      expected: {
        otel: {
          environment: 'prod',
          exporter: 'none',
          trace_exporter: { 'otlp-http': { endpoint: 'https://otel.example.com' } },
          log_user_prompt: false,
          log_guardian_assessments: true,
          headers_helper: '/usr/local/bin/otel-headers',
          headers_helper_refresh_interval_ms: 60000,
          tool_result: { max_bytes: 2048 },
          span_attributes: { team: 'infra' },
        },
      },
    },
    {
      name: 'the reported flags, false included',
      input: {
        allow_appshots: false,
        allow_remote_control: true,
        allow_browser_and_computer_use: false,
        unsafe_enforce_sqlite_journal_mode: true,
      },
      expected: {
        allow_appshots: false,
        allow_remote_control: true,
        allow_browser_and_computer_use: false,
        unsafe_enforce_sqlite_journal_mode: true,
      },
    },
    {
      name: 'exact values of every type',
      input: {
        cli_auth_credentials_store: 'keyring',
        chatgpt_base_url: 'https://chat.example.com',
        check_for_update_on_startup: false,
        allow_login_shell: false,
        feedback: { enabled: false },
      },
      expected: {
        cli_auth_credentials_store: 'keyring',
        chatgpt_base_url: 'https://chat.example.com',
        check_for_update_on_startup: false,
        allow_login_shell: false,
        feedback: { enabled: false },
      },
    },
    {
      name: 'absolute paths are normalized',
      input: { sqlite_home: '/var/lib//codex/', log_dir: '/var/log/codex/../codex' },
      expected: { sqlite_home: '/var/lib/codex', log_dir: '/var/log/codex' },
    },
    {
      name: 'an empty table is still set (it masks lower layers)',
      input: { computer_use: {}, feedback: {} },
      expected: { computer_use: {}, feedback: {} },
    },
    {
      name: '[computer_use] with its nested tables',
      input: {
        computer_use: {
          allow_locked_computer_use: false,
          default_app_access: 'deny',
          macos: { bundle_ids: { 'com.apple.Terminal': 'deny' } },
          windows: { exes: [{ publisher_name: 'Corp', product_name: 'Tool', access: 'allow' }] },
        },
      },
      expected: {
        computer_use: {
          allow_locked_computer_use: false,
          default_app_access: 'deny',
          macos: { bundle_ids: { 'com.apple.Terminal': 'deny' } },
          windows: { exes: [{ publisher_name: 'Corp', product_name: 'Tool', access: 'allow' }] },
        },
      },
    },
    {
      name: '[browser_use] with origin policies',
      input: {
        browser_use: {
          allow_history_access: false,
          origins: { 'https://bank.example': { access: 'deny', access_approval_lifetime: 'turn' } },
        },
      },
      expected: {
        browser_use: {
          allow_history_access: false,
          origins: { 'https://bank.example': { access: 'deny', access_approval_lifetime: 'turn' } },
        },
      },
    },
    {
      name: '[marketplaces] with every source kind',
      input: {
        marketplaces: {
          restrict_to_allowed_sources: true,
          allowed_sources: {
            corp: { source: 'git', url: 'https://git.example.com/p.git', ref: 'main' },
            hosts: { source: 'host_pattern', host_pattern: '^git\\.example\\.com$' },
            disk: { source: 'local', path: '/opt/plugins' },
          },
        },
      },
      expected: {
        marketplaces: {
          restrict_to_allowed_sources: true,
          allowed_sources: {
            corp: { source: 'git', url: 'https://git.example.com/p.git', ref: 'main' },
            hosts: { source: 'host_pattern', host_pattern: '^git\\.example\\.com$' },
            disk: { source: 'local', path: '/opt/plugins' },
          },
        },
      },
    },
    {
      name: '[auto_review] splits into its two fields',
      input: { auto_review: { required_on_models: ['gpt-5.2', 'o3'], ignore_rules: ['docs-only'] } },
      expected: { 'auto_review.required_on_models': ['gpt-5.2', 'o3'], 'auto_review.ignore_rules': ['docs-only'] },
    },
    { name: 'an empty [auto_review] sets nothing', input: { auto_review: {} }, expected: {} },
    {
      name: '[models.new_thread] and the instructions',
      input: {
        models: { new_thread: { model: 'gpt-5.2', model_reasoning_effort: 'xhigh', service_tier: 'flex' } },
        additional_developer_instructions: 'Cite tickets.',
      },
      expected: {
        models: { new_thread: { model: 'gpt-5.2', model_reasoning_effort: 'xhigh', service_tier: 'flex' } },
        additional_developer_instructions: 'Cite tickets.',
      },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parse(input);
    expect(requirement).toStrictEqual(expected);
    expect(diagnostics).toEqual([]);
  });

  it('normalization is idempotent: parse(print(parse(x))) equals parse(x)', () => {
    for (const { input } of cases) {
      const once = parse(input).requirement;
      expect(parse(provider.print(once)).requirement).toStrictEqual(once);
    }
  });

  it("relative paths resolve against the file's folder, ~ against the home folder", () => {
    const { requirement } = parse({ sqlite_home: 'state', log_dir: '~/logs', model_catalog_json: '~' }, system);
    expect(requirement).toStrictEqual({
      sqlite_home: '/etc/codex/state',
      log_dir: '/home/tester/logs',
      model_catalog_json: '/home/tester',
    });
  });

  it('a relative path in a layer without a folder stops loading', () => {
    expect(parse({ log_dir: 'logs' }).diagnostics).toEqual([
      like({ kind: 'invalid-value', key: 'log_dir', message: 'is relative' }),
    ]);
  });

  it('cloud layers cannot set the local-only auth keys: they are ignored with a warning, whatever their type', () => {
    const cloud: RequirementSource = { kind: 'cloud', label: 'cloud requirements' };
    const { requirement, diagnostics } = parse(
      { cli_auth_credentials_store: 42, chatgpt_base_url: 'https://x.example', log_dir: '/var/log/codex' },
      cloud,
    );
    expect(requirement).toStrictEqual({ log_dir: '/var/log/codex' });
    expect(diagnostics.map((d) => [d.key, d.severity, d.kind])).toEqual([
      ['cli_auth_credentials_store', 'warning', 'not-enforced'],
      ['chatgpt_base_url', 'warning', 'not-enforced'],
    ]);
  });

  it('cloud layers cannot set the otel headers helper: it is dropped with a warning, the rest of [otel] is read', () => {
    const cloud: RequirementSource = { kind: 'cloud', label: 'cloud requirements' };
    const { requirement, diagnostics } = parse(
      { otel: { headers_helper: '/bin/h', headers_helper_refresh_interval_ms: 5, environment: 'prod' } },
      cloud,
    );
    expect(requirement).toStrictEqual({ otel: { environment: 'prod' } });
    expect(diagnostics.map((d) => [d.key, d.severity, d.kind])).toEqual([
      ['otel.headers_helper', 'warning', 'not-enforced'],
      ['otel.headers_helper_refresh_interval_ms', 'warning', 'not-enforced'],
    ]);
  });

  it('unknown keys where Codex ignores them warn, with the closest key, and the rest is read', () => {
    const { requirement, diagnostics } = parse({
      computer_use: { allow_locked_computer_us: false, default_app_access: 'deny' },
      models: { new_thread: { modle: 'x' } },
    });
    expect(requirement).toStrictEqual({ computer_use: { default_app_access: 'deny' }, models: { new_thread: {} } });
    expect(diagnostics).toEqual([
      like({
        severity: 'warning',
        kind: 'unknown-key',
        key: 'computer_use.allow_locked_computer_us',
        suggestion: 'did you mean "allow_locked_computer_use"?',
      }),
      like({
        severity: 'warning',
        kind: 'unknown-key',
        key: 'models.new_thread.modle',
        suggestion: 'did you mean "model"?',
      }),
    ]);
  });
});

describe('surfaces parse: invalid slices', () => {
  const cases: { name: string; input: Table; expected: Expected[] }[] = [
    {
      name: 'an unknown [otel] field, refused as Codex 0.171 refuses it',
      input: { otel: { no_such_field: 1 } },
      expected: [{ kind: 'unknown-key', key: 'otel.no_such_field', message: 'unknown field "no_such_field"' }],
    },
    {
      name: 'an [otel] exporter Codex does not know',
      input: { otel: { exporter: 'bogus' } },
      expected: [{ kind: 'unknown-value', key: 'otel.exporter', message: 'unknown variant `bogus`' }],
    },
    {
      name: 'an [otel] refresh interval of zero',
      input: { otel: { headers_helper_refresh_interval_ms: 0 } },
      expected: [{ kind: 'invalid-type', key: 'otel.headers_helper_refresh_interval_ms', message: 'at least 1' }],
    },
    {
      name: 'an [otel] flag that is not a boolean',
      input: { otel: { log_user_prompt: 'x' } },
      expected: [{ kind: 'invalid-type', key: 'otel.log_user_prompt', message: 'expected a boolean' }],
    },
    {
      name: 'a string flag',
      input: { allow_appshots: 'yes' },
      expected: [
        {
          kind: 'invalid-type',
          key: 'allow_appshots',
          message: 'expected a boolean, found string',
          suggestion: 'allow_appshots = true or false',
        },
      ],
    },
    {
      name: 'an unknown credentials store',
      input: { cli_auth_credentials_store: 'vault' },
      expected: [
        {
          kind: 'unknown-value',
          key: 'cli_auth_credentials_store',
          suggestion: 'use one of file, keyring, auto, ephemeral',
        },
      ],
    },
    {
      name: 'a table where a boolean belongs',
      input: { check_for_update_on_startup: { enabled: true } },
      expected: [{ kind: 'invalid-type', key: 'check_for_update_on_startup' }],
    },
    {
      name: 'unsafe_enforce_sqlite_journal_mode must be a boolean, as in Codex',
      input: { unsafe_enforce_sqlite_journal_mode: 'wal' },
      expected: [
        {
          kind: 'invalid-type',
          key: 'unsafe_enforce_sqlite_journal_mode',
          message: 'expected a boolean, found string',
        },
      ],
    },
    {
      name: 'a string [feedback] enabled',
      input: { feedback: { enabled: 'no' } },
      expected: [{ kind: 'invalid-type', key: 'feedback.enabled' }],
    },
    {
      name: 'an unknown app access',
      input: { computer_use: { default_app_access: 'ask' } },
      expected: [
        { kind: 'unknown-value', key: 'computer_use.default_app_access', suggestion: 'use one of allow, deny' },
      ],
    },
    {
      name: 'an exe rule without access',
      input: { computer_use: { windows: { exes: [{ publisher_name: 'Corp', product_name: 'Tool' }] } } },
      expected: [
        { kind: 'missing-key', key: 'computer_use.windows.exes[0].access', message: 'missing field `access`' },
      ],
    },
    {
      name: 'an unknown approval lifetime',
      input: { browser_use: { origins: { 'https://a.example': { access_approval_lifetime: 'session' } } } },
      expected: [{ kind: 'unknown-value', key: 'browser_use.origins."https://a.example".access_approval_lifetime' }],
    },
    {
      name: 'an unknown field in [marketplaces]',
      input: { marketplaces: { bogus: 1 } },
      expected: [
        {
          kind: 'unknown-key',
          key: 'marketplaces.bogus',
          message: 'Codex rejects unknown fields in [marketplaces]',
          suggestion: 'restrict_to_allowed_sources, allowed_sources',
        },
      ],
    },
    {
      name: 'a near miss in [marketplaces]',
      input: { marketplaces: { restrict_to_allowed_source: true } },
      expected: [
        {
          kind: 'unknown-key',
          key: 'marketplaces.restrict_to_allowed_source',
          suggestion: 'did you mean "restrict_to_allowed_sources"?',
        },
      ],
    },
    {
      name: 'an unknown field in an allowed source',
      input: { marketplaces: { allowed_sources: { corp: { source: 'git', branch: 'main' } } } },
      expected: [{ kind: 'unknown-key', key: 'marketplaces.allowed_sources.corp.branch' }],
    },
    {
      name: 'an unknown source kind',
      input: { marketplaces: { allowed_sources: { corp: { source: 'svn' } } } },
      expected: [
        {
          kind: 'unknown-value',
          key: 'marketplaces.allowed_sources.corp.source',
          suggestion: 'use one of git, host_pattern, local',
        },
      ],
    },
    {
      name: 'a namespaced slug',
      input: { auto_review: { required_on_models: ['openai/gpt'] } },
      expected: [
        {
          kind: 'invalid-value',
          key: 'auto_review.required_on_models[0]',
          message: '"openai/gpt" names a provider namespace',
          suggestion: 'write the bare model slug "gpt"',
        },
      ],
    },
    {
      name: 'a blank slug',
      input: { auto_review: { required_on_models: ['gpt-5', ' '] } },
      expected: [{ kind: 'invalid-value', key: 'auto_review.required_on_models[1]', message: 'is blank' }],
    },
    {
      name: 'a padded slug',
      input: { auto_review: { required_on_models: [' gpt-5'] } },
      expected: [{ kind: 'invalid-value', key: 'auto_review.required_on_models[0]', suggestion: 'write "gpt-5"' }],
    },
    {
      name: 'a slug that is not a string',
      input: { auto_review: { required_on_models: [5] } },
      expected: [{ kind: 'invalid-type', key: 'auto_review.required_on_models[0]' }],
    },
    {
      name: 'an unknown reasoning effort',
      input: { models: { new_thread: { model_reasoning_effort: 'extreme' } } },
      expected: [{ kind: 'unknown-value', key: 'models.new_thread.model_reasoning_effort' }],
    },
    {
      name: 'a list of instructions',
      input: { additional_developer_instructions: ['a'] },
      expected: [{ kind: 'invalid-type', key: 'additional_developer_instructions' }],
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parse(input);
    expect(requirement).toStrictEqual({});
    expect(diagnostics).toEqual(expected.map(like));
  });

  it('a bad slug keeps ignore_rules but drops the slugs', () => {
    const { requirement } = parse({ auto_review: { required_on_models: ['a/b'], ignore_rules: ['x'] } });
    expect(requirement).toStrictEqual({ 'auto_review.ignore_rules': ['x'] });
  });
});
