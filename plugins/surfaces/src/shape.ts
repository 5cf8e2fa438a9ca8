import {
  abbreviate,
  closest,
  deepEqual,
  expectArray,
  expectBoolean,
  expectEnum,
  expectString,
  expectTable,
  isTable,
  typeName,
  warnUnknownKeys,
  type JsonSchema,
  type Reporter,
} from '@ratchet/core';

/**
 * The TOML shape of one value of a Codex requirements struct, as serde reads it. `meet` and `strictest` say how
 * strict layering combines two values: booleans by `and`/`or`, two-valued enums by the value that restricts more;
 * anything without one keeps the higher layer's value.
 */
export type Shape =
  | { readonly kind: 'bool'; readonly meet?: 'and' | 'or' }
  | { readonly kind: 'string' }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly strictest?: string }
  | {
      readonly kind: 'struct';
      readonly fields: Readonly<Record<string, Shape>>;
      readonly required?: readonly string[];
      readonly denyUnknown?: boolean;
    }
  | { readonly kind: 'map'; readonly of: Shape }
  | { readonly kind: 'list'; readonly of: Shape }
  | { readonly kind: 'int'; readonly min: number }
  | { readonly kind: 'variant'; readonly units: readonly string[]; readonly tables: readonly string[] };

/** A struct's parsed value: the known fields it set, nothing else. */
export type Struct = Readonly<Record<string, unknown>>;

/** Shape constructors, one per serde type: `bool`, `String`, a unit enum, a struct, a `BTreeMap<String, _>`, a `Vec<_>`. */
export const bool = (meet?: 'and' | 'or'): Shape => ({ kind: 'bool', ...(meet && { meet }) });
export const str: Shape = { kind: 'string' };
export const oneOf = (values: readonly string[], strictest?: string): Shape => ({
  kind: 'enum',
  values,
  ...(strictest && { strictest }),
});
export const struct = (
  fields: Record<string, Shape>,
  options: { required?: readonly string[]; denyUnknown?: boolean } = {},
): Shape => ({ kind: 'struct', fields, ...options });
export const mapOf = (of: Shape): Shape => ({ kind: 'map', of });
export const listOf = (of: Shape): Shape => ({ kind: 'list', of });
/** A whole number of at least `min` (serde's `u64`, `NonZeroU64`). */
export const int = (min: number): Shape => ({ kind: 'int', min });
/** A serde enum: a unit variant spelled as a string, or a one-key table `{ <variant> = { ... } }` (its fields not read). */
export const variant = (units: readonly string[], tables: readonly string[]): Shape => ({
  kind: 'variant',
  units,
  tables,
});

function readVariant(shape: Extract<Shape, { kind: 'variant' }>, raw: unknown, key: string, report: Reporter): unknown {
  const all = [...shape.units, ...shape.tables];
  const name =
    typeof raw === 'string' ? raw : isTable(raw) && Object.keys(raw).length === 1 ? Object.keys(raw)[0]! : undefined;
  const ok = typeof raw === 'string' ? shape.units.includes(raw) : name !== undefined && shape.tables.includes(name);
  if (ok && (typeof raw === 'string' || isTable((raw as Readonly<Record<string, unknown>>)[name!]))) return raw;
  report({
    severity: 'error',
    kind: name === undefined ? 'invalid-type' : 'unknown-value',
    key,
    message:
      name === undefined
        ? `invalid type: expected one of ${all.map((v) => `\`${v}\``).join(', ')}`
        : `unknown variant \`${abbreviate(name)}\`, expected one of ${all.map((v) => `\`${v}\``).join(', ')}`,
    suggestion: `write ${key} = "${shape.units[0]}", or ${key} = { ${shape.tables[0]} = { ... } }`,
  });
  return undefined;
}

/** A table key as written in a dotted path: bare when it can be, quoted otherwise (`origins."https://a.example"`). */
export function keyPart(name: string): string {
  return /^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name);
}

function readStruct(
  shape: Extract<Shape, { kind: 'struct' }>,
  raw: unknown,
  key: string,
  report: Reporter,
): Struct | undefined {
  const table = expectTable(raw, key, report);
  if (!table) return undefined;
  const known = Object.keys(shape.fields);
  let failed = false;
  if (shape.denyUnknown) {
    for (const name of Object.keys(table)) {
      if (known.includes(name)) continue;
      const near = closest(name, known);
      report({
        severity: 'error',
        kind: 'unknown-key',
        key: `${key}.${keyPart(name)}`,
        message: `unknown field "${abbreviate(name)}": Codex rejects unknown fields in [${key}]`,
        suggestion: near !== undefined ? `did you mean "${near}"?` : `remove it; [${key}] accepts ${known.join(', ')}`,
      });
      failed = true;
    }
  } else {
    warnUnknownKeys(table, known, `${key}.`, report);
  }
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(shape.fields)) {
    if (table[name] === undefined) {
      if (shape.required?.includes(name)) {
        report({
          severity: 'error',
          kind: 'missing-key',
          key: `${key}.${name}`,
          message: `missing field \`${name}\``,
          suggestion: `add ${name} to ${key}`,
        });
        failed = true;
      }
      continue;
    }
    const value = readShape(field, table[name], `${key}.${name}`, report);
    if (value === undefined) failed = true;
    else out[name] = value;
  }
  return failed ? undefined : out;
}

