import { SURFACES_PROVIDER } from './keys.js';
import { homedir } from 'node:os';
import {
  createProvider,
  deepEqual,
  expectTable,
  formatValue,
  type Decision,
  type Diagnostic,
  type Resolution,
  type ResolveContext,
  type SettingSpec,
} from '@ratchet/core';
import { EXACT_KEYS, isConflict, readExact, type AuthStore, type ExactKey } from './exact.js';
import {
  FLAGS,
  IGNORE_RULES,
  INSTRUCTIONS,
  parseSurfaces,
  pinOf,
  printSurfaces,
  REQUIRED_ON_MODELS,
  REQUIREMENT_KEYS,
  tightenSurfaces,
  validateSurfaces,
  type SurfacesRequirement,
} from './requirement.js';
import { surfacesSchema } from './schema.js';
import type { Struct } from './shape.js';

/** The config.toml keys requirements may replace exactly; each is a setting under the same dotted name. */
export interface SurfacesSettings {
  readonly cli_auth_credentials_store: AuthStore | undefined;
  readonly chatgpt_base_url: string | undefined;
  readonly sqlite_home: string | undefined;
  readonly log_dir: string | undefined;
  readonly model_catalog_json: string | undefined;
  readonly check_for_update_on_startup: boolean | undefined;
  readonly allow_login_shell: boolean | undefined;
  readonly 'feedback.enabled': boolean | undefined;
  /** The user's `[otel]` table, with every field requirements set replaced. */
  readonly otel: Struct | undefined;
}

/** Options of the surfaces provider. */
export interface SurfacesOptions {
  /** The home folder `~` expands to in requirement paths; undefined turns expansion off (default: the user's home, none on Windows). */
  readonly home?: () => string | undefined;
}

type Ctx = ResolveContext<SurfacesRequirement, SurfacesSettings>;

/** The runtime values reported for hosts: effective key, the requirement field holding it, and how to read it. */
const OUTPUTS: readonly (readonly [string, keyof SurfacesRequirement, (r: Partial<SurfacesRequirement>) => unknown])[] =
  [
    ...FLAGS.map((flag) => [flag, flag, (r: Partial<SurfacesRequirement>) => r[flag]] as const),
    ...(['computer_use', 'browser_use', 'in_app_browser', 'marketplaces'] as const).map(
      (key) => [key, key, (r: Partial<SurfacesRequirement>) => r[key]] as const,
    ),
    [REQUIRED_ON_MODELS, REQUIRED_ON_MODELS, (r) => r[REQUIRED_ON_MODELS]],
    [IGNORE_RULES, IGNORE_RULES, (r) => r[IGNORE_RULES]],
    ['models.new_thread', 'models', (r) => r.models?.new_thread],
    [INSTRUCTIONS, INSTRUCTIONS, (r) => r[INSTRUCTIONS]],
  ];

/** The effective value of one exact-value key: the required value when one is set (noted quietly when it replaces the user's), else the user's. */
function resolveExact(
  { key }: ExactKey,
  { requirement: { value, origins }, requested }: Ctx,
): { decision: Decision<unknown>; diagnostics: Diagnostic[] } {
  const asked = requested[key as keyof SurfacesSettings];
  const pin = pinOf(value, key);
  const field = key.split('.')[0]!;
  if (pin === undefined)
    return { decision: { value: asked?.value, rule: asked ? 'requested value' : 'not set' }, diagnostics: [] };
  const by = (origins[field as keyof SurfacesRequirement] ?? []).map((s) => s.label).join(', ') || 'requirements';
  if (isConflict(pin)) {
    const message = `\`${key}\` is required to be ${pin.conflicting.map(formatValue).join(' and ')} at once (by ${by})`;
    return {
      decision: { value: asked?.value, rule: 'conflicting requirements', constrainedBy: [field] },
      diagnostics: [{ kind: 'conflict', severity: 'error', source: by, key, provider: 'surfaces', message }],
    };
  }
  const diagnostics: Diagnostic[] = [];
  if (asked !== undefined && asked.value !== pin) {
    diagnostics.push({
      kind: 'disallowed-value',
      severity: 'info',
      source: asked.origin.source,
      key,
      provider: 'surfaces',
      message: `${asked.origin.key} = ${formatValue(asked.value)} is replaced by the required ${key} = ${formatValue(pin)} (set by ${by})`,
      suggestion: `remove ${asked.origin.key}: requirements decide it`,
    });
  }
  return { decision: { value: pin, rule: `required by ${key}`, constrainedBy: [field] }, diagnostics };
}

