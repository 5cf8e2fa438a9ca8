import { describe, it } from 'vitest';
import {
  EXAMPLE_CONFIG,
  EXAMPLE_REQUIREMENTS,
  examples,
  expectInputError,
  fileScopedDir,
  lines,
  parseJson,
  RUNNER,
  runRatchet,
} from './helpers.js';

const dir = fileScopedDir('ratchet-cli-explain-');

async function explain(key: string, args: readonly string[] = examples) {
  const result = await runRatchet(['explain', key, ...args]);
  return { result, out: lines(result.stdout) };
}

describe.concurrent('ratchet explain KEY (an effective value)', () => {
  it('prints the value, what was requested where, the constraint with its file, and the rule', async ({ expect }) => {
    const { result, out } = await explain('approval_policy');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(out[0]).toBe('approval_policy = "on-request"');
    expect(out).toContain(`  requested: "never" at approval_policy in ${EXAMPLE_CONFIG} (config)`);
    expect(out).toContain(
      `  constrained by: allowed_approval_policies = ["on-request", "untrusted"], set by ${EXAMPLE_REQUIREMENTS}`,
    );
    expect(out).toContain('  rule: fallback: first entry of allowed_approval_policies');
  });

  it('includes the warning about the replaced value', async ({ expect }) => {
    const { out } = await explain('approval_policy');
    const warning = out.find((l) => l.startsWith('  warning: '));
    expect(warning).toContain(`${EXAMPLE_CONFIG}: approval_policy:`);
  });

  it('names the sandbox fallback rule', async ({ expect }) => {
    const { out } = await explain('sandbox_mode');
    expect(out[0]).toBe('sandbox_mode = "read-only"');
    expect(out).toContain('  rule: fallback: read-only, the sandbox fallback');
  });

  it('shows the host-specific list on a matched runner', async ({ expect }) => {
    const { out } = await explain('sandbox_mode', [
      '--requirements',
      EXAMPLE_REQUIREMENTS,
      '--config',
      EXAMPLE_CONFIG,
      '--hostname',
      RUNNER,
    ]);
    expect(out[0]).toBe('sandbox_mode = "danger-full-access"');
    expect(out.join('\n')).toContain('allowed_sandbox_modes = ["read-only", "workspace-write", "danger-full-access"]');
    expect(out).toContain('  rule: requested value, allowed by allowed_sandbox_modes');
  });

  it('says the default applies when nothing was requested', async ({ expect }) => {
    const { out } = await explain('web_search_for_turn');
    expect(out[0]).toBe('web_search_for_turn = "cached"');
    expect(out).toContain('  requested: nothing (the default applies)');
  });

  it('names the profile key when a profile asked for the value', async ({ expect }) => {
    const { out } = await explain('approval_policy', [...examples, '--profile', 'review']);
    expect(out).toContain(
      `  requested: "on-request" at profiles.review.approval_policy in ${EXAMPLE_CONFIG} (profile)`,
    );
  });

  it('--json prints the same provenance as resolve --json', async ({ expect }) => {
    const doc = parseJson<Record<string, unknown>>(
      await runRatchet(['explain', 'approval_policy', ...examples, '--json']),
    );
    expect(doc).toEqual({
      key: 'approval_policy',
      value: 'on-request',
      provider: 'approvals',
      rule: 'fallback: first entry of allowed_approval_policies',
      requested: { value: 'never', layer: 'config', source: EXAMPLE_CONFIG, key: 'approval_policy' },
      constraints: [
        { field: 'allowed_approval_policies', value: ['on-request', 'untrusted'], sources: [EXAMPLE_REQUIREMENTS] },
      ],
      warnings: [expect.objectContaining({ key: 'approval_policy', kind: 'disallowed-value' })],
    });
    const resolved = parseJson<{ provenance: Record<string, unknown> }>(
      await runRatchet(['resolve', ...examples, '--json']),
    );
    const { key, warnings: _warnings, ...rest } = doc;
    expect(resolved.provenance[key as string]).toEqual(rest);
  });
});

