import { DiagnosticBag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { throwIfErrors } from '../diagnostics/errors.js';
import { closest } from '../diagnostics/suggest.js';
import type { Combined, AnyProvider } from '../provider/contract.js';
import type { Table } from '../shape/shape.js';
import { abbreviate } from '../shape/values.js';
import type { LayerInput, RequirementSource } from '../sources/source.js';
import { combineLayers, type LayeringMode, type ParsedLayer } from './combine.js';

/** A layer as loaded: its source and which keys it set. */
export interface LayerInfo {
  readonly source: RequirementSource;
  readonly keys: readonly string[];
}

/** The requirements after every layer was parsed, combined per provider and validated. */
export interface RequirementSet {
  readonly layers: readonly LayerInfo[];
  /** Combined requirement per provider id. */
  readonly combined: ReadonlyMap<string, Combined<object>>;
  /** Warnings and notices found while loading (errors are thrown instead). */
  readonly diagnostics: readonly Diagnostic[];
  /** The legacy managed configs read (MDM, then file), highest first: they are also the top layers of the user's configuration. */
  readonly managedConfigs: readonly { readonly table: Table; readonly source: string }[];
}

/** Options that change how layers are read and combined. */
export interface LoadOptions {
  readonly mode: LayeringMode;
  /** `warn` (default): unknown top-level keys are warned about; `error`: they stop loading. */
  readonly unknownKeys: 'warn' | 'error';
  readonly hostname: () => string | undefined;
}

function sliceOf(table: Table, keys: readonly string[]): Table | undefined {
  const slice: Record<string, unknown> = {};
  let any = false;
  for (const key of keys) {
    if (table[key] !== undefined) {
      slice[key] = table[key];
      any = true;
    }
  }
  return any ? slice : undefined;
}

/** The top-level field a diagnostic key points into (`allowed_sandbox_modes[1]` → `allowed_sandbox_modes`). */
const fieldOf = (key: string) => key.split(/[.[]/)[0]!;

/** Reports the top-level keys of a layer that no loaded provider owns (warnings, or errors in strict-keys mode). */
function unownedKeys(
  table: Table,
  owned: ReadonlyMap<string, AnyProvider>,
  source: string,
  level: LoadOptions['unknownKeys'],
): Diagnostic[] {
  const bag = new DiagnosticBag(source);
  for (const key of Object.keys(table)) {
    if (owned.has(key)) continue;
    const near = closest(key, owned.keys());
    const message = `unknown key "${abbreviate(key)}": no loaded provider owns it, so it is not enforced`;
    const fix = near !== undefined ? `did you mean "${near}"?` : 'remove it, or load the provider that owns it';
    if (level === 'error') bag.report({ severity: 'error', kind: 'unknown-key', key, message, suggestion: fix });
    else bag.report({ severity: 'warning', kind: 'unknown-key', key, message, suggestion: fix });
  }
  return bag.items;
}

/**
 * Parses every layer with every provider (highest first), combines and validates each provider (leaving out
 * checks on fields that failed to parse), then throws if anything reported an error (so one run lists every problem it can find).
 */
export function loadRequirements(
  providers: readonly AnyProvider[],
  inputs: readonly LayerInput[],
  options: LoadOptions,
): RequirementSet {
  const diagnostics: Diagnostic[] = [];
  const owned = new Map<string, AnyProvider>();
  for (const p of providers) for (const key of p.requirementKeys) owned.set(key, p);
  let hostnameCache: { value: string | undefined } | undefined;
  const hostname = () => (hostnameCache ??= { value: options.hostname() }).value;

  const parsed = new Map<string, ParsedLayer<object>[]>(providers.map((p) => [p.id, []]));
  const layers: LayerInfo[] = [];
  /** Per provider, the top-level fields some layer failed to parse (`*` when an error named no key). */
  const failedFields = new Map(providers.map((p) => [p.id, new Set<string>()]));
  const managedConfigs: { table: Table; source: string }[] = [];
  for (const input of inputs) {
    let table = input.table;
    if (input.format === 'managed-config') {
      managedConfigs.push({ table: input.table, source: input.source.label });
      const bag = new DiagnosticBag(input.source.label);
      const implied: Record<string, unknown> = {};
      for (const p of providers) Object.assign(implied, p.fromManagedConfig(input.table, bag.report));
      table = implied;
      diagnostics.push(...bag.items);
    } else {
      diagnostics.push(...unownedKeys(table, owned, input.source.label, options.unknownKeys));
    }
    layers.push({ source: input.source, keys: Object.keys(table) });
    for (const p of providers) {
      const slice = sliceOf(table, p.requirementKeys);
      if (!slice) continue;
      const bag = new DiagnosticBag(input.source.label, p.id);
      const requirement = p.parse(slice, { source: input.source, report: bag.report, hostname });
      diagnostics.push(...bag.items);
      for (const d of bag.items) if (d.severity === 'error') failedFields.get(p.id)!.add(d.key ? fieldOf(d.key) : '*');
      parsed.get(p.id)!.push({ source: input.source, requirement });
    }
  }

  const combined = new Map<string, Combined<object>>();
  for (const p of providers) {
    const failed = failedFields.get(p.id)!;
    if (failed.has('*')) continue;
    const value = combineLayers(p, parsed.get(p.id)!, options.mode);
    const origins = value.origins as Record<string, readonly RequirementSource[] | undefined>;
    // A field may be a dotted key of its own (`features.fast_mode`); otherwise its top-level key names it.
    const sourceOf = (key: string) => (origins[key] ?? origins[fieldOf(key)])?.map((s) => s.label).join(', ');
    const bag = new DiagnosticBag(sourceOf, p.id);
    p.validate(value, bag.report);
    // A provider with parse errors is still validated, so one run lists every problem; checks about the
    // fields that failed to parse are dropped (they would judge a value no layer actually gave).
    diagnostics.push(...bag.items.filter((d) => d.key === undefined || !failed.has(fieldOf(d.key))));
    if (failed.size === 0) combined.set(p.id, value);
  }
  throwIfErrors(diagnostics);
  return { layers, combined, diagnostics, managedConfigs };
}