/** The effective `[otel]`: the user's table with every field the requirements set replaced (noted quietly). */
function resolveOtel({ requirement: { value, origins }, requested }: Ctx): {
  decision: Decision<unknown>;
  diagnostics: Diagnostic[];
} {
  const asked = requested.otel;
  const required = value.otel;
  if (required === undefined || Object.keys(required).length === 0)
    return { decision: { value: asked?.value, rule: asked ? 'requested value' : 'not set' }, diagnostics: [] };
  const by = (origins.otel ?? []).map((s) => s.label).join(', ') || 'requirements';
  const user = asked?.value ?? {};
  const replaced = Object.keys(required).filter((f) => user[f] !== undefined && !deepEqual(user[f], required[f]));
  const diagnostics: Diagnostic[] = replaced.map((f) => ({
    kind: 'disallowed-value',
    severity: 'info',
    source: asked!.origin.source,
    key: `otel.${f}`,
    provider: 'surfaces',
    message: `otel.${f} = ${formatValue(user[f])} is replaced by the required otel.${f} = ${formatValue(required[f])} (set by ${by})`,
    suggestion: `remove otel.${f}: requirements decide it`,
  }));
  const fields = Object.keys(required).join(', ');
  return {
    decision: {
      value: { ...user, ...required },
      rule: `otel fields ${fields} required by [otel]`,
      constrainedBy: ['otel'],
    },
    diagnostics,
  };
}

function setting(exact: ExactKey): SettingSpec<unknown> {
  return {
    configKey: exact.key,
    docs: exact.docs,
    constrainedBy: [exact.key.split('.')[0]!],
    parse: (raw, key, report) => readExact(exact.type, raw, key, report),
  };
}

const defaultHome = () => (process.platform === 'win32' ? undefined : homedir());

/**
 * The surfaces provider: the newer requirements.toml keys Codex reads with fixed types (computer and browser use,
 * marketplaces, auto review, new-thread model defaults, ...). Exact-value keys replace the user's config.toml value;
 * the rest are validated and reported as effective runtime values for hosts to enforce.
 */
