import { DiagnosticBag, type Diagnostic, type Reporter } from '../diagnostics/diagnostic.js';
import { InputError } from '../diagnostics/errors.js';
import { loadUserConfig } from '../config/user-config.js';
import type { AnyProvider, SettingSpec } from '../provider/contract.js';
import { isTable, valueAt, type Table } from '../shape/shape.js';
import { deepEqual, formatValue, toPlain } from '../shape/values.js';
import type { EffectiveEntry } from './effective.js';
import type { Policy } from './policy.js';

/** One change a host wants to persist to config.toml: a dotted key (`features.fast_mode`, `profiles.work.sandbox_mode`) and its new value; `undefined` removes the key. */
export interface ConfigEdit {
  readonly key: string;
  readonly value: unknown;
}

/** The verdict on a set of edits: accepted, or refused with one error diagnostic per reason. */
export type WriteCheck = { readonly ok: true } | { readonly ok: false; readonly problems: readonly Diagnostic[] };

const KEY = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * A copy of `table` with the edit applied; only the tables along the edited path are copied. Copies have a null
 * prototype (as config tables do), so a key such as `__proto__` is an ordinary key, not Object.prototype.
 */
function withEdit(table: Table, path: readonly string[], value: unknown): Table {
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, table);
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
  } else {
    const below = Object.hasOwn(table, head) ? table[head] : undefined;
    copy[head] = withEdit(isTable(below) ? below : (Object.create(null) as Table), rest, value);
  }
  return copy;
}

/** The settings (with their provider) that read a config key at, under or above `relative`; `''` relates to every key. */
function* settingsRelatedTo(providers: readonly AnyProvider[], relative: string) {
  const related = (k: string) =>
    relative === '' || k === relative || k.startsWith(`${relative}.`) || relative.startsWith(`${k}.`);
  for (const provider of providers) {
    for (const [name, spec] of Object.entries(provider.settings) as [string, SettingSpec<unknown>][]) {
      const keys = [spec.configKey, ...(spec.legacyKeys ?? []).map((l) => l.configKey)].filter(related);
      if (keys.length > 0) yield { provider, name, spec, keys };
    }
  }
}

/** The value a setting would take from `raw` written at exactly `key` (its config key or a legacy key), normalized. */
function writtenValue(
  provider: AnyProvider,
  name: string,
  spec: SettingSpec<unknown>,
  key: string,
  raw: unknown,
  report: Reporter,
) {
  const legacy = spec.legacyKeys?.find((l) => l.configKey === key);
  const value = legacy ? legacy.read(raw, key, report) : spec.parse(raw, key, report);
  return value === undefined ? undefined : (provider.normalize({ [name]: value }) as Record<string, unknown>)[name];
}

function refusal(key: string, asked: unknown, entry: EffectiveEntry): string {
  const effective = formatValue(toPlain(entry.value));
  const by = entry.constraints.filter((c) => c.sources.length > 0);
  if (by.length === 0)
    return `${key} = ${formatValue(asked)} would not take effect: the effective value would be ${effective} (${entry.rule})`;
  const requirements = by
    .map((c) => `${c.field} = ${formatValue(c.value)} (set by ${c.sources.join(', ')})`)
    .join('; ');
  return `${key} = ${formatValue(asked)} is refused by ${requirements}: the effective value would be ${effective}`;
}

/**
 * Checks edits a host is about to persist to config.toml before it writes them: each scope an edit touches
 * (the top level, or `profiles.<name>`) is resolved with the edits applied, and the write is refused when that
 * resolution fails (for example pins that can no longer all hold) or when an edited setting would not take
 * the written value (a requirement decides it). Nothing is written here.
 */
