import { describe, expect, it } from 'vitest';
import { createEngine } from './create-engine.js';
import { colorProvider, legacyColorProvider } from '../fake-provider.test-helper.js';
import type { Table } from '../shape/shape.js';
import { parseTomlText } from '../sources/toml.js';
import { requirementsTextSource } from '../sources/loaders.js';
import type { Policy } from './policy.js';
import { checkConfigWrite, type ConfigEdit, type WriteCheck } from './writes.js';

/** A policy over the fake colors provider, with `allowed_colors` set by a host-given requirements text. */
async function policyWith(requirements: string): Promise<Policy> {
  const engine = createEngine({
    providers: [colorProvider()],
    sources: [requirementsTextSource(requirements, 'requirements.toml')],
    hostname: () => undefined,
  });
  return engine.load();
}

function table(text: string): Table {
  const read = parseTomlText(text, 'config.toml');
  if (!read.ok) throw new Error(read.diagnostic.message);
  return read.table;
}

const GREEN_OR_BLUE = 'allowed_colors = ["green", "blue"]\n';

function check(policy: Policy, text: string, ...edits: ConfigEdit[]): WriteCheck {
  return checkConfigWrite(policy, { table: table(text), name: 'config.toml' }, edits);
}

function problemsOf(result: WriteCheck) {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems;
}

/** A refusal names the write first, then the requirement field with its value and source, and the effective value. */
function expectRefusal(message: string, written: string, effective: string) {
  expect(message.startsWith(`${written} `)).toBe(true);
  expect(message).toContain('refused');
  expect(message).toContain('allowed_colors = ["green", "blue"] (set by requirements.toml)');
  expect(message).toContain(`the effective value would be ${effective}`);
}

