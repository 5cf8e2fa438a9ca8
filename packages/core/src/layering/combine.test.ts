import { describe, expect, it } from 'vitest';
import { colorProvider, source, type ColorRequirement } from '../fake-provider.test-helper.js';
import { combineLayers, type ParsedLayer } from './combine.js';

const cloud = source('cloud', 'cloud');
const mdm = source('mdm', 'mdm');
const system = source('/etc/codex/requirements.toml', 'system');

function layers(...entries: [ReturnType<typeof source>, ColorRequirement][]): ParsedLayer<ColorRequirement>[] {
  return entries.map(([s, requirement]) => ({ source: s, requirement }));
}

describe('combineLayers (precedence)', () => {
  const provider = colorProvider();

  it('is empty without layers', () => {
    expect(combineLayers(provider, [])).toEqual({ value: {}, origins: {} });
    expect(combineLayers(provider, [], 'strict')).toEqual({ value: {}, origins: {} });
  });

  it('lets the highest layer that sets a field win the whole value', () => {
    const combined = combineLayers(
      provider,
      layers([cloud, { allowed_colors: ['red'] }], [mdm, { allowed_colors: ['green', 'blue'] }]),
    );
    expect(combined.value).toEqual({ allowed_colors: ['red'] });
    expect(combined.origins.allowed_colors).toEqual([cloud]);
  });

  it('counts an empty list as set', () => {
    const combined = combineLayers(
      provider,
      layers([cloud, { allowed_colors: [] }], [mdm, { allowed_colors: ['red'] }]),
    );
    expect(combined.value.allowed_colors).toEqual([]);
    expect(combined.origins.allowed_colors).toEqual([cloud]);
  });

  it('lets lower layers fill fields left unset, and skips undefined-valued fields', () => {
    const combined = combineLayers(
      provider,
      layers([cloud, { banned_words: undefined }], [mdm, {}], [system, { allowed_colors: ['blue'] }]),
    );
    expect(combined.value).toEqual({ allowed_colors: ['blue'] });
    expect(combined.origins).toEqual({ allowed_colors: [system] });
  });

  it('records the winning layer per field', () => {
    const combined = combineLayers(
      provider,
      layers(
        [cloud, { allowed_colors: ['red'] }],
        [mdm, { banned_words: ['x'] }],
        [system, { allowed_colors: ['blue'] }],
      ),
    );
    expect(combined.value).toEqual({ allowed_colors: ['red'], banned_words: ['x'] });
    expect(combined.origins).toEqual({ allowed_colors: [cloud], banned_words: [mdm] });
  });

  it('accumulates fields that say so, highest first, listing every contributing layer', () => {
    const combined = combineLayers(
      provider,
      layers(
        [cloud, { banned_words: ['a'] }],
        [mdm, { allowed_colors: ['red'] }],
        [system, { banned_words: ['b', 'c'] }],
      ),
    );
    expect(combined.value.banned_words).toEqual(['a', 'b', 'c']);
    expect(combined.origins.banned_words).toEqual([cloud, system]);
  });

  it('passes (higher, lower) to accumulate', () => {
    const calls: [string[], string[]][] = [];
    const p = colorProvider({
      fields: {
        allowed_colors: { docs: '' },
        banned_words: {
          docs: '',
          combine: {
            accumulate: (higher, lower) => {
              calls.push([higher, lower]);
              return [...lower, ...higher];
            },
          },
        },
      },
    });
    const combined = combineLayers(p, layers([cloud, { banned_words: ['hi'] }], [mdm, { banned_words: ['lo'] }]));
    expect(calls).toEqual([[['hi'], ['lo']]]);
    expect(combined.value.banned_words).toEqual(['lo', 'hi']);
  });

  it('does not mutate the layers', () => {
    const top: ColorRequirement = { banned_words: ['a'] };
    combineLayers(provider, layers([cloud, top], [mdm, { banned_words: ['b'] }]));
    expect(top).toEqual({ banned_words: ['a'] });
  });
});

describe('combineLayers (strict)', () => {
  const provider = colorProvider();

  it('folds every layer with tighten', () => {
    const combined = combineLayers(
      provider,
      layers(
        [cloud, { allowed_colors: ['red', 'green'] }],
        [mdm, { allowed_colors: ['green', 'blue'], banned_words: ['x'] }],
        [system, { banned_words: ['y'] }],
      ),
      'strict',
    );
    expect(combined.value).toEqual({ allowed_colors: ['green'], banned_words: ['x', 'y'] });
  });

  it('records every layer that set a field, highest first', () => {
    const combined = combineLayers(
      provider,
      layers(
        [cloud, { allowed_colors: ['red'] }],
        [mdm, { banned_words: ['x'] }],
        [system, { allowed_colors: ['red', 'blue'] }],
      ),
      'strict',
    );
    expect(combined.origins).toEqual({ allowed_colors: [cloud, system], banned_words: [mdm] });
  });

  it('differs from precedence where a lower layer is tighter', () => {
    const input = layers([cloud, { allowed_colors: ['red', 'green'] }], [mdm, { allowed_colors: ['green'] }]);
    expect(combineLayers(provider, input, 'precedence').value.allowed_colors).toEqual(['red', 'green']);
    expect(combineLayers(provider, input, 'strict').value.allowed_colors).toEqual(['green']);
  });

  it('calls tighten with (folded, next)', () => {
    const calls: unknown[] = [];
    const p = colorProvider({
      tighten: (a, b) => {
        calls.push([a, b]);
        return { ...b, ...a };
      },
    });
    const first = { allowed_colors: ['red' as const] };
    const second = { banned_words: ['w'] };
    expect(combineLayers(p, layers([cloud, first], [mdm, second]), 'strict').value).toEqual({
      allowed_colors: ['red'],
      banned_words: ['w'],
    });
    expect(calls).toEqual([[first, second]]);
  });
});
