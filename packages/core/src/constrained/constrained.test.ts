import { describe, expect, it } from 'vitest';
import { loadUserConfig } from '../config/user-config.js';
import { ConstraintRefusedError, ProviderSetupError } from '../diagnostics/errors.js';
import { COLOR, colorProvider, layer, type Color } from '../fake-provider.test-helper.js';
import { loadRequirements } from '../layering/requirements.js';
import { Policy } from '../resolve/policy.js';
import { Constrained } from './constrained.js';

const refuse = (value: number) => new ConstraintRefusedError(`refused ${value}`, 'n', value, 'max', ['layer-a']);

/** Accepts even numbers; normalizes by rounding. */
function evenNumber(initial: number): Constrained<number> {
  return new Constrained<number>(
    initial,
    (v) => (v % 2 === 0 ? undefined : refuse(v)),
    (v) => Math.round(v),
  );
}

describe('Constrained', () => {
  it('starts at the normalized initial value', () => {
    expect(evenNumber(3.8).value).toBe(4);
  });

  it('refuses a disallowed initial value', () => {
    expect(() => evenNumber(3)).toThrow(ConstraintRefusedError);
  });

  it('normalizes, then validates, on set', () => {
    const c = evenNumber(2);
    expect(c.set(5.9)).toBe(6);
    expect(c.value).toBe(6);
  });

  it('validates the normalized value, not the raw one', () => {
    const seen: number[] = [];
    const c = new Constrained<number>(
      0,
      (v) => {
        seen.push(v);
        return undefined;
      },
      (v) => v * 10,
    );
    c.set(1);
    expect(seen).toEqual([0, 10]);
    expect(c.value).toBe(10);
  });

  it('leaves the old value in place when a set is refused', () => {
    const c = evenNumber(2);
    expect(() => c.set(7)).toThrow('refused 7');
    expect(c.value).toBe(2);
  });

  it('canSet answers without changing the value', () => {
    const c = evenNumber(2);
    expect(c.canSet(4.2)).toEqual({ ok: true, value: 4 });
    const refused = c.canSet(3);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error).toBeInstanceOf(ConstraintRefusedError);
      expect(refused.error.field).toBe('max');
    }
    expect(c.value).toBe(2);
  });

  it('defaults to no normalization', () => {
    const c = new Constrained<string>('a', () => undefined);
    expect(c.set('B')).toBe('B');
  });
});

describe('Policy.constrained', () => {
  const policy = (() => {
    const providers = [colorProvider()];
    const requirements = loadRequirements(
      providers,
      [
        layer('cloud', { banned_words: ['x'] }),
        layer('/etc/codex/requirements.toml', { allowed_colors: ['red', 'blue'] }),
      ],
      { mode: 'precedence', unknownKeys: 'warn', hostname: () => undefined },
    );
    return new Policy(providers, requirements);
  })();
  const resolved = policy.resolve(loadUserConfig({ file: { text: 'color = "blue"', name: 'config.toml' } }));

  it('starts at the effective value', () => {
    expect(policy.constrained(COLOR, resolved).value).toBe('blue');
  });

  it('accepts an allowed value and normalizes aliases', () => {
    const color = policy.constrained(COLOR, resolved);
    expect(color.set('red')).toBe('red');
    color.set('blue');
    expect(color.set('rouge' as Color)).toBe('red');
    expect(color.value).toBe('red');
  });

  it('refuses a disallowed value, naming the field and its sources', () => {
    const color = policy.constrained(COLOR, resolved);
    let error: ConstraintRefusedError | undefined;
    try {
      color.set('green');
    } catch (e) {
      error = e as ConstraintRefusedError;
    }
    expect(error).toBeInstanceOf(ConstraintRefusedError);
    expect(error!.code).toBe('RATCHET_CONSTRAINT_REFUSED');
    expect(error!.key).toBe('color');
    expect(error!.value).toBe('green');
    expect(error!.field).toBe('allowed_colors');
    expect(error!.sources).toEqual(['/etc/codex/requirements.toml']);
    expect(error!.message).toBe(
      'color = "green" is refused by allowed_colors = ["red", "blue"] (set by /etc/codex/requirements.toml)',
    );
    expect(color.value).toBe('blue');
    expect(color.canSet('green').ok).toBe(false);
  });

  it('allows anything when no layer constrained the setting', () => {
    const providers = [colorProvider()];
    const open = new Policy(
      providers,
      loadRequirements(providers, [], { mode: 'precedence', unknownKeys: 'warn', hostname: () => undefined }),
    );
    const color = open.constrained(COLOR, open.resolve(loadUserConfig({})));
    expect(color.value).toBe('red');
    expect(color.set('green')).toBe('green');
  });

  it('throws for a setting no provider owns', () => {
    expect(() => policy.constrained({ name: 'nope', owner: 'colors' }, resolved)).toThrow(ProviderSetupError);
    expect(() => policy.constrained({ name: 'color', owner: 'paints' }, resolved)).toThrow(
      'no loaded provider "paints" owns the setting "color"',
    );
  });
});