export function checkConfigWrite(
  policy: Policy,
  file: { readonly table: Table; readonly name: string },
  edits: readonly ConfigEdit[],
): WriteCheck {
  const bag = new DiagnosticBag(file.name);
  let next = file.table;
  for (const edit of edits) {
    if (!KEY.test(edit.key))
      bag.report({
        severity: 'error',
        kind: 'invalid-value',
        key: edit.key,
        message: 'a config key is dotted bare words',
        suggestion: 'write a key such as features.fast_mode',
      });
    else next = withEdit(next, edit.key.split('.'), edit.value);
  }
  if (bag.hasErrors) return { ok: false, problems: bag.items };

  const scopes = new Map<string | undefined, ConfigEdit[]>();
  const add = (profile: string | undefined, edit: ConfigEdit) =>
    scopes.set(profile, [...(scopes.get(profile) ?? []), edit]);
  for (const edit of edits) {
    // A whole [profiles] table is checked profile by profile, each as a whole-table edit.
    if (edit.key === 'profiles' && isTable(next.profiles)) {
      for (const name of Object.keys(next.profiles)) add(name, { key: `profiles.${name}`, value: next.profiles[name] });
    } else {
      add(/^profiles\.([A-Za-z0-9_-]+)(\.|$)/.exec(edit.key)?.[1], edit);
    }
  }
  const problems: Diagnostic[] = [];
  const refused = new Set<string>();
  const refuse = (key: string, asked: unknown, entry: EffectiveEntry) => {
    if (refused.has(key)) return;
    refused.add(key);
    const fix = isTable(entry.value)
      ? 'leave it out, or ask the administrator to change the requirement'
      : `write ${key} = ${formatValue(toPlain(entry.value))}, or leave it unset`;
    bag.report({
      severity: 'error',
      kind: 'disallowed-value',
      key,
      message: refusal(key, asked, entry),
      suggestion: fix,
    });
  };
  for (const [profile, scoped] of scopes) {
    // The top level is checked as written; a profile is selected as the host selects one (a legacy `profile` key in
    // the file is left out here: loading the file as it is refuses it).
    const { profile: _selected, ...top } = next;
    let resolved;
    try {
      const config = loadUserConfig({
        file: { table: top, name: file.name },
        ...(profile !== undefined && { profile }),
      });
      resolved = policy.resolve(config);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.errors);
      continue;
    }
    const prefix = profile === undefined ? '' : `profiles.${profile}.`;
    for (const edit of scoped) {
      // `profiles.<name>` itself (a whole profile table) relates to every setting: its relative key is ''.
      const relative = edit.key.slice(prefix.length);
      for (const { provider, name, spec, keys } of settingsRelatedTo(policy.providers, relative)) {
        const entry = resolved.entries.get(name);
        if (!entry) continue;
        const asked = entry.requested;
        // The edit supplied the value this setting requests (at its key, below it, or in a table above it)...
        const from = asked && keys.find((k) => asked.origin.key === `${prefix}${k}`);
        if (asked && from !== undefined) {
          const wanted = (provider.normalize({ [name]: asked.value }) as Record<string, unknown>)[name];
          // An edit inside a table-valued setting (`mcp_servers.docs.enabled`) is judged on that part only.
          const part = relative.startsWith(`${from}.`) ? relative.slice(from.length + 1).split('.') : [];
          const [mine, theirs] = [valueAt(wanted, part), valueAt(entry.value, part)];
          const judged =
            mine === undefined && theirs === undefined
              ? { mine: wanted, theirs: entry.value, key: asked.origin.key }
              : { mine, theirs, key: [asked.origin.key, ...part].join('.') };
          if (!deepEqual(judged.theirs, judged.mine))
            refuse(judged.key, toPlain(judged.mine), { ...entry, value: judged.theirs });
          continue;
        }
        // ...or was written at exactly one of its keys and shadowed by another spelling.
        if (edit.value === undefined || !keys.includes(relative)) continue;
        const written = new DiagnosticBag(file.name);
        const wanted = writtenValue(provider, name, spec, relative, edit.value, written.report);
        problems.push(...written.items.filter((d) => d.severity === 'error'));
        if (wanted !== undefined && !deepEqual(entry.value, wanted)) refuse(edit.key, toPlain(edit.value), entry);
      }
    }
  }
  problems.push(...bag.items);
  return problems.length > 0 ? { ok: false, problems } : { ok: true };
}
