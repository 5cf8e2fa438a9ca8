import { describe, it } from 'vitest';
import {
  EXAMPLE_CONFIG,
  EXAMPLE_REQUIREMENTS,
  examples,
  fileScopedDir,
  lines,
  resolveJson,
  RUNNER,
  runRatchet,
} from './helpers.js';

const dir = fileScopedDir('ratchet-cli-resolve-');

const GUARDIAN =
  'Never approve commands that read credentials, push to protected branches,\n' +
  'or send repository content to hosts outside example.com.';

describe.concurrent('ratchet resolve --json on the examples', () => {
  it('prints the exact effective configuration on a laptop', async ({ expect }) => {
    const out = await resolveJson(examples);
    const { features, mcp_servers, hooks, apps, permissions, network, ...rest } = out.effective as {
      features: Record<string, boolean>;
      mcp_servers: unknown;
      hooks: unknown;
      apps: unknown;
      permissions: unknown;
      network: unknown;
    };
    expect(network).toMatchObject({
      enabled: true,
      allowed_domains: ['*.example.com'],
      denied_domains: ['paste.example.net'],
      allowlist_miss: 'ask',
    });
    expect(apps).toEqual({ public_tracker: { enabled: false } });
    expect(permissions).toEqual({ filesystem: { deny_read: [] } });
    expect(rest).toEqual({
      approval_policy: 'on-request',
      approvals_reviewer: 'auto_review',
      guardian_policy_config: GUARDIAN,
      sandbox_mode: 'read-only',
      web_search: 'cached',
      web_search_for_turn: 'cached',
    });
    // Pinned, requested, turned on as a prerequisite, and left at the default.
    expect(features).toMatchObject({
      browser_use: false,
      computer_use: false,
      hooks: true,
      code_mode_only: true,
      code_mode: true,
      fast_mode: true,
    });
    expect(Object.values(features).every((v) => typeof v === 'boolean')).toBe(true);
    expect(mcp_servers).toEqual({
      docs: { enabled: true, command: 'docs-mcp', args: ['--read-only'] },
      scratch: {
        enabled: false,
        command: 'scratch-mcp',
        disabled_reason: expect.stringContaining(EXAMPLE_REQUIREMENTS),
      },
    });
    expect(hooks).toEqual({
      PreToolUse: [
        {
          matcher: '^Bash$',
          hooks: [
            {
              type: 'command',
              command: '/etc/codex/hooks/check-bash.sh',
              timeout: 30,
              statusMessage: 'Checking the command against company policy',
            },
          ],
          source: EXAMPLE_REQUIREMENTS,
          managed: true,
          key: '/etc/codex/hooks:pre_tool_use:0',
        },
      ],
      PostToolUse: [
        {
          matcher: 'Edit|Write',
          hooks: [{ type: 'command', command: 'npx prettier --write .', timeout: 600 }],
          source: EXAMPLE_CONFIG,
          managed: false,
          key: `${EXAMPLE_CONFIG}:post_tool_use:0`,
        },
      ],
    });
  });

  it('warns about each replaced explicit value, naming its key and the config file', async ({ expect }) => {
    const out = await resolveJson(examples);
    expect(out.warnings.map((w) => w.key).sort()).toEqual([
      'approval_policy',
      'features.browser_use',
      'mcp_servers.scratch',
      'sandbox_mode',
      'web_search',
    ]);
    for (const w of out.warnings) {
      expect(w.kind).toBe('disallowed-value');
      expect(w.source).toBe(EXAMPLE_CONFIG);
      expect(w.message).toContain(EXAMPLE_REQUIREMENTS);
    }
    const approval = out.warnings.find((w) => w.key === 'approval_policy')!;
    expect(approval.message).toContain('"never"');
    expect(approval.message).toContain('"on-request"');
    expect(approval.suggestion).toContain('allowed_approval_policies');
  });

  it('reports the replaced [auto_review].policy as a notice, not a warning', async ({ expect }) => {
    const out = await resolveJson(examples);
    expect(out.notices.map((n) => n.key)).toContain('guardian_policy_config');
    expect(out.warnings.map((w) => w.key)).not.toContain('guardian_policy_config');
  });

  it('gives the provenance of approval_policy: requested value, origin and constraint', async ({ expect }) => {
    const out = await resolveJson(examples);
    expect(out.provenance.approval_policy).toEqual({
      value: 'on-request',
      provider: 'approvals',
      rule: 'fallback: first entry of allowed_approval_policies',
      requested: { value: 'never', layer: 'config', source: EXAMPLE_CONFIG, key: 'approval_policy' },
      constraints: [
        { field: 'allowed_approval_policies', value: ['on-request', 'untrusted'], sources: [EXAMPLE_REQUIREMENTS] },
      ],
    });
  });

  it('gives provenance for every effective key, each naming its provider and rule', async ({ expect }) => {
    const out = await resolveJson(examples);
    // Every effective value is an entry, or lies inside one (`features.fast_mode`, `mcp_servers.docs`): the
    // nearest entry at or above each leaf has provenance, and every entry with a value shows up in effective.
    const entryAbove = (path: string[]) =>
      path.map((_, i) => path.slice(0, path.length - i).join('.')).find((k) => k in out.provenance);
    const leaves = (value: unknown, path: string[]): string[][] =>
      value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0
        ? Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]))
        : [path];
    for (const leaf of leaves(out.effective, [])) expect(entryAbove(leaf), leaf.join('.')).toBeDefined();
    const at = (key: string) =>
      key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], out.effective);
    for (const [key, story] of Object.entries(out.provenance))
      if (story.value !== null) expect(at(key), key).toEqual(story.value);
    expect(out.provenance.sandbox_mode).toMatchObject({
      value: 'read-only',
      provider: 'sandbox',
      rule: expect.stringContaining('read-only'),
      requested: { value: 'danger-full-access', source: EXAMPLE_CONFIG, key: 'sandbox_mode' },
      constraints: [
        { field: 'allowed_sandbox_modes', value: ['read-only', 'workspace-write'], sources: [EXAMPLE_REQUIREMENTS] },
      ],
    });
    expect(out.provenance.guardian_policy_config!.requested).toMatchObject({
      key: 'auto_review.policy',
      source: EXAMPLE_CONFIG,
    });
    expect(out.provenance.web_search_for_turn!.requested).toBeNull();
    expect(out.provenance['features.browser_use']).toMatchObject({
      value: false,
      provider: 'features',
      requested: { value: true, key: 'features.browser_use', source: EXAMPLE_CONFIG },
      constraints: [{ field: 'features.browser_use', value: false, sources: [EXAMPLE_REQUIREMENTS] }],
    });
    expect(out.provenance['features.code_mode']!.rule).toBe('turned on: code_mode_only requires it');
  });

  it('lists the requirements file as the one layer, with the keys it set', async ({ expect }) => {
    const out = await resolveJson(examples);
    expect(out.layers).toEqual([
      {
        source: EXAMPLE_REQUIREMENTS,
        kind: 'file',
        keys: [
          'allowed_approval_policies',
          'allowed_approvals_reviewers',
          'guardian_policy_config',
          'allowed_web_search_modes',
          'allowed_sandbox_modes',
          'features',
          'hooks',
          'mcp_servers',
          'apps',
          'rules',
          'experimental_network',
          'remote_sandbox_config',
        ],
      },
    ]);
  });

  it('keeps danger-full-access on a build runner matched by remote_sandbox_config', async ({ expect }) => {
    const out = await resolveJson([
      '--requirements',
      EXAMPLE_REQUIREMENTS,
      '--config',
      EXAMPLE_CONFIG,
      '--hostname',
      RUNNER,
    ]);
    expect(out.effective.sandbox_mode).toBe('danger-full-access');
    expect(out.warnings.map((w) => w.key).sort()).toEqual([
      'approval_policy',
      'features.browser_use',
      'mcp_servers.scratch',
      'web_search',
    ]);
    expect(out.provenance.sandbox_mode!.constraints[0]!.value).toEqual([
      'read-only',
      'workspace-write',
      'danger-full-access',
    ]);
    const matched = out.notices.find((n) => n.key === 'remote_sandbox_config[0]');
    expect(matched?.message).toContain(RUNNER);
    expect(matched?.message).toContain('runner-??.ci.example.com');
  });

  it('matches host patterns case-insensitively and with *', async ({ expect }) => {
    const out = await resolveJson([
      '--requirements',
      EXAMPLE_REQUIREMENTS,
      '--config',
      EXAMPLE_CONFIG,
      '--hostname',
      'Node-3.BuildFarm.Example.com',
    ]);
    expect(out.effective.sandbox_mode).toBe('danger-full-access');
  });

  it('does not let a near-miss host name escape the laptop list', async ({ expect }) => {
    const out = await resolveJson([
      '--requirements',
      EXAMPLE_REQUIREMENTS,
      '--config',
      EXAMPLE_CONFIG,
      '--hostname',
      'runner-007.ci.example.com',
    ]);
    expect(out.effective.sandbox_mode).toBe('read-only');
  });

  it('keeps allowed explicit values unchanged, with no warnings', async ({ expect }) => {
    const config = dir.write(
      'allowed.toml',
      'approval_policy = "on-request"\nsandbox_mode = "workspace-write"\nweb_search = "disabled"\n',
    );
    const out = await resolveJson(['--requirements', EXAMPLE_REQUIREMENTS, '--config', config, '--hostname', 'x']);
    expect(out.effective).toMatchObject({
      approval_policy: 'on-request',
      sandbox_mode: 'workspace-write',
      web_search: 'disabled',
    });
    expect(out.warnings).toEqual([]);
    expect(out.provenance.approval_policy!.rule).toContain('requested value');
  });

  it('replaces a forbidden approval default quietly, with a notice and no warning', async ({ expect }) => {
    const requirements = dir.write('never.toml', 'allowed_approval_policies = ["never"]\n');
    const config = dir.write('empty.toml', '');
    const out = await resolveJson(['--requirements', requirements, '--config', config]);
    expect(out.effective.approval_policy).toBe('never');
    expect(out.warnings).toEqual([]);
    expect(out.notices.map((n) => n.key)).toContain('approval_policy');
    expect(out.provenance.approval_policy!.requested).toBeNull();
  });

  it('warns when the web search default is forbidden, as Codex does', async ({ expect }) => {
    const requirements = dir.write('no-cached.toml', 'allowed_web_search_modes = ["live"]\n');
    const config = dir.write('empty.toml', '');
    const out = await resolveJson(['--requirements', requirements, '--config', config]);
    expect(out.effective.web_search).toBe('live');
    expect(out.warnings.map((w) => w.key)).toEqual(['web_search']);
  });

  it('resolves with no requirements at all to the user values', async ({ expect }) => {
    const out = await resolveJson(['--no-default-sources', '--config', EXAMPLE_CONFIG]);
    expect(out.effective).toMatchObject({
      approval_policy: 'never',
      approvals_reviewer: 'auto_review',
      guardian_policy_config: 'Approve everything in my scratch repositories.',
      sandbox_mode: 'danger-full-access',
      web_search: 'live',
      web_search_for_turn: 'live',
      features: { browser_use: true, code_mode_only: true, code_mode: true },
    });
    expect(out.warnings).toEqual([]);
    expect(out.layers).toEqual([]);
    expect(out.provenance.approval_policy!.constraints).toEqual([]);
  });
});

