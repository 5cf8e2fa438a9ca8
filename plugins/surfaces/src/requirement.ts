import {
  expectBoolean,
  expectString,
  formatValue,
  type Combined,
  type ParseContext,
  type Reporter,
  type Table,
} from '@ratchet/core';
import { EXACT_KEYS, isConflict, meetPin, readExact, requirementPath, type AuthStore, type Pin } from './exact.js';
import { checkAllowedSources, meetMarketplaces } from './marketplaces.js';
import { meetShape, readShape, type Shape, type Struct } from './shape.js';
import {
  AUTO_REVIEW,
  BROWSER_USE,
  COMPUTER_USE,
  FEEDBACK,
  IN_APP_BROWSER,
  MARKETPLACES,
  MODELS,
  OTEL,
  OTEL_LOCAL_ONLY,
  type MarketplacesTable,
  type ModelsTable,
} from './tables.js';

/**
 * The surfaces provider's requirement. Each top-level key is one field (the highest layer that sets it wins the
 * whole value, tables included), except `[auto_review]`, whose two keys are fields of their own:
 * `required_on_models` accumulates (a union across layers, as Codex does) and `ignore_rules` goes by precedence.
 */
export interface SurfacesRequirement {
  readonly cli_auth_credentials_store?: Pin<AuthStore>;
  readonly chatgpt_base_url?: Pin<string>;
  readonly sqlite_home?: Pin<string>;
  readonly log_dir?: Pin<string>;
  readonly model_catalog_json?: Pin<string>;
  readonly check_for_update_on_startup?: Pin<boolean>;
  readonly allow_login_shell?: Pin<boolean>;
  readonly feedback?: { readonly enabled?: Pin<boolean> };
  readonly allow_appshots?: boolean;
  readonly allow_remote_control?: boolean;
  readonly allow_browser_and_computer_use?: boolean;
  /** Codex 0.171's SQLite journal-mode enforcement switch (reported, not enforced). */
  readonly unsafe_enforce_sqlite_journal_mode?: boolean;
  readonly computer_use?: Struct;
  readonly browser_use?: Struct;
  readonly in_app_browser?: Struct;
  readonly marketplaces?: MarketplacesTable;
  readonly 'auto_review.required_on_models'?: readonly string[];
  readonly 'auto_review.ignore_rules'?: readonly string[];
  readonly models?: ModelsTable;
  readonly additional_developer_instructions?: string;
  /** `[otel]`: each field set replaces the user's `otel.<field>`. */
  readonly otel?: Struct;
}

type Req = Partial<SurfacesRequirement>;

/** The top-level booleans reported as runtime values. */
export const FLAGS = [
  'allow_appshots',
  'allow_remote_control',
  'allow_browser_and_computer_use',
  'unsafe_enforce_sqlite_journal_mode',
] as const;
/** Flags that enforce something when true, so strict layering ors them (the allow_* flags are anded). */
const ENFORCING: ReadonlySet<string> = new Set(['unsafe_enforce_sqlite_journal_mode']);

/** The tables read whole with Codex's struct shapes. */
export const TABLES: Readonly<
  Record<'computer_use' | 'browser_use' | 'in_app_browser' | 'marketplaces' | 'models' | 'otel', Shape>
> = {
  otel: OTEL,
  computer_use: COMPUTER_USE,
  browser_use: BROWSER_USE,
  in_app_browser: IN_APP_BROWSER,
  marketplaces: MARKETPLACES,
  models: MODELS,
};

/** The dotted fields `[auto_review]` splits into, and the instructions key. */
export const REQUIRED_ON_MODELS = 'auto_review.required_on_models';
export const IGNORE_RULES = 'auto_review.ignore_rules';
export const INSTRUCTIONS = 'additional_developer_instructions';

