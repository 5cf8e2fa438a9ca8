import {
  createProvider,
  deepEqual,
  expectTable,
  formatValue,
  type Decision,
  type Diagnostic,
  type JsonSchema,
  type Table,
} from '@ratchet/core';
import { MODEL_PROVIDERS_PROVIDER } from './keys.js';
import { definitionsSchema, readDefinition, type ProviderDefinition } from './provider-definition.js';
import { setBy, wrongType } from './read.js';
import { BUILTIN_MODEL_PROVIDERS, RESERVED_MODEL_PROVIDERS } from './values.js';

/**
 * What requirements say about model providers. Each field holds the values every layer that set it accepts: one
 * normally; strict layering that finds two different values keeps none, which stops loading.
 */
export interface ModelProvidersRequirement {
  /** The model provider every session must use. */
  readonly model_provider?: readonly string[];
  /** Provider definitions that replace the user's definitions of the same ids. */
  readonly model_providers?: Readonly<Record<string, readonly ProviderDefinition[]>>;
}

/** The model-provider settings a user configures. */
export interface ModelProvidersSettings {
  readonly model_provider: string;
  readonly model_providers: Readonly<Record<string, Table>> | undefined;
}

const PIN = 'model_provider';
/** Codex's model provider when nobody names one. */
const DEFAULT_PROVIDER = 'openai';
const DEFS = 'model_providers';
const isBuiltin = (id: string) => (BUILTIN_MODEL_PROVIDERS as readonly string[]).includes(id);
const isReserved = (id: string) => (RESERVED_MODEL_PROVIDERS as readonly string[]).includes(id);

const schema: JsonSchema = {
  properties: {
    [PIN]: {
      type: 'string',
      description: `The model provider every session uses; replaces the user's model_provider. It must be built in (${BUILTIN_MODEL_PROVIDERS.join(', ')}) or defined in requirements [model_providers].`,
    },
    [DEFS]: definitionsSchema,
  },
  // A custom provider must be defined by requirements (that the definition has its id is beyond a schema).
  allOf: [
    {
      if: { required: [PIN], properties: { [PIN]: { not: { enum: [...BUILTIN_MODEL_PROVIDERS] } } } },
      then: { required: [DEFS] },
    },
  ],
};

function meet<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): readonly T[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.filter((x) => b.some((y) => deepEqual(x, y)));
}

