/**
 * Test-only fakes shared by the core unit tests (excluded from the build by tsconfig.json).
 *
 * The "colors" provider owns two requirement keys:
 * - `allowed_colors` (precedence): the colors a user may pick;
 * - `banned_words` (accumulates: higher layer first, then lower).
 * and one setting, `color` (config key `color`, default `red`, fallback: first allowed color).
 */
import type { ParseContext, Provider } from './provider/contract.js';
import { createProvider, type ProviderDefinition } from './provider/create-provider.js';
import { providerKey, settingKey } from './provider/keys.js';
import { expectEnum, expectStringList, type Table } from './shape/shape.js';
import { pickAllowed } from './resolve/pick.js';
import type { LayerInput, RequirementSource } from './sources/source.js';

export const COLORS = ['red', 'green', 'blue'] as const;
export type Color = (typeof COLORS)[number];

export interface ColorRequirement {
  allowed_colors?: Color[];
  banned_words?: string[];
}

export interface ColorSettings {
  color: Color;
}

/** The colors provider's key, and its one setting's. */
export const COLORS_PROVIDER = providerKey<ColorRequirement, ColorSettings>('colors');
export const COLOR = settingKey(COLORS_PROVIDER, 'color');

export function source(label: string, kind: RequirementSource['kind'] = 'file'): RequirementSource {
  return { kind, label };
}

export function layer(label: string, table: Table, format: LayerInput['format'] = 'requirements'): LayerInput {
  return { source: source(label), format, table };
}

export type ColorProviderOverrides = Partial<ProviderDefinition<ColorRequirement, ColorSettings>> & {
  /** Called at the start of every parse, e.g. to read the host name or report an error. */
  onParse?: (slice: Table, ctx: ParseContext) => void;
};

export function colorProvider(overrides: ColorProviderOverrides = {}): Provider<ColorRequirement, ColorSettings> {
  const { onParse, ...rest } = overrides;
  return createProvider({
    key: COLORS_PROVIDER,
    docs: { summary: 'Which colors a user may pick.', description: 'A fake provider for tests.' },
    requirementKeys: ['allowed_colors', 'banned_words'],
    fields: {
      allowed_colors: { docs: 'Colors a user may pick.' },
      banned_words: {
        docs: 'Words nobody may use.',
        combine: { accumulate: (higher, lower) => [...higher, ...lower] },
      },
    },
    settings: {
      color: {
        configKey: 'color',
        docs: 'The color.',
        constrainedBy: ['allowed_colors'],
        parse: (raw, key, report) => expectEnum(raw, key, report, COLORS, { rouge: 'red' }),
      },
    },
    schema: { type: 'object' },
    parse(slice, ctx) {
      onParse?.(slice, ctx);
      const out: ColorRequirement = {};
      if (slice.allowed_colors !== undefined) {
        const list = expectStringList(slice.allowed_colors, 'allowed_colors', ctx.report);
        if (list) out.allowed_colors = list as Color[];
      }
      if (slice.banned_words !== undefined) {
        const list = expectStringList(slice.banned_words, 'banned_words', ctx.report);
        if (list) out.banned_words = list;
      }
      return out;
    },
    validate(requirement, report) {
      if (requirement.value.allowed_colors?.length === 0) {
        report({
          severity: 'error',
          kind: 'invalid-value',
          key: 'allowed_colors',
          message: 'allowed_colors must not be empty',
          suggestion: 'list at least one color',
        });
      }
    },
    tighten(a, b) {
      const out: ColorRequirement = {};
      if (a.allowed_colors && b.allowed_colors) {
        out.allowed_colors = a.allowed_colors.filter((c) => b.allowed_colors!.includes(c));
      } else if (a.allowed_colors ?? b.allowed_colors) {
        out.allowed_colors = a.allowed_colors ?? b.allowed_colors;
      }
      if (a.banned_words ?? b.banned_words) {
        out.banned_words = [...new Set([...(a.banned_words ?? []), ...(b.banned_words ?? [])])];
      }
      return out;
    },
    allows(requirement, value) {
      if (value.color === undefined || requirement.allowed_colors === undefined) return true;
      return requirement.allowed_colors.includes(value.color);
    },
    normalize(value) {
      return (value.color as string) === 'rouge' ? { ...value, color: 'red' } : value;
    },
    resolve(ctx) {
      const allowed = ctx.requirement.value.allowed_colors;
      const { decision, diagnostics } = pickAllowed<Color>({
        provider: 'colors',
        key: 'color',
        requested: ctx.requested.color,
        defaultValue: 'red',
        field: allowed !== undefined ? 'allowed_colors' : undefined,
        fieldValue: allowed,
        sources: ctx.requirement.origins.allowed_colors ?? [],
        allowed: (c) => allowed === undefined || allowed.includes(c),
        fallback: () => ({ value: allowed![0]!, rule: `first allowed color ${allowed![0]}` }),
      });
      return { values: { color: decision }, diagnostics };
    },
    print(requirement) {
      return { ...requirement };
    },
    ...rest,
  });
}

/** The colors provider whose `color` also reads an older key, `old_colour`, where `"verde"` means green. */
export function legacyColorProvider(): Provider<ColorRequirement, ColorSettings> {
  return colorProvider({
    settings: {
      color: {
        configKey: 'color',
        docs: '',
        constrainedBy: ['allowed_colors'],
        parse: (raw) => raw as Color,
        legacyKeys: [{ configKey: 'old_colour', read: (raw) => (raw === 'verde' ? 'green' : undefined) }],
      },
    },
  });
}