/** The top-level requirements.toml keys the provider owns. */
export const REQUIREMENT_KEYS = [
  ...EXACT_KEYS.map((k) => k.key.split('.')[0]!),
  ...FLAGS,
  ...Object.keys(TABLES),
  'auto_review',
  INSTRUCTIONS,
];

/** A model slug as Codex accepts it in `required_on_models`, or what is wrong with it. */
function slugProblem(slug: string): [string, string] | undefined {
  if (slug.trim() === '') return ['is blank', 'remove the blank entry'];
  if (slug.trim() !== slug) return ['has surrounding whitespace', `write ${JSON.stringify(slug.trim())}`];
  if (slug.includes('/'))
    return [
      'names a provider namespace',
      `write the bare model slug ${JSON.stringify(slug.slice(slug.lastIndexOf('/') + 1))}`,
    ];
  return undefined;
}

function parseAutoReview(raw: unknown, report: Reporter): Req {
  const table = readShape(AUTO_REVIEW, raw, 'auto_review', report) as
    { required_on_models?: string[]; ignore_rules?: string[] } | undefined;
  if (!table) return {};
  let slugsOk = true;
  (table.required_on_models ?? []).forEach((slug, i) => {
    const problem = slugProblem(slug);
    if (!problem) return;
    slugsOk = false;
    report({
      severity: 'error',
      kind: 'invalid-value',
      key: `${REQUIRED_ON_MODELS}[${i}]`,
      message: `invalid value for \`${REQUIRED_ON_MODELS}\`: ${formatValue(slug)} ${problem[0]}; Codex accepts non-empty model slugs without surrounding whitespace or provider namespaces`,
      suggestion: problem[1],
    });
  });
  return {
    ...(table.required_on_models && slugsOk && { [REQUIRED_ON_MODELS]: table.required_on_models }),
    ...(table.ignore_rules && { [IGNORE_RULES]: table.ignore_rules }),
  };
}

/** `[otel]` of a cloud layer without the fields only local requirements may set, each dropped with a warning. */
function withoutLocalOnly(otel: Struct, report: Reporter): Struct {
  const kept = { ...otel };
  for (const name of OTEL_LOCAL_ONLY) {
    if (kept[name] === undefined) continue;
    delete kept[name];
    report({
      severity: 'warning',
      kind: 'not-enforced',
      key: `otel.${name}`,
      message: `cloud requirements cannot set otel.${name}: the headers helper runs a local program, so only local requirements may name it`,
      suggestion: `set otel.${name} in a local requirements.toml or MDM`,
    });
  }
  return kept;
}

/** Parses one layer's slice; unknown keys warn except where Codex denies them; cloud layers cannot set the local-only auth keys. */
export function parseSurfaces(slice: Table, ctx: ParseContext, home: () => string | undefined): Req {
  const { report } = ctx;
  const out: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) out[key] = value;
  };
  for (const { key, type, localOnly } of EXACT_KEYS) {
    if (key.includes('.') || slice[key] === undefined) continue;
    if (localOnly && ctx.source.kind === 'cloud') {
      report({
        severity: 'warning',
        kind: 'not-enforced',
        key,
        message: `cloud requirements cannot set ${key}; Codex ignores it there`,
        suggestion: `set ${key} in a local requirements.toml or MDM`,
      });
      continue;
    }
    const value = readExact(type, slice[key], key, report);
    set(key, type === 'path' && typeof value === 'string' ? requirementPath(value, key, ctx, home) : value);
  }
  if (slice.feedback !== undefined) set('feedback', readShape(FEEDBACK, slice.feedback, 'feedback', report));
  for (const flag of FLAGS) if (slice[flag] !== undefined) set(flag, expectBoolean(slice[flag], flag, report));
  for (const [key, shape] of Object.entries(TABLES))
    if (slice[key] !== undefined) set(key, readShape(shape, slice[key], key, report));
  if (out.otel !== undefined && ctx.source.kind === 'cloud') out.otel = withoutLocalOnly(out.otel as Struct, report);
  if (slice.auto_review !== undefined) Object.assign(out, parseAutoReview(slice.auto_review, report));
  if (slice[INSTRUCTIONS] !== undefined) set(INSTRUCTIONS, expectString(slice[INSTRUCTIONS], INSTRUCTIONS, report));
  return out;
}