/** Reads one value of a shape; every problem is reported, and any problem inside fails the whole value (undefined). */
export function readShape(shape: Shape, raw: unknown, key: string, report: Reporter): unknown {
  switch (shape.kind) {
    case 'bool':
      return expectBoolean(raw, key, report);
    case 'string':
      return expectString(raw, key, report);
    case 'enum':
      return expectEnum(raw, key, report, shape.values);
    case 'int':
      if (typeof raw === 'number' && Number.isInteger(raw) && raw >= shape.min) return raw;
      report({
        severity: 'error',
        kind: 'invalid-type',
        key,
        message: `invalid type: expected a whole number of at least ${shape.min}, found ${typeName(raw)}${typeof raw === 'number' ? ` ${raw}` : ''}`,
        suggestion: `write ${key} = ${Math.max(shape.min, 1)} or more`,
      });
      return undefined;
    case 'variant':
      return readVariant(shape, raw, key, report);
    case 'struct':
      return readStruct(shape, raw, key, report);
    case 'list': {
      const list = expectArray(raw, key, report);
      if (!list) return undefined;
      const items = list.map((item, i) => readShape(shape.of, item, `${key}[${i}]`, report));
      return items.some((item) => item === undefined) ? undefined : items;
    }
    case 'map': {
      const table = expectTable(raw, key, report);
      if (!table) return undefined;
      const entries = Object.entries(table).map(
        ([name, value]) => [name, readShape(shape.of, value, `${key}.${keyPart(name)}`, report)] as const,
      );
      return entries.some(([, value]) => value === undefined) ? undefined : Object.fromEntries(entries);
    }
  }
}

const asRecord = (value: unknown) => value as Readonly<Record<string, unknown>>;

/** The strict-layering meet of two values of a shape (either may be unset); see `Shape` for the rules. */
export function meetShape(shape: Shape, a: unknown, b: unknown): unknown {
  if (a === undefined) return b;
  if (b === undefined) return a;
  switch (shape.kind) {
    case 'bool':
      return shape.meet === 'and' ? a === true && b === true : shape.meet === 'or' ? a === true || b === true : a;
    case 'enum':
      return shape.strictest !== undefined && (a === shape.strictest || b === shape.strictest) ? shape.strictest : a;
    case 'string':
    case 'int':
    case 'variant':
      return a;
    case 'list': {
      const left = a as readonly unknown[];
      return [...left, ...(b as readonly unknown[]).filter((item) => !left.some((x) => deepEqual(x, item)))];
    }
    case 'struct':
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const name of new Set([...Object.keys(asRecord(a)), ...Object.keys(asRecord(b))])) {
        const field = shape.kind === 'map' ? shape.of : shape.fields[name];
        if (field) out[name] = meetShape(field, asRecord(a)[name], asRecord(b)[name]);
      }
      return out;
    }
  }
}

/** The JSON Schema of a shape. */
export function schemaOf(shape: Shape, description?: string): JsonSchema {
  const described = description === undefined ? {} : { description };
  switch (shape.kind) {
    case 'bool':
      return { type: 'boolean', ...described };
    case 'string':
      return { type: 'string', ...described };
    case 'enum':
      return { enum: [...shape.values], ...described };
    case 'int':
      return { type: 'integer', minimum: shape.min, ...described };
    case 'variant':
      return {
        oneOf: [
          { enum: [...shape.units] },
          {
            type: 'object',
            minProperties: 1,
            maxProperties: 1,
            properties: Object.fromEntries(shape.tables.map((t) => [t, { type: 'object' }])),
            additionalProperties: false,
          },
        ],
        ...described,
      };
    case 'list':
      return { type: 'array', items: schemaOf(shape.of), ...described };
    case 'map':
      return { type: 'object', additionalProperties: schemaOf(shape.of), ...described };
    case 'struct':
      return {
        type: 'object',
        properties: Object.fromEntries(Object.entries(shape.fields).map(([name, field]) => [name, schemaOf(field)])),
        ...(shape.required && { required: [...shape.required] }),
        ...(shape.denyUnknown && { additionalProperties: false }),
        ...described,
      };
  }
}