export function surfacesProvider(options: SurfacesOptions = {}) {
  const home = options.home ?? defaultHome;
  return createProvider({
    key: SURFACES_PROVIDER,
    docs: {
      summary:
        "Reads computer/browser use, marketplaces, auto review, model defaults and exact-value keys with Codex's types.",
      description:
        'A wrong type, an unknown enum variant, an unknown field in [marketplaces] or its allowed sources, or an ' +
        'auto_review.required_on_models slug that is blank, padded or namespaced (with /) stops loading; other ' +
        'unknown keys warn. cli_auth_credentials_store, chatgpt_base_url, sqlite_home, log_dir, model_catalog_json, ' +
        "check_for_update_on_startup, allow_login_shell and [feedback] enabled replace the user's config.toml value " +
        '(cloud layers cannot set the first two). The other keys are only validated and reported as effective runtime ' +
        'values under their own names; Ratchet does not enforce them. The highest layer that sets a key wins its whole ' +
        'value, tables included, except auto_review.required_on_models, which is unioned across layers. Strict layering ' +
        'requires equal exact values, ands the allow_* flags and meets tables field by field (deny and turn win).',
    },
    requirementKeys: REQUIREMENT_KEYS,
    fields: {
      ...Object.fromEntries(
        EXACT_KEYS.filter((k) => !k.key.includes('.')).map((k) => [
          k.key,
          { docs: `Replaces the user's ${k.key}. ${k.docs}` },
        ]),
      ),
      feedback: { docs: "[feedback] enabled replaces the user's feedback.enabled." },
      allow_appshots: { docs: 'Whether appshots are allowed (reported, not enforced).' },
      allow_remote_control: { docs: 'Whether remote control is allowed (reported, not enforced).' },
      allow_browser_and_computer_use: {
        docs: 'Whether browser and computer use are allowed (reported, not enforced).',
      },
      unsafe_enforce_sqlite_journal_mode: {
        docs: 'Whether Codex enforces its SQLite journal mode (reported, not enforced); strict layering ors it.',
      },
      computer_use: {
        docs: 'Computer use policy: locked use, persistent approval, app access (reported, not enforced).',
      },
      browser_use: { docs: 'Browser use policy: history, auto review, per-origin access (reported, not enforced).' },
      in_app_browser: { docs: 'In-app browser policy (reported, not enforced).' },
      marketplaces: { docs: 'Plugin marketplace source restrictions (reported, not enforced).' },
      [REQUIRED_ON_MODELS]: {
        docs: 'Models that must run with automatic review; unioned across layers (reported, not enforced).',
        combine: {
          accumulate: (higher: readonly string[], lower: readonly string[]) => [...new Set([...higher, ...lower])],
        },
      },
      [IGNORE_RULES]: { docs: 'Rules automatic review ignores (reported, not enforced).' },
      models: {
        docs: 'Defaults for new threads: model, model_reasoning_effort, service_tier (reported, not enforced).',
      },
      [INSTRUCTIONS]: { docs: 'Developer instructions added to every session (reported, not enforced).' },
      otel: {
        docs: "[otel]: each field set replaces the user's otel.<field>; the headers helper only from local requirements.",
      },
    } as unknown as { [K in keyof SurfacesRequirement]-?: { docs: string } },
    settings: {
      ...Object.fromEntries(EXACT_KEYS.map((k) => [k.key, setting(k)])),
      otel: {
        configKey: 'otel',
        docs: "OpenTelemetry settings; fields set in requirements [otel] replace the user's.",
        constrainedBy: ['otel'],
        parse: (raw: unknown, key: string, report: Parameters<SettingSpec<unknown>['parse']>[2]) =>
          expectTable(raw, key, report),
      },
    } as unknown as {
      [K in keyof SurfacesSettings]-?: SettingSpec<SurfacesSettings[K]>;
    },
    outputs: OUTPUTS.map(([key]) => key),
    configTables: ['feedback'],
    schema: surfacesSchema,
    parse: (slice, ctx) => parseSurfaces(slice, ctx, home),
    validate: validateSurfaces,
    tighten: tightenSurfaces,
    allows(r, v) {
      const otel = v.otel;
      // A user [otel] is allowed when it already holds every field the requirements set.
      if (r.otel && otel && Object.entries(r.otel).some(([f, x]) => !deepEqual(otel[f], x))) return false;
      return EXACT_KEYS.every(({ key }) => {
        const pin = pinOf(r, key);
        const asked = v[key as keyof SurfacesSettings];
        if (isConflict(pin)) return false;
        return pin === undefined || asked === undefined || asked === pin;
      });
    },
    resolve(ctx) {
      const values: Record<string, Decision<unknown>> = {};
      const diagnostics: Diagnostic[] = [];
      for (const exact of EXACT_KEYS) {
        const { decision, diagnostics: found } = resolveExact(exact, ctx);
        values[exact.key] = decision;
        diagnostics.push(...found);
      }
      const otel = resolveOtel(ctx);
      values.otel = otel.decision;
      diagnostics.push(...otel.diagnostics);
      const r = ctx.requirement.value;
      for (const [key, field, read] of OUTPUTS) {
        const value = read(r);
        values[key] =
          value === undefined
            ? { value: undefined, rule: `no ${key} requirement` }
            : { value, rule: `required by ${field}; reported for hosts to enforce`, constrainedBy: [field] };
      }
      return { values: values as Resolution<SurfacesSettings>['values'], diagnostics };
    },
    print: printSurfaces,
  });
}
