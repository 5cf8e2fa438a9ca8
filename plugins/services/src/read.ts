import { abbreviate, closest, isTable, typeName, type Decision, type Reporter, type Table } from '@ratchet/core';
import { expected } from './values.js';

/** Reports a value of the wrong type in serde's words (`expected a sequence`), with the fix. */
export function wrongType(report: Reporter, key: string, what: string, raw: unknown, fix: string): undefined {
  report({
    severity: 'error',
    kind: 'invalid-type',
    key,
    message: `invalid type: ${typeName(raw)}${typeof raw === 'string' ? ` "${abbreviate(raw)}"` : ''}, expected ${what}`,
    suggestion: fix,
  });
  return undefined;
}

/** A list of strings (serde's `Vec<String>`): every entry a string, else undefined with each problem reported. */
export function readStrings(raw: unknown, key: string, report: Reporter): string[] | undefined {
  if (!Array.isArray(raw)) return wrongType(report, key, 'a sequence of strings', raw, `write ${key} = ["..."]`);
  let ok = true;
  const out = raw.map((item: unknown, i) => {
    if (typeof item === 'string') return item;
    ok = false;
    return wrongType(report, `${key}[${i}]`, 'a string', item, `write each entry of ${key} as a "string"`);
  });
  return ok ? (out as string[]) : undefined;
}

/** One value of a closed set, refused as serde refuses an unknown variant. */
export function readVariant<T extends string>(
  raw: unknown,
  key: string,
  values: readonly T[],
  report: Reporter,
): T | undefined {
  if (typeof raw !== 'string') return wrongType(report, key, `a string: ${expected(values)}`, raw, fix(key, values));
  const known = values.find((v) => v === raw);
  if (known !== undefined) return known;
  report({
    severity: 'error',
    kind: 'unknown-value',
    key,
    message: `unknown variant \`${abbreviate(raw)}\`, expected ${expected(values)}`,
    suggestion: fix(key, values),
  });
  return undefined;
}

const fix = (key: string, values: readonly string[]) =>
  `write ${key} as one of ${values.map((v) => `"${v}"`).join(', ')}`;

/**
 * A table whose fields serde denies when unknown (`deny_unknown_fields`): each unknown field is an error in Codex's
 * words, with the closest known field. Undefined (reported) when `raw` is not a table or has an unknown field.
 */
export function readClosedTable(
  raw: unknown,
  key: string,
  fields: readonly string[],
  report: Reporter,
): Table | undefined {
  if (!isTable(raw))
    return wrongType(report, key, `a table with ${expected(fields)}`, raw, `write [${key}] as a table`);
  let ok = true;
  for (const name of Object.keys(raw)) {
    if (fields.includes(name)) continue;
    ok = false;
    const near = closest(name, fields);
    report({
      severity: 'error',
      kind: 'unknown-key',
      key: `${key}.${name}`,
      message: `unknown field \`${abbreviate(name)}\`, expected ${expected(fields)} in \`${key}\``,
      suggestion: near !== undefined ? `did you mean "${near}"?` : `remove it; [${key}] accepts ${fields.join(', ')}`,
    });
  }
  return ok ? raw : undefined;
}

/** Reports a required field that is missing, as serde does (`missing field`). */
export function missingField(report: Reporter, key: string, field: string, fix: string): undefined {
  report({
    severity: 'error',
    kind: 'missing-key',
    key: `${key}.${field}`,
    message: `missing field \`${field}\` in \`${key}\``,
    suggestion: fix,
  });
  return undefined;
}

/** The layers that set a field, for messages (`/etc/codex/requirements.toml, cloud requirements`). */
export function setBy(sources: readonly { readonly label: string }[] | undefined): string {
  return (sources ?? []).map((s) => s.label).join(', ') || 'requirements';
}

/** The decision of a runtime value a whole-table requirement reports: the table with the field that set it, or unset. */
export function tableValue<T>(value: T | undefined, field: string, rule: string): Decision<T | undefined> {
  return value === undefined
    ? { value: undefined, rule: `no [${field}] requirement` }
    : { value, rule, constrainedBy: [field] };
}