describe('checkConfigWrite', () => {
  it('accepts a write whose value the requirement allows', async () => {
    const policy = await policyWith(GREEN_OR_BLUE);
    expect(check(policy, '', { key: 'color', value: 'blue' })).toEqual({ ok: true });
    expect(check(policy, 'color = "red"', { key: 'color', value: 'green' })).toEqual({ ok: true });
  });

  it('accepts a value that the setting parses to an allowed one (an alias)', async () => {
    const policy = await policyWith('allowed_colors = ["red"]\n');
    expect(check(policy, '', { key: 'color', value: 'rouge' })).toEqual({ ok: true });
  });

  it('refuses a write the requirement would replace, naming the requirement field and its source', async () => {
    const policy = await policyWith(GREEN_OR_BLUE);
    const problems = problemsOf(check(policy, '', { key: 'color', value: 'red' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      kind: 'disallowed-value',
      severity: 'error',
      key: 'color',
      source: 'config.toml',
    });
    expectRefusal(problems[0]!.message, 'color = "red"', '"green"');
    expect(problems[0]!.suggestion).toBe('write color = "green", or leave it unset');
  });

  it('checks a write under profiles.<name>. with that profile active and names the profiled key', async () => {
    const policy = await policyWith(GREEN_OR_BLUE);
    const problems = problemsOf(
      check(policy, 'color = "blue"\n[profiles.work]\n', { key: 'profiles.work.color', value: 'red' }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'disallowed-value', severity: 'error', key: 'profiles.work.color' });
    expectRefusal(problems[0]!.message, 'profiles.work.color = "red"', '"green"');
    // A profile that does not exist yet is created by the write.
    expect(check(policy, '', { key: 'profiles.new.color', value: 'blue' })).toEqual({ ok: true });
  });

  it('checks a top-level write without the profile the file selects by default', async () => {
    const policy = await policyWith(GREEN_OR_BLUE);
    const text = 'profile = "work"\n[profiles.work]\ncolor = "blue"\n';
    const problems = problemsOf(check(policy, text, { key: 'color', value: 'red' }));
    expect(problems.map((p) => p.key)).toEqual(['color']);
  });

  it('reports one problem per refused edit across scopes', async () => {
    const policy = await policyWith(GREEN_OR_BLUE);
    const result = check(
      policy,
      '',
      { key: 'color', value: 'red' },
      { key: 'profiles.p.color', value: 'red' },
      { key: 'model', value: 'x' },
    );
    expect(problemsOf(result).map((p) => [p.kind, p.key])).toEqual([
      ['disallowed-value', 'color'],
      ['disallowed-value', 'profiles.p.color'],
    ]);
  });

  it('refuses an edit with an invalid key before resolving anything', async () => {
    const policy = await policyWith(GREEN_OR_BLUE);
    for (const key of ['a..b', '', 'color.', 'a b']) {
      const problems = problemsOf(check(policy, '', { key, value: 1 }, { key: 'color', value: 'blue' }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ kind: 'invalid-value', severity: 'error', source: 'config.toml' });
    }
    const [problem] = problemsOf(check(policy, '', { key: 'a..b', value: 1 }));
    expect(problem).toMatchObject({ key: 'a..b', message: 'a config key is dotted bare words' });
  });

  it("refuses an edit whose value fails the setting's parse", async () => {
    const policy = await policyWith(GREEN_OR_BLUE);
    const problems = problemsOf(check(policy, '', { key: 'color', value: 'purpel' }));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.severity === 'error')).toBe(true);
    expect(problems[0]).toMatchObject({
      kind: 'unknown-value',
      key: 'color',
      source: 'config.toml',
      provider: 'colors',
    });
    expect(problemsOf(check(policy, '', { key: 'profiles.p.color', value: 42 }))[0]).toMatchObject({
      kind: 'invalid-type',
      key: 'profiles.p.color',
    });
  });

  it('accepts a key no provider owns', async () => {
    const policy = await policyWith(GREEN_OR_BLUE);
    expect(check(policy, '', { key: 'model', value: 'x' })).toEqual({ ok: true });
    expect(check(policy, '', { key: 'tui.theme.name', value: 'dark' })).toEqual({ ok: true });
    expect(check(policy, '', { key: 'profiles.work.model', value: 'x' })).toEqual({ ok: true });
  });

  it('accepts removing a key, even one the requirement would have replaced', async () => {
    const policy = await policyWith(GREEN_OR_BLUE);
    expect(check(policy, 'color = "red"', { key: 'color', value: undefined })).toEqual({ ok: true });
    expect(check(policy, '', { key: 'color', value: undefined })).toEqual({ ok: true });
    expect(check(policy, '[profiles.p]\ncolor = "red"', { key: 'profiles.p.color', value: undefined })).toEqual({
      ok: true,
    });
  });

  it('does not mutate the input table', async () => {
    const policy = await policyWith(GREEN_OR_BLUE);
    const input = table('color = "blue"\nprofile = "work"\n[profiles.work]\ncolor = "green"\n[tui]\ntheme = "dark"\n');
    const before = structuredClone(input);
    const edits: ConfigEdit[] = [
      { key: 'color', value: 'red' },
      { key: 'profiles.work.color', value: undefined },
      { key: 'profiles.other.color', value: 'blue' },
      { key: 'tui.theme', value: 'light' },
    ];
    checkConfigWrite(policy, { table: input, name: 'config.toml' }, edits);
    checkConfigWrite(policy, { table: input, name: 'config.toml' }, [{ key: 'color', value: undefined }]);
    expect(input).toEqual(before);
  });

  it('refuses a legacy-key write that the config key already set would override', async () => {
    const provider = legacyColorProvider();
    const policy = await createEngine({ providers: [provider], sources: [], hostname: () => undefined }).load();
    expect(check(policy, '', { key: 'old_colour', value: 'verde' })).toEqual({ ok: true });
    const problems = problemsOf(check(policy, 'color = "blue"', { key: 'old_colour', value: 'verde' }));
    expect(problems).toMatchObject([{ kind: 'disallowed-value', severity: 'error', key: 'old_colour' }]);
    expect(problems[0]!.message.startsWith('old_colour = "verde" ')).toBe(true);
    expect(problems[0]!.message).toContain('the effective value would be "blue"');
  });

  it('treats __proto__ in an edited key as an ordinary key', async () => {
    const policy = await policyWith(GREEN_OR_BLUE);
    // A profile may be named __proto__ like any other: the write is checked under it, not lost on a prototype.
    const problems = problemsOf(
      checkConfigWrite(policy, { table: {}, name: 'config.toml' }, [{ key: 'profiles.__proto__.color', value: 'red' }]),
    );
    expect(problems).toMatchObject([{ kind: 'disallowed-value', key: 'profiles.__proto__.color' }]);
    expect(
      checkConfigWrite(policy, { table: {}, name: 'config.toml' }, [
        { key: 'profiles.__proto__.color', value: 'blue' },
      ]),
    ).toEqual({ ok: true });
    expect(check(policy, '', { key: '__proto__.color', value: 'red' })).toEqual({ ok: true });
    expect(({} as Record<string, unknown>).color).toBeUndefined();
  });

  it('accepts anything when no requirement constrains the setting', async () => {
    const policy = await policyWith('');
    for (const value of ['red', 'green', 'blue'])
      expect(check(policy, '', { key: 'color', value })).toEqual({ ok: true });
  });
});
