import { describe, expect, it } from 'vitest';
import {
  checkConfigWrite,
  parseTomlText,
  type ConfigEdit,
  type Policy,
  type Table,
  type WriteCheck,
} from '@ratchet/core';
import { loadPolicy } from '@ratchet/testkit';
import { featuresProvider } from './provider.js';

const PINS = '[features]\nfast_mode = true\ncode_mode = false\n';

const policyWith = (requirements: string): Promise<Policy> =>
  loadPolicy([featuresProvider()], { text: requirements, label: 'requirements.toml' });

function table(text: string): Table {
  const read = parseTomlText(text, 'config.toml');
  if (!read.ok) throw new Error(read.diagnostic.message);
  return read.table;
}

function check(policy: Policy, text: string, ...edits: ConfigEdit[]): WriteCheck {
  return checkConfigWrite(policy, { table: table(text), name: 'config.toml' }, edits);
}

function refused(result: WriteCheck) {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems;
}

/** A refusal message names the written key and value first, then the pin (field, value, source) and the effective value. */
function expectRefusal(message: string, written: string, pin: string, effective: boolean) {
  expect(message.startsWith(`${written} = ${!effective} `)).toBe(true);
  expect(message).toContain('refused');
  expect(message).toContain(`${pin} = ${effective} (set by requirements.toml)`);
  expect(message).toContain(`the effective value would be ${effective}`);
}

