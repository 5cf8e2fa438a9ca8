import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createProvider, expectEnum, expectEnumList, pickAllowed, providerKey, type Provider } from '@ratchet/core';
import { checkLaws, DEFAULT_SEED, lawSeed, lawsFor, type LawArbitraries } from './laws.js';

type Level = 'low' | 'mid' | 'high';
const LEVELS = ['low', 'mid', 'high'] as const;
interface Req {
  readonly allowed_levels?: readonly Level[];
}
interface Settings {
  readonly level: Level;
}

/** A small, correct provider: `level` must be in `allowed_levels`, whose fallback is `low`. */
function levelsProvider(): Provider<Req, Settings> {
  return createProvider({
    key: providerKey<Req, Settings>('levels'),
    docs: { summary: 'test provider', description: 'levels must be listed; low is the fallback' },
    requirementKeys: ['allowed_levels'],
    fields: { allowed_levels: { docs: 'allowed levels' } },
    settings: {
      level: {
        configKey: 'level',
        docs: 'level',
        constrainedBy: ['allowed_levels'],
        parse: (raw, key, r) => expectEnum(raw, key, r, LEVELS),
      },
    },
    schema: {},
    parse: (slice, { report }) => {
      const list =
        slice.allowed_levels === undefined
          ? undefined
          : expectEnumList(slice.allowed_levels, 'allowed_levels', report, LEVELS);
      return list ? { allowed_levels: list } : {};
    },
    validate: ({ value }, report) => {
      if (value.allowed_levels && !value.allowed_levels.includes('low'))
        report({ severity: 'error', kind: 'invalid-value', key: 'allowed_levels', message: 'must include low' });
    },
    tighten: (a, b) =>
      a.allowed_levels && b.allowed_levels
        ? { allowed_levels: a.allowed_levels.filter((l) => b.allowed_levels!.includes(l)) }
        : { ...b, ...a },
    allows: (r, v) => !r.allowed_levels || v.level === undefined || r.allowed_levels.includes(v.level),
    resolve: ({ requirement: { value }, requested }) => {
      const picked = pickAllowed<Level>({
        provider: 'levels',
        key: 'level',
        requested: requested.level,
        defaultValue: 'mid',
        field: value.allowed_levels ? 'allowed_levels' : undefined,
        fieldValue: value.allowed_levels,
        allowed: (l) => value.allowed_levels!.includes(l),
        fallback: () => ({ value: 'low', rule: 'low' }),
      });
      return { values: { level: picked.decision }, diagnostics: picked.diagnostics };
    },
    print: (r) => (r.allowed_levels ? { allowed_levels: [...r.allowed_levels] } : {}),
  });
}

const arbitraries: LawArbitraries<Req, Settings> = {
  requirement: fc.record({ allowed_levels: fc.shuffledSubarray<Level>([...LEVELS]) }, { requiredKeys: [] }),
  requested: fc.record({ level: fc.constantFrom<Level>(...LEVELS) }, { requiredKeys: [] }),
};

const failedLaws = (provider: Provider<Req, Settings>) =>
  checkLaws(provider, arbitraries, { seed: DEFAULT_SEED, numRuns: 200 }).map((f) => f.law);

describe(`law suite (fast-check seed ${DEFAULT_SEED})`, () => {
  it('a correct provider passes every law', () => {
    expect(checkLaws(levelsProvider(), arbitraries, { seed: DEFAULT_SEED })).toEqual([]);
  });

  it('lists the laws of the design, each with a statement', () => {
    expect(lawsFor(levelsProvider(), arbitraries).map((l) => l.name)).toEqual([
      'compliance',
      'stability',
      'never-loosen',
      'meet-commutative',
      'meet-associative',
      'meet-idempotent',
      'layering-never-loosens',
      'normalize-idempotent',
      'parse-print-roundtrip',
    ]);
  });

  const mutants: { name: string; breaks: string; mutate: (p: Provider<Req, Settings>) => Provider<Req, Settings> }[] = [
    {
      name: 'resolve that keeps every requested value',
      breaks: 'compliance',
      mutate: (p) => ({
        ...p,
        resolve: (ctx) => ({ values: { level: { value: ctx.requested.level?.value ?? 'low', rule: 'as asked' } } }),
      }),
    },
    {
      name: 'resolve that always answers the fallback',
      breaks: 'stability',
      mutate: (p) => ({ ...p, resolve: () => ({ values: { level: { value: 'low', rule: 'always low' } } }) }),
    },
    {
      name: 'tighten that returns the second requirement',
      breaks: 'never-loosen',
      mutate: (p) => ({ ...p, tighten: (_a, b) => b }),
    },
    {
      name: 'tighten that forgets a one-sided field',
      breaks: 'never-loosen',
      mutate: (p) => ({ ...p, tighten: (a, b) => (a.allowed_levels && b.allowed_levels ? p.tighten(a, b) : {}) }),
    },
    {
      name: 'normalize that is not idempotent',
      breaks: 'normalize-idempotent',
      mutate: (p) => ({
        ...p,
        normalize: (v) => (v.level === undefined ? v : { level: LEVELS[(LEVELS.indexOf(v.level) + 1) % 3]! }),
      }),
    },
    {
      name: 'print that drops the last entry',
      breaks: 'parse-print-roundtrip',
      mutate: (p) => ({
        ...p,
        print: (r) => (r.allowed_levels ? { allowed_levels: r.allowed_levels.slice(0, -1) } : {}),
      }),
    },
    {
      name: 'print that writes an invalid type',
      breaks: 'parse-print-roundtrip',
      mutate: (p) => ({ ...p, print: (r) => (r.allowed_levels ? { allowed_levels: r.allowed_levels.join(',') } : {}) }),
    },
  ];

  for (const { name, breaks, mutate } of mutants) {
    it(`catches a ${name} (law ${breaks})`, () => {
      expect(failedLaws(mutate(levelsProvider()))).toContain(breaks);
    });
  }

  it('names the provider, the law and the seed in a failure', () => {
    const [failure] = checkLaws({ ...levelsProvider(), tighten: (_a, b) => b }, arbitraries, { seed: 7 });
    expect(failure?.message).toMatch(/law "never-loosen" fails for provider "levels" \(seed 7\)/);
  });

  it('takes the seed from the option, then RATCHET_LAW_SEED, then the default', () => {
    const saved = process.env.RATCHET_LAW_SEED;
    try {
      delete process.env.RATCHET_LAW_SEED;
      expect(lawSeed()).toBe(DEFAULT_SEED);
      process.env.RATCHET_LAW_SEED = '99';
      expect(lawSeed()).toBe(99);
      expect(lawSeed({ seed: 5 })).toBe(5);
    } finally {
      if (saved === undefined) delete process.env.RATCHET_LAW_SEED;
      else process.env.RATCHET_LAW_SEED = saved;
    }
  });
});