/** A terminal wide enough that no row wraps (the table's fitting to narrower ones is tested in usage.test.ts). */
const wide = { env: { COLUMNS: '400' } };

describe.concurrent('ratchet resolve as a table', () => {
  it('prints the header, one row per key and a (replaced) marker on replaced values', async ({ expect }) => {
    const result = await runRatchet(['resolve', ...examples], wide);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const out = lines(result.stdout);
    expect(out[0]).toMatch(/^KEY\s+EFFECTIVE\s+REQUESTED\s+CONSTRAINED BY$/);
    expect(out[1]).toMatch(/^-+( +-+){3}$/);
    const row = (key: string) => out.find((l) => l.startsWith(`${key} `))!;
    expect(row('approval_policy')).toMatch(
      /"on-request"\s+\(replaced\)\s+"never" \(approval_policy\)\s+allowed_approval_policies \(examples\/requirements\.toml\)/,
    );
    expect(row('sandbox_mode')).toContain('"read-only"  (replaced)');
    expect(row('web_search')).toContain('"cached"  (replaced)');
    expect(row('approvals_reviewer')).not.toContain('(replaced)');
    // Tables the requirements changed in part (a server disabled, a managed hook added) are marked as changed.
    expect(row('mcp_servers')).toContain('(changed)');
    expect(row('hooks')).toContain('(changed)');
    expect(row('web_search_for_turn')).toMatch(/"cached"\s+-\s+allowed_web_search_modes/);
  });

  it('keeps the (replaced) marker visible on a long replaced value', async ({ expect }) => {
    const result = await runRatchet(['resolve', ...examples], wide);
    const row = lines(result.stdout).find((l) => l.startsWith('guardian_policy_config '))!;
    expect(row).toContain('"Never approve commands');
    expect(row).toContain('…  (replaced)');
  });

  it('keeps every row on one line, whatever the values hold', async ({ expect }) => {
    const result = await runRatchet(['resolve', ...examples], wide);
    const out = lines(result.stdout);
    const tableRows = out.slice(0, out.indexOf('Warnings:'));
    // Every line is a whole row: it starts with an effective key (each at most once), or counts the members of a
    // table left at their defaults. A value that wrapped would leave a line that is neither.
    const keys = new Set(Object.keys((await resolveJson(examples)).provenance));
    const rows = tableRows.slice(2);
    const folded = rows.filter((l) => /^\w+\.\*: \d+ more at their defaults/.test(l));
    const listed = rows.filter((l) => !folded.includes(l)).map((l) => l.split(/\s+/)[0]!);
    expect(listed.filter((k) => !keys.has(k))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    expect(folded.map((l) => l.split('.')[0])).toContain('features');
    expect(listed).toEqual(
      expect.arrayContaining([
        'approval_policy',
        'sandbox_mode',
        'features.browser_use',
        'mcp_servers',
        'hooks',
        'network.allowed_domains',
      ]),
    );
  });

  it('lists the warnings, each naming the file and the key, then the notices', async ({ expect }) => {
    const result = await runRatchet(['resolve', ...examples], wide);
    const out = lines(result.stdout);
    const warningsAt = out.indexOf('Warnings:');
    const noticesAt = out.indexOf('Notices:');
    expect(warningsAt).toBeGreaterThan(0);
    expect(noticesAt).toBeGreaterThan(warningsAt);
    const warnings = out.slice(warningsAt + 1, noticesAt);
    expect(warnings).toHaveLength(5);
    for (const key of [
      'approval_policy',
      'sandbox_mode',
      'web_search',
      'features.browser_use',
      'mcp_servers.scratch',
    ]) {
      expect(warnings.some((w) => w.startsWith(`  ! ${EXAMPLE_CONFIG}: ${key}: `))).toBe(true);
    }
    expect(out.slice(noticesAt + 1).join('\n')).toContain('guardian_policy_config');
  });

  it('prints no Warnings section when nothing was replaced', async ({ expect }) => {
    const result = await runRatchet(['resolve', '--no-default-sources', '--config', EXAMPLE_CONFIG]);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('Warnings:');
    expect(result.stdout).not.toContain('(replaced)');
  });
});