/** The model-providers provider: `model_provider` pins the user's, `[model_providers.<id>]` replaces the user's definitions. */
export function modelProvidersProvider() {
  return createProvider({
    key: MODEL_PROVIDERS_PROVIDER,
    docs: {
      summary: 'Pins the model provider and the definitions of the providers requirements name.',
      description:
        "model_provider replaces the user's model_provider (with a warning when it differs) and must name a built-in " +
        'provider or one requirements define (Codex 0.171 also takes a definition from the user; Ratchet does not, so ' +
        "the user cannot choose where the required provider's requests go). Each [model_providers.<id>] replaces the " +
        "user's definition of that id; the user's other providers stay. A definition needs a name; built-in ids cannot " +
        'be redefined; wire_api = "chat" is refused; unknown fields are warned about and ignored. Strict layering keeps ' +
        'a value only when every layer that sets it agrees, and joins the definitions of different ids.',
    },
    requirementKeys: [PIN, DEFS],
    fields: {
      model_provider: { docs: 'The model provider every session must use.' },
      model_providers: { docs: "Provider definitions that replace the user's of the same id." },
    },
    settings: {
      model_provider: {
        configKey: PIN,
        docs: 'The model provider sessions use.',
        constrainedBy: [PIN],
        parse: (raw, key, report) =>
          typeof raw === 'string' ? raw : wrongType(report, key, 'a string', raw, `write ${key} = "openai"`),
      },
      model_providers: {
        configKey: DEFS,
        docs: 'Model provider definitions by id.',
        constrainedBy: [DEFS],
        merge: 'tables',
        parse: (raw, key, report) => expectTable(raw, key, report) as Readonly<Record<string, Table>> | undefined,
      },
    },
    schema,
    parse(slice, { report }) {
      const out: { -readonly [K in keyof ModelProvidersRequirement]: ModelProvidersRequirement[K] } = {};
      if (slice[PIN] !== undefined) {
        const pin =
          typeof slice[PIN] === 'string'
            ? slice[PIN]
            : wrongType(report, PIN, 'a string', slice[PIN], `write ${PIN} = "<provider id>"`);
        if (pin !== undefined) out.model_provider = [pin];
      }
      if (slice[DEFS] !== undefined) {
        const table = expectTable(slice[DEFS], DEFS, report);
        if (table) {
          const reserved = Object.keys(table).filter(isReserved);
          if (reserved.length > 0) {
            report({
              severity: 'error',
              kind: 'invalid-value',
              key: `${DEFS}.${reserved[0]}`,
              message: `model_providers contains reserved built-in provider IDs: ${reserved.map((id) => `\`${id}\``).join(', ')}. Built-in providers cannot be overridden`,
              suggestion: `rename your custom provider (for example, \`${reserved[0]}-custom\`)`,
            });
          }
          const defs = Object.entries(table).map(
            ([id, raw]) => [id, readDefinition(raw, `${DEFS}.${id}`, report)] as const,
          );
          if (reserved.length === 0 && defs.every(([, d]) => d !== undefined))
            out.model_providers = Object.fromEntries(defs.map(([id, d]) => [id, [d!]]));
        }
      }
      return out;
    },
    validate({ value, origins }, report) {
      if (value.model_provider?.length === 0)
        report({
          severity: 'error',
          kind: 'conflict',
          key: PIN,
          message: `layers require different ${PIN} values (${setBy(origins.model_provider)})`,
          suggestion: `set ${PIN} in one layer only`,
        });
      for (const [id, defs] of Object.entries(value.model_providers ?? {}))
        if (defs.length === 0)
          report({
            severity: 'error',
            kind: 'conflict',
            key: `${DEFS}.${id}`,
            message: `layers define the model provider \`${id}\` differently (${setBy(origins.model_providers)})`,
            suggestion: `define [${DEFS}.${id}] in one layer only`,
          });
      const pin = value.model_provider?.[0];
      if (pin !== undefined && !isBuiltin(pin) && value.model_providers?.[pin] === undefined)
        report({
          severity: 'error',
          kind: 'invalid-value',
          key: PIN,
          message: `Model provider \`${pin}\` not found: it is not built in (${BUILTIN_MODEL_PROVIDERS.join(', ')}) and requirements do not define it`,
          suggestion: `define [${DEFS}.${pin}] in requirements, or require a built-in provider`,
        });
    },
    tighten(a, b) {
      const out: { -readonly [K in keyof ModelProvidersRequirement]: ModelProvidersRequirement[K] } = {};
      const pin = meet(a.model_provider, b.model_provider);
      if (pin) out.model_provider = pin;
      if (a.model_providers && b.model_providers) {
        const ids = new Set([...Object.keys(a.model_providers), ...Object.keys(b.model_providers)]);
        out.model_providers = Object.fromEntries(
          [...ids].map((id) => [id, meet(a.model_providers![id], b.model_providers![id])!]),
        );
      } else if (a.model_providers ?? b.model_providers)
        out.model_providers = (a.model_providers ?? b.model_providers)!;
      return out;
    },
    allows(r, v) {
      if (r.model_provider && v.model_provider !== undefined && !r.model_provider.includes(v.model_provider))
        return false;
      // A user table is allowed when it already holds every required definition (resolve adds the missing ones).
      const defs = v.model_providers;
      return (
        defs === undefined ||
        Object.entries(r.model_providers ?? {}).every(([id, required]) => required.some((d) => deepEqual(d, defs[id])))
      );
    },
    resolve({ requirement: { value: r, origins }, requested }) {
      const diagnostics: Diagnostic[] = [];
      const asked = requested.model_provider;
      const pin = r.model_provider?.[0];
      let provider: Decision<string>;
      if (pin === undefined)
        provider = asked
          ? { value: asked.value, rule: 'requested value' }
          : { value: DEFAULT_PROVIDER, rule: `default: ${DEFAULT_PROVIDER}` };
      else {
        provider = { value: pin, rule: `required by ${PIN}`, constrainedBy: [PIN] };
        if (asked && asked.value !== pin)
          diagnostics.push({
            kind: 'disallowed-value',
            severity: 'warning',
            source: asked.origin.source,
            key: PIN,
            provider: MODEL_PROVIDERS_PROVIDER.id,
            message: `${asked.origin.key} = ${formatValue(asked.value)} is overridden by the required value ${formatValue(pin)} from ${setBy(origins.model_provider)}`,
            suggestion: `remove ${asked.origin.key}: requirements decide it`,
          });
      }
      const user = requested.model_providers;
      const required = Object.entries(r.model_providers ?? {}).filter(([, defs]) => defs.length > 0);
      let definitions: Decision<Readonly<Record<string, Table>> | undefined>;
      if (required.length === 0) definitions = { value: user?.value, rule: user ? 'requested value' : 'not set' };
      else {
        const mine = user?.value ?? {};
        for (const [id, defs] of required)
          if (mine[id] !== undefined && !deepEqual(mine[id], defs[0]))
            diagnostics.push({
              kind: 'disallowed-value',
              severity: 'warning',
              source: user!.origin.source,
              key: `${DEFS}.${id}`,
              provider: MODEL_PROVIDERS_PROVIDER.id,
              message: `${user!.origin.key}.${id} is replaced by the definition required by ${setBy(origins.model_providers)}`,
              suggestion: `remove [${user!.origin.key}.${id}]: requirements define it`,
            });
        definitions = {
          value: { ...mine, ...Object.fromEntries(required.map(([id, defs]) => [id, defs[0] as Table])) },
          rule: `definitions of ${required.map(([id]) => id).join(', ')} required by [${DEFS}]`,
          constrainedBy: [DEFS],
        };
      }
      return { values: { model_provider: provider, model_providers: definitions }, diagnostics };
    },
    print(r) {
      const out: Record<string, unknown> = {};
      if (r.model_provider?.[0] !== undefined) out[PIN] = r.model_provider[0];
      const defs = Object.entries(r.model_providers ?? {}).filter(([, d]) => d.length > 0);
      if (r.model_providers) out[DEFS] = Object.fromEntries(defs.map(([id, d]) => [id, structuredClone(d[0])]));
      return out;
    },
  });
}
