import {
  createEngine,
  createProvider,
  defineQuestion,
  expectString,
  providerKey,
  requirementsTextSource,
  type Policy,
} from '@ratchet/core';

interface ColorRequirement {
  readonly allowed_colors?: readonly string[];
  readonly blocked_words?: readonly string[];
}
interface ColorSettings {
  readonly color?: string;
}

const COLOR = providerKey<ColorRequirement, ColorSettings>('color');
const COLORS = ['red', 'green', 'blue'] as const;

/** `word = "x"`: blocked when a blocked_words entry names it. */
const wordQuestion = defineQuestion<string>({
  name: 'word',
  docs: 'is this word blocked',
  order: 'rank',
  fields: ['blocked_words'],
  parse: (raw, _case, report) => expectString(raw, 'word', report),
  format: (word) => `word ${word}`,
  toCase: (word) => ({ word }),
  prepare({ policy }) {
    const blocked = new Set(policy.requirementOf(COLOR).value.blocked_words ?? []);
    return (word) =>
      blocked.has(word) ? { decision: 'blocked', rank: 1, matched: [word] } : { decision: 'ok', rank: 0, matched: [] };
  },
  *probes(policies) {
    for (const policy of policies) yield* policy.requirementOf(COLOR).value.blocked_words ?? [];
  },
  rules: (policy) => policy.requirementOf(COLOR).value.blocked_words ?? [],
});

/** A small provider written as a third party would: a list-valued setting constraint and a runtime question. */
export const colorProvider = createProvider<ColorRequirement, ColorSettings>({
  key: COLOR,
  docs: { summary: 'Colors.', description: 'allowed_colors limits color; blocked_words blocks words.' },
  requirementKeys: ['allowed_colors', 'blocked_words'],
  fields: { allowed_colors: { docs: 'Allowed colors.' }, blocked_words: { docs: 'Blocked words.' } },
  settings: {
    color: {
      configKey: 'color',
      docs: 'The color.',
      constrainedBy: ['allowed_colors'],
      parse: (raw, key, report) => {
        const value = expectString(raw, key, report);
        return COLORS.find((c) => c === value);
      },
    },
  },
  schema: { properties: { allowed_colors: { type: 'array', items: { enum: [...COLORS] } } } },
  questions: [wordQuestion],
  parse: (slice) => ({ ...(slice as ColorRequirement) }),
  tighten: (a, b) => ({
    ...((a.allowed_colors ?? b.allowed_colors) && {
      allowed_colors: (a.allowed_colors ?? COLORS).filter((c) => (b.allowed_colors ?? COLORS).includes(c)),
    }),
    ...((a.blocked_words ?? b.blocked_words) && {
      blocked_words: [...new Set([...(a.blocked_words ?? []), ...(b.blocked_words ?? [])])],
    }),
  }),
  allows: (r, v) => r.allowed_colors === undefined || v.color === undefined || r.allowed_colors.includes(v.color),
  resolve: ({ requirement: { value }, requested }) => {
    const asked = requested.color?.value ?? 'red';
    const ok = value.allowed_colors === undefined || value.allowed_colors.includes(asked);
    return {
      values: {
        color: {
          value: ok ? asked : value.allowed_colors[0]!,
          rule: ok ? 'requested' : 'fallback',
          constrainedBy: ['allowed_colors'],
        },
      },
    };
  },
  print: (r) => ({ ...r }),
});

/** A policy of one layer of requirements text, under the color provider. */
export function colorPolicy(text: string, name = 'requirements.toml'): Promise<Policy> {
  return createEngine({ providers: [colorProvider], sources: [requirementsTextSource(text, name)] }).load();
}