describe('checkConfigWrite with the features provider', () => {
  it('refuses writing a pinned feature the other way, naming the feature, the pin and its source', async () => {
    const problems = refused(check(await policyWith(PINS), '', { key: 'features.fast_mode', value: false }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      kind: 'disallowed-value',
      severity: 'error',
      key: 'features.fast_mode',
      source: 'config.toml',
    });
    expectRefusal(problems[0]!.message, 'features.fast_mode', 'features.fast_mode', true);
    expect(problems[0]!.suggestion).toBe('write features.fast_mode = true, or leave it unset');
  });

  it('accepts writing a pinned feature the way it is pinned', async () => {
    const policy = await policyWith(PINS);
    expect(check(policy, '', { key: 'features.fast_mode', value: true })).toEqual({ ok: true });
    expect(check(policy, '', { key: 'features.code_mode', value: false })).toEqual({ ok: true });
    expect(check(policy, '[features]\nfast_mode = false\n', { key: 'features.fast_mode', value: true })).toEqual({
      ok: true,
    });
  });

  it('refuses a profiled write under the profile, naming the profiled key', async () => {
    const policy = await policyWith(PINS);
    const problems = refused(check(policy, '', { key: 'profiles.work.features.fast_mode', value: false }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'disallowed-value', key: 'profiles.work.features.fast_mode' });
    expectRefusal(problems[0]!.message, 'profiles.work.features.fast_mode', 'features.fast_mode', true);
    expect(
      check(policy, '[profiles.work]\nmodel = "m"\n', { key: 'profiles.work.features.fast_mode', value: true }),
    ).toEqual({ ok: true });
  });

  it('refuses a write through a legacy alias when the canonical feature is pinned', async () => {
    const policy = await policyWith('[features]\nmulti_agent = true\n');
    const problems = refused(check(policy, '', { key: 'features.collab', value: false }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'disallowed-value', key: 'features.collab' });
    expectRefusal(problems[0]!.message, 'features.collab', 'features.multi_agent', true);
    expect(check(policy, '', { key: 'features.collab', value: true })).toEqual({ ok: true });
    // A legacy top-level toggle is a setting's older spelling too.
    const exec = await policyWith('[features]\nunified_exec = false\n');
    expect(refused(check(exec, '', { key: 'experimental_use_unified_exec_tool', value: true }))[0]).toMatchObject({
      kind: 'disallowed-value',
      key: 'experimental_use_unified_exec_tool',
    });
  });

  it('judges a profile alias over a top-level canonical key by what the profile would make effective', async () => {
    const policy = await policyWith('[features]\nmulti_agent = true\n');
    const problems = refused(
      check(policy, '[features]\nmulti_agent = true\n', { key: 'profiles.work.features.collab', value: false }),
    );
    expect(problems).toMatchObject([{ kind: 'disallowed-value', key: 'profiles.work.features.collab' }]);
    const free = await policyWith('');
    expect(
      check(free, '[features]\nmulti_agent = true\n', { key: 'profiles.work.features.collab', value: false }),
    ).toEqual({ ok: true });
  });

  it('refuses auto_review through guardian_approval, the feature it pins', async () => {
    const policy = await policyWith('[features]\nauto_review = false\n');
    expect(refused(check(policy, '', { key: 'features.guardian_approval', value: true }))[0]!.message).toContain(
      'features.guardian_approval = false (set by requirements.toml)',
    );
  });

  it('refuses a write that normalizes into a combination the pins forbid', async () => {
    const problems = refused(check(await policyWith(PINS), '', { key: 'features.code_mode_only', value: true }));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({
      kind: 'conflict',
      severity: 'error',
      key: 'features.code_mode',
      provider: 'features',
    });
    expect(problems[0]!.message).toContain('code_mode');
    expect(problems[0]!.message).toContain('code_mode_only=true');
    expect(problems[0]!.message).toContain('requires code_mode');
    expect(problems[0]!.message).toContain('requirements.toml');
    // The same edit in a profile is refused the same way.
    const profiled = refused(
      check(await policyWith(PINS), '', { key: 'profiles.work.features.code_mode_only', value: true }),
    );
    expect(profiled[0]!.message).toContain('profiles.work.features.code_mode_only');
  });

  it('refuses a value the feature setting cannot parse', async () => {
    const policy = await policyWith(PINS);
    expect(refused(check(policy, '', { key: 'features.shell_tool', value: 'yes' }))[0]).toMatchObject({
      kind: 'invalid-type',
      key: 'features.shell_tool',
    });
    // A table-form feature takes a table with `enabled`.
    expect(check(policy, '', { key: 'features.code_mode', value: { enabled: false } })).toEqual({ ok: true });
    expect(refused(check(policy, '', { key: 'features.code_mode', value: { enabled: true } }))[0]).toMatchObject({
      kind: 'disallowed-value',
      key: 'features.code_mode',
    });
  });

  it('refuses a pinned table-form feature written below its config key, naming the feature', async () => {
    const [problem] = refused(check(await policyWith(PINS), '', { key: 'features.code_mode.enabled', value: true }));
    expect(problem).toMatchObject({ key: 'features.code_mode' });
    expectRefusal(problem!.message, 'features.code_mode', 'features.code_mode', false);
  });

  it('refuses a pinned feature written as part of a whole [features] table, and only that one', async () => {
    const problems = refused(
      check(await policyWith(PINS), '', { key: 'features', value: { fast_mode: false, shell_tool: false } }),
    );
    expect(problems.map((p) => p.key)).toEqual(['features.fast_mode']);
  });

  it('checks a whole profile table, and a whole [profiles] table profile by profile', async () => {
    const policy = await policyWith(PINS);
    const one = refused(check(policy, '', { key: 'profiles.work', value: { features: { fast_mode: false } } }));
    expect(one.map((p) => p.key)).toEqual(['profiles.work.features.fast_mode']);
    const all = refused(
      check(policy, '', {
        key: 'profiles',
        value: { a: { features: { shell_tool: false } }, b: { features: { fast_mode: false } } },
      }),
    );
    expect(all.map((p) => p.key)).toEqual(['profiles.b.features.fast_mode']);
  });

  it('accepts unrelated writes', async () => {
    const policy = await policyWith(PINS);
    expect(check(policy, '', { key: 'features.shell_tool', value: false })).toEqual({ ok: true });
    expect(check(policy, '', { key: 'model', value: 'x' })).toEqual({ ok: true });
    expect(check(policy, '', { key: 'features.fast_mode', value: undefined })).toEqual({ ok: true });
  });

  it('reports every refused edit in one check', async () => {
    const result = check(
      await policyWith(PINS),
      '',
      { key: 'features.fast_mode', value: false },
      { key: 'features.shell_tool', value: false },
      { key: 'profiles.work.features.fast_mode', value: false },
    );
    expect(refused(result).map((p) => p.key)).toEqual(['features.fast_mode', 'profiles.work.features.fast_mode']);
  });

  describe('a file that already conflicts with the pins', () => {
    // Observed: an existing explicit value the pins override (a warning at resolution) does not block other writes,
    // since only the edited keys are compared; an existing value that makes resolution fail blocks every write in
    // that scope, agreeing ones included, until an edit repairs it. Other scopes are checked on their own.
    it('lets an agreeing write through when the existing conflict only overrides a value', async () => {
      const policy = await policyWith(PINS);
      const text = '[features]\nfast_mode = false\n';
      expect(check(policy, text, { key: 'features.shell_tool', value: false })).toEqual({ ok: true });
      expect(check(policy, text, { key: 'features.code_mode', value: false })).toEqual({ ok: true });
    });

    it('refuses even an agreeing write while the file does not resolve', async () => {
      const policy = await policyWith(PINS);
      const text = '[features]\ncode_mode_only = true\n';
      const problems = refused(check(policy, text, { key: 'features.fast_mode', value: true }));
      expect(problems.map((p) => p.kind)).toEqual(['conflict']);
      expect(problems[0]!.message).toContain('code_mode_only=true (features.code_mode_only) requires code_mode');
    });

    it('accepts the write that repairs it, and checks a profile without the broken top level', async () => {
      const policy = await policyWith(PINS);
      const text = '[features]\ncode_mode_only = true\n';
      expect(check(policy, text, { key: 'features.code_mode_only', value: false })).toEqual({ ok: true });
      expect(check(policy, text, { key: 'features.code_mode_only', value: undefined })).toEqual({ ok: true });
      // The profile layer sits above the top level, which still sets code_mode_only = true: still broken.
      expect(check(policy, text, { key: 'profiles.work.features.fast_mode', value: true }).ok).toBe(false);
      expect(check(policy, text, { key: 'profiles.work.features.code_mode_only', value: false })).toEqual({ ok: true });
    });

    it('checks the top level without a broken profile', async () => {
      const policy = await policyWith(PINS);
      const text = '[profiles.work.features]\ncode_mode_only = true\n';
      expect(check(policy, text, { key: 'features.fast_mode', value: true })).toEqual({ ok: true });
      expect(check(policy, text, { key: 'profiles.work.features.fast_mode', value: true }).ok).toBe(false);
    });
  });
});
