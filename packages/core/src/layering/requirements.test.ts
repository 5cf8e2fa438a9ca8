import { describe, expect, it, vi } from 'vitest';
import { InvalidTypeError, InvalidValueError, UnknownKeyError, type InputError } from '../diagnostics/errors.js';
import { colorProvider, layer, type ColorRequirement } from '../fake-provider.test-helper.js';
import type { Combined } from '../provider/contract.js';
import type { Table } from '../shape/shape.js';
import { loadRequirements, type LoadOptions } from './requirements.js';

const options: LoadOptions = { mode: 'precedence', unknownKeys: 'warn', hostname: () => 'host.example.com' };

function caught(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    return error as InputError;
  }
  throw new Error('expected an error');
}

describe('loadRequirements', () => {
  it('parses and combines each layer, highest first, and lists the layers', () => {
    const set = loadRequirements(
      [colorProvider()],
      [layer('top', { allowed_colors: ['red'] }), layer('bottom', { allowed_colors: ['blue'], banned_words: ['x'] })],
      options,
    );
    expect(set.combined.get('colors')).toEqual({
      value: { allowed_colors: ['red'], banned_words: ['x'] },
      origins: { allowed_colors: [{ kind: 'file', label: 'top' }], banned_words: [{ kind: 'file', label: 'bottom' }] },
    });
    expect(set.layers.map((l) => [l.source.label, l.keys])).toEqual([
      ['top', ['allowed_colors']],
      ['bottom', ['allowed_colors', 'banned_words']],
    ]);
    expect(set.diagnostics).toEqual([]);
    expect(set.managedConfigs).toEqual([]);
  });

  it('hands each provider only the keys it owns', () => {
    const slices: Table[] = [];
    const provider = colorProvider({ onParse: (slice) => slices.push(slice) });
    loadRequirements(
      [provider],
      [layer('a', { banned_words: ['w'], allowed_colours: ['red'] }), layer('b', { other: 1 })],
      options,
    );
    expect(slices).toEqual([{ banned_words: ['w'] }]);
  });

  it('uses the layering mode', () => {
    const inputs = [layer('a', { allowed_colors: ['red', 'green'] }), layer('b', { allowed_colors: ['green'] })];
    const strict = loadRequirements([colorProvider()], inputs, { ...options, mode: 'strict' });
    expect(strict.combined.get('colors')!.value).toEqual({ allowed_colors: ['green'] });
  });

  it('warns about unknown top-level keys with a did-you-mean', () => {
    const set = loadRequirements(
      [colorProvider()],
      [layer('req.toml', { allowed_colours: ['red'], zzzzzzzzzzzz: true })],
      options,
    );
    expect(set.diagnostics).toEqual([
      {
        kind: 'unknown-key',
        severity: 'warning',
        source: 'req.toml',
        key: 'allowed_colours',
        message: 'unknown key "allowed_colours": no loaded provider owns it, so it is not enforced',
        suggestion: 'did you mean "allowed_colors"?',
      },
      {
        kind: 'unknown-key',
        severity: 'warning',
        source: 'req.toml',
        key: 'zzzzzzzzzzzz',
        message: 'unknown key "zzzzzzzzzzzz": no loaded provider owns it, so it is not enforced',
        suggestion: 'remove it, or load the provider that owns it',
      },
    ]);
  });

  it('stops on unknown keys in error mode', () => {
    const error = caught(() =>
      loadRequirements([colorProvider()], [layer('req.toml', { allowed_colours: ['red'] })], {
        ...options,
        unknownKeys: 'error',
      }),
    );
    expect(error).toBeInstanceOf(UnknownKeyError);
    expect(error.code).toBe('RATCHET_UNKNOWN_KEY');
    expect(error.source).toBe('req.toml');
    expect(error.key).toBe('allowed_colours');
    expect(error.suggestion).toBe('did you mean "allowed_colors"?');
  });

  it('throws on a parse error in any layer, naming the source and key', () => {
    const error = caught(() =>
      loadRequirements(
        [colorProvider()],
        [layer('good', { allowed_colors: ['red'] }), layer('bad.toml', { banned_words: 'oops' })],
        options,
      ),
    );
    expect(error).toBeInstanceOf(InvalidTypeError);
    expect(error.diagnostic).toMatchObject({
      source: 'bad.toml',
      key: 'banned_words',
      provider: 'colors',
      severity: 'error',
    });
    expect(error.message).toBe(
      'bad.toml: banned_words: invalid type: expected a list of strings, found string (fix: write banned_words = [ ... ])',
    );
  });

  it('throws on a parse error even when a higher layer sets the same field', () => {
    expect(() =>
      loadRequirements(
        [colorProvider()],
        [layer('top', { allowed_colors: ['red'] }), layer('low', { allowed_colors: [1] })],
        options,
      ),
    ).toThrow(InvalidTypeError);
  });

  it('collects every parse error before throwing', () => {
    const error = caught(() =>
      loadRequirements(
        [colorProvider()],
        [layer('one', { allowed_colors: [1] }), layer('two', { banned_words: [true] })],
        options,
      ),
    );
    expect(error.diagnostics.map((d) => [d.source, d.key])).toEqual([
      ['one', 'allowed_colors[0]'],
      ['two', 'banned_words[0]'],
    ]);
  });

  it('reports parse and validate errors of other fields in one run, parse errors first', () => {
    const error = caught(() =>
      loadRequirements(
        [colorProvider()],
        [layer('one', { allowed_colors: [] }), layer('two', { banned_words: [1] })],
        options,
      ),
    );
    expect(error).toBeInstanceOf(InvalidTypeError);
    expect(error.errors.map((d) => [d.source, d.key, d.kind])).toEqual([
      ['two', 'banned_words[0]', 'invalid-type'],
      ['one', 'allowed_colors', 'invalid-value'],
    ]);
  });

  it('drops validate errors about a field that failed to parse', () => {
    const error = caught(() =>
      loadRequirements(
        [colorProvider()],
        [layer('top', { allowed_colors: [1] }), layer('low', { allowed_colors: [] })],
        options,
      ),
    );
    expect(error.errors.map((d) => [d.source, d.key])).toEqual([['top', 'allowed_colors[0]']]);
  });

  it('stamps validate errors with the label of the layer that set the field', () => {
    const error = caught(() =>
      loadRequirements(
        [colorProvider()],
        [layer('mdm', { banned_words: ['x'] }), layer('/etc/codex/requirements.toml', { allowed_colors: [] })],
        options,
      ),
    );
    expect(error).toBeInstanceOf(InvalidValueError);
    expect(error.diagnostic).toEqual({
      kind: 'invalid-value',
      severity: 'error',
      source: '/etc/codex/requirements.toml',
      key: 'allowed_colors',
      message: 'allowed_colors must not be empty',
      suggestion: 'list at least one color',
      provider: 'colors',
    });
  });

  it('stamps validate errors about a nested key with every layer that set the field (strict)', () => {
    const provider = colorProvider({
      validate: (requirement, report) => {
        if (requirement.value.banned_words?.includes('bad'))
          report({ severity: 'error', kind: 'invalid-value', key: 'banned_words[0]', message: 'no' });
      },
    });
    const error = caught(() =>
      loadRequirements([provider], [layer('a', { banned_words: ['bad'] }), layer('b', { banned_words: ['x'] })], {
        ...options,
        mode: 'strict',
      }),
    );
    expect(error.source).toBe('a, b');
  });

  it('only validates what layers set, so an overridden empty list is fine', () => {
    const set = loadRequirements(
      [colorProvider()],
      [layer('top', { allowed_colors: ['red'] }), layer('low', { allowed_colors: [] })],
      options,
    );
    expect(set.combined.get('colors')!.value).toEqual({ allowed_colors: ['red'] });
  });

  it('converts managed-config inputs with fromManagedConfig and keeps the table', () => {
    const seen: Table[] = [];
    const provider = colorProvider({
      fromManagedConfig: (managed, report) => {
        seen.push(managed);
        report({ severity: 'info', kind: 'not-enforced', key: 'color', message: 'converted' });
        return typeof managed.color === 'string' ? { allowed_colors: [managed.color] } : {};
      },
    });
    const managed = { color: 'green', unrelated_key: 1 };
    const set = loadRequirements(
      [provider],
      [layer('mdm', { banned_words: ['w'] }), layer('/etc/codex/managed_config.toml', managed, 'managed-config')],
      options,
    );
    expect(seen).toEqual([managed]);
    expect(set.combined.get('colors')!.value).toEqual({ banned_words: ['w'], allowed_colors: ['green'] });
    const combined = set.combined.get('colors') as Combined<ColorRequirement>;
    expect(combined.origins.allowed_colors!.map((s) => s.label)).toEqual(['/etc/codex/managed_config.toml']);
    expect(set.managedConfigs).toEqual([{ table: managed, source: '/etc/codex/managed_config.toml' }]);
    expect(set.layers[1]!.keys).toEqual(['allowed_colors']);
    // No unknown-key warning for user settings in a managed config; the provider's notice is kept with its source.
    expect(set.diagnostics).toEqual([
      {
        kind: 'not-enforced',
        severity: 'info',
        source: '/etc/codex/managed_config.toml',
        key: 'color',
        message: 'converted',
      },
    ]);
  });

  it('does not call the hostname resolver when no provider asks', () => {
    const hostname = vi.fn(() => 'h');
    loadRequirements([colorProvider()], [layer('a', { allowed_colors: ['red'] }), layer('b', { banned_words: [] })], {
      ...options,
      hostname,
    });
    expect(hostname).not.toHaveBeenCalled();
  });

  it('calls the hostname resolver at most once, however often providers ask', () => {
    const hostname = vi.fn(() => 'build-01.example.com');
    const answers: (string | undefined)[] = [];
    const provider = colorProvider({
      onParse: (_slice, ctx) => {
        answers.push(ctx.hostname(), ctx.hostname());
      },
    });
    loadRequirements([provider], [layer('a', { allowed_colors: ['red'] }), layer('b', { banned_words: [] })], {
      ...options,
      hostname,
    });
    expect(hostname).toHaveBeenCalledTimes(1);
    expect(answers).toEqual([
      'build-01.example.com',
      'build-01.example.com',
      'build-01.example.com',
      'build-01.example.com',
    ]);
  });

  it('caches an undefined host name too', () => {
    const hostname = vi.fn(() => undefined);
    const provider = colorProvider({ onParse: (_slice, ctx) => void ctx.hostname() });
    loadRequirements([provider], [layer('a', { allowed_colors: ['red'] }), layer('b', { allowed_colors: ['red'] })], {
      ...options,
      hostname,
    });
    expect(hostname).toHaveBeenCalledTimes(1);
  });
});