describe.concurrent('ratchet explain FIELD (a requirement field)', () => {
  it('prints the field value, its provider, docs and source', async ({ expect }) => {
    const { result, out } = await explain('allowed_sandbox_modes');
    expect(result.status).toBe(0);
    expect(out[0]).toBe('allowed_sandbox_modes = ["read-only", "workspace-write"]');
    expect(out).toContain('  provider: sandbox');
    expect(out.some((l) => l.includes('read-only'))).toBe(true);
    expect(out).toContain(`  set by: ${EXAMPLE_REQUIREMENTS}`);
  });

  it('says when no layer sets the field', async ({ expect }) => {
    const { result, out } = await explain('allowed_approvals_reviewers', [
      '--no-default-sources',
      '--config',
      EXAMPLE_CONFIG,
    ]);
    expect(result.status).toBe(0);
    expect(out[0]).toBe('allowed_approvals_reviewers = (unset: unconstrained)');
    expect(out.join('\n')).not.toContain('set by');
  });

  it('names every layer that set the field in strict mode', async ({ expect }) => {
    const high = dir.write('high.toml', 'allowed_sandbox_modes = ["read-only", "workspace-write"]\n');
    const low = dir.write('low.toml', 'allowed_sandbox_modes = ["read-only"]\n');
    const doc = parseJson<Record<string, unknown>>(
      await runRatchet([
        'explain',
        'allowed_sandbox_modes',
        '--strict',
        '--requirements',
        high,
        '--requirements',
        low,
        '--config',
        dir.write('sandbox.toml', 'sandbox_mode = "workspace-write"\n'),
        '--json',
      ]),
    );
    expect(doc).toEqual({
      key: 'allowed_sandbox_modes',
      requirement: ['read-only'],
      sources: [high, low],
      provider: 'sandbox',
      warnings: [],
    });
  });

  it('--json prints the field, its value, sources and provider', async ({ expect }) => {
    const doc = parseJson<Record<string, unknown>>(
      await runRatchet(['explain', 'allowed_web_search_modes', ...examples, '--json']),
    );
    expect(doc).toEqual({
      key: 'allowed_web_search_modes',
      requirement: ['cached', 'disabled'],
      sources: [EXAMPLE_REQUIREMENTS],
      provider: 'web-search',
      warnings: [],
    });
  });

  it('explains remote_sandbox_config, a requirement key without a field of its own', async ({ expect }) => {
    const { result, out } = await explain('remote_sandbox_config');
    expect(result.status).toBe(0);
    expect(out[0]).toBe(`remote_sandbox_config: set by ${EXAMPLE_REQUIREMENTS}`);
    expect(out).toContain('  provider: sandbox');
    expect(out.join('\n')).toContain('hostname_patterns');
  });
});

describe.concurrent('ratchet explain with a bad KEY', () => {
  it('an unknown key exits 2 with a did-you-mean', async () => {
    expectInputError(
      await explain('aproval_policy').then((r) => r.result),
      'aproval_policy',
      'did you mean "approval_policy"?',
    );
  });

  it('a near-miss requirement field is suggested too', async () => {
    expectInputError(
      await explain('allowed_sandbox_mode').then((r) => r.result),
      'did you mean "allowed_sandbox_modes"?',
    );
  });

  it('a key nothing is close to lists the known keys, each once', async ({ expect }) => {
    const line = expectInputError(await explain('zzzzzzzzzzzzzzzzzz').then((r) => r.result), 'use one of');
    const known = line
      .slice(line.indexOf('use one of ') + 'use one of '.length)
      .replace(/\)$/, '')
      .split(', ');
    expect(known).toEqual(
      expect.arrayContaining(['approval_policy', 'sandbox_mode', 'allowed_sandbox_modes', 'remote_sandbox_config']),
    );
    expect(new Set(known).size).toBe(known.length);
  });

  it('names of Object.prototype members are unknown keys, not internal errors', async () => {
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expectInputError(
        await explain(key).then((r) => r.result),
        `no effective value or requirement field is named "${key}"`,
      );
    }
  });

  it('no KEY or two KEYs exit 2 with a usage line', async () => {
    expectInputError(await runRatchet(['explain', ...examples]), 'explain', 'exactly one KEY');
    expectInputError(await runRatchet(['explain', 'approval_policy', 'sandbox_mode', ...examples]), 'exactly one KEY');
  });

  it('bad requirements stop explain like resolve', async () => {
    const bad = dir.write('bad.toml', 'allowed_approval_policies = "never"\n');
    expectInputError(
      await runRatchet(['explain', 'approval_policy', '--requirements', bad, '--config', EXAMPLE_CONFIG]),
      bad,
      'allowed_approval_policies',
    );
  });
});