/** Back to a requirements.toml slice; conflicts (strict layering) have no spelling and are left out. */
export function printSurfaces(r: Req): Table {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(r)) {
    if (value === undefined || key.startsWith('auto_review.')) continue;
    if (key === 'feedback') out.feedback = isConflict(r.feedback?.enabled) ? {} : { ...r.feedback };
    else if (!isConflict(value)) out[key] = structuredClone(value);
  }
  const review = { required_on_models: r[REQUIRED_ON_MODELS], ignore_rules: r[IGNORE_RULES] };
  if (review.required_on_models || review.ignore_rules) out.auto_review = JSON.parse(JSON.stringify(review));
  return out;
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

/** The strict meet: exact values must agree, allow_* flags and, slugs union, tables meet field by field (see `Shape`), different instructions join; ignore_rules keeps the higher layer's. */
export function tightenSurfaces(a: Req, b: Req): Req {
  const out: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) out[key] = value;
  };
  for (const { key } of EXACT_KEYS)
    if (!key.includes('.')) set(key, meetPin(a[key as keyof Req] as Pin<unknown>, b[key as keyof Req] as Pin<unknown>));
  if (a.feedback && b.feedback) {
    const enabled = meetPin(a.feedback.enabled, b.feedback.enabled);
    out.feedback = enabled === undefined ? {} : { enabled };
  } else set('feedback', a.feedback ?? b.feedback);
  for (const flag of FLAGS) {
    const [x, y] = [a[flag], b[flag]];
    set(flag, x === undefined || y === undefined ? (x ?? y) : ENFORCING.has(flag) ? x || y : x && y);
  }
  for (const [key, shape] of Object.entries(TABLES)) {
    const k = key as keyof typeof TABLES;
    set(key, k === 'marketplaces' ? meetMarketplaces(a.marketplaces, b.marketplaces) : meetShape(shape, a[k], b[k]));
  }
  const [x, y] = [a[REQUIRED_ON_MODELS], b[REQUIRED_ON_MODELS]];
  set(REQUIRED_ON_MODELS, x && y ? union(x, y) : (x ?? y));
  set(IGNORE_RULES, a[IGNORE_RULES] ?? b[IGNORE_RULES]);
  const [i, j] = [a[INSTRUCTIONS], b[INSTRUCTIONS]];
  set(INSTRUCTIONS, i !== undefined && j !== undefined && i !== j ? `${i}\n\n${j}` : (i ?? j));
  return out;
}

/** The pin of an exact-value setting in a requirement. */
export function pinOf(r: Req, key: string): unknown {
  return key === 'feedback.enabled' ? r.feedback?.enabled : r[key as keyof Req];
}

/** Combined-requirement checks: exact values that strict layering left in conflict stop loading; bad marketplace sources warn. */
export function validateSurfaces({ value, origins }: Combined<SurfacesRequirement>, report: Reporter): void {
  const by = (field: keyof SurfacesRequirement) =>
    (origins[field] ?? []).map((s) => s.label).join(', ') || 'the requirements';
  for (const { key } of EXACT_KEYS) {
    const pin = pinOf(value, key);
    if (!isConflict(pin)) continue;
    const field = key.split('.')[0] as keyof SurfacesRequirement;
    report({
      severity: 'error',
      kind: 'conflict',
      key,
      message: `\`${key}\` is required to be ${pin.conflicting.map(formatValue).join(' and ')} at once (by ${by(field)})`,
      suggestion: 'require the same value in every requirements layer',
    });
  }
  if (value.marketplaces) checkAllowedSources(value.marketplaces, by('marketplaces'), report);
}
