import {
  closest,
  formatDiagnostic,
  formatValue,
  toPlain,
  UnknownKeyError,
  valueAt,
  type EffectiveEntry,
  type Policy,
  type Resolved,
} from '@ratchet/core';
import { parsePolicyArgs, policyFlags, UsageError } from '../args.js';
import { resolveFlags } from '../host.js';
import { line, type Output } from '../output.js';
import { provenanceJson, warningsJson } from '../render/report.js';

/** The effective entry at `key`, or the nearest one above it (`mcp_servers` for `mcp_servers.docs`) with the path below. */
function entryAt(resolved: Resolved, key: string): { entry: EffectiveEntry; path: string[] } | undefined {
  const parts = key.split('.');
  for (let n = parts.length; n > 0; n--) {
    const entry = resolved.entries.get(parts.slice(0, n).join('.'));
    if (entry && (n === parts.length || valueAt(entry.value, parts.slice(n)) !== undefined))
      return { entry, path: parts.slice(n) };
  }
  return undefined;
}

/** The key is neither an effective value nor a requirement: an error naming the closest known key. */
function unknownKey(policy: Policy, resolved: Resolved, key: string): UnknownKeyError {
  const known = [...new Set([...resolved.entries.keys(), ...policy.providers.flatMap((p) => p.requirementKeys)])];
  const near = closest(key, known);
  return new UnknownKeyError({
    kind: 'unknown-key',
    severity: 'error',
    key,
    message: `no effective value or requirement field is named "${key}"`,
    suggestion: near !== undefined ? `did you mean "${near}"?` : `use one of ${known.join(', ')}`,
  });
}

/** The `explain KEY --json` document: the story of an effective value, or the layers behind a requirement field. */
export function explainJson(policy: Policy, resolved: Resolved, key: string) {
  // The warnings about this key, and those about no key (a requirements source that was dropped).
  const warnings = warningsJson(resolved.diagnostics.filter((d) => d.key === undefined || d.key === key));
  const found = entryAt(resolved, key);
  if (found) {
    const { entry, path } = found;
    const story = provenanceJson(entry);
    return path.length > 0
      ? { key, value: toPlain(valueAt(entry.value, path)) ?? null, part_of: { key: entry.key, ...story }, warnings }
      : { key, ...story, warnings };
  }
  for (const provider of policy.providers) {
    if (!Object.hasOwn(provider.fields, key)) continue; // own keys only: `explain constructor` is not a field
    const combined = policy.requirementOf(provider);
    const value = (combined.value as Record<string, unknown>)[key];
    const sources = (combined.origins as Record<string, readonly { label: string }[] | undefined>)[key] ?? [];
    return {
      key,
      requirement: toPlain(value) ?? null,
      sources: sources.map((s) => s.label),
      provider: provider.id,
      warnings,
    };
  }
  // A requirement key with no field of its own (`remote_sandbox_config`) is folded into fields while each layer parses.
  const owner = policy.providers.find((p) => p.requirementKeys.includes(key));
  if (!owner) throw unknownKey(policy, resolved, key);
  const sources = policy.requirements.layers.filter((l) => l.keys.includes(key)).map((l) => l.source.label);
  return { key, requirement: null, sources, provider: owner.id, warnings };
}

/** `ratchet explain KEY`: the chain behind one effective value, or the layers behind one requirement field. */
export async function explainCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = parsePolicyArgs(args);
  const key = positionals[0];
  if (key === undefined || positionals.length > 1) throw new UsageError('explain takes exactly one KEY');
  const { policy, resolved } = await resolveFlags(policyFlags(values), err);
  if (values.json) return (line(out, JSON.stringify(explainJson(policy, resolved, key), null, 2)), 0);
  const found = entryAt(resolved, key);
  if (found) {
    const { entry, path } = found;
    const value = valueAt(entry.value, path);
    line(out, `${key} = ${value === undefined ? '(not set)' : formatValue(toPlain(value))}`);
    if (path.length > 0) line(out, `  part of: ${entry.key} (provider ${entry.provider})`);
    const asked = entry.requested;
    const askedValue = asked && valueAt(asked.value, path);
    line(
      out,
      asked && askedValue !== undefined
        ? `  requested: ${formatValue(toPlain(askedValue))} at ${[asked.origin.key, ...path].join('.')} in ${asked.origin.source} (${asked.origin.layer})`
        : '  requested: nothing (the default applies)',
    );
    for (const c of entry.constraints) {
      const where = c.sources.length > 0 ? `set by ${c.sources.join(', ')}` : 'not set by any layer';
      // For a part of a table (`mcp_servers.docs`), the matching part of the requirement when it has one.
      const part = path.length > 0 ? valueAt(c.value, path) : undefined;
      const [field, shown] = part !== undefined ? [[c.field, ...path].join('.'), part] : [c.field, c.value];
      line(out, `  constrained by: ${field} = ${shown === undefined ? '(unset)' : formatValue(shown)}, ${where}`);
    }
    line(out, `  rule: ${entry.rule}`);
    for (const d of resolved.diagnostics.filter((d) => d.key === key))
      line(out, `  ${d.severity}: ${formatDiagnostic(d)}`);
    return 0;
  }
  for (const provider of policy.providers) {
    if (!Object.hasOwn(provider.fields, key)) continue; // own keys only: `explain constructor` is not a field
    const combined = policy.requirementOf(provider);
    const value = (combined.value as Record<string, unknown>)[key];
    const sources = (combined.origins as Record<string, readonly { label: string }[] | undefined>)[key] ?? [];
    line(out, `${key} = ${value === undefined ? '(unset: unconstrained)' : formatValue(toPlain(value))}`);
    line(out, `  provider: ${provider.id}`);
    line(out, `  ${(provider.fields as Record<string, { docs: string }>)[key]!.docs}`);
    if (sources.length > 0) line(out, `  set by: ${sources.map((s) => s.label).join(', ')}`);
    return 0;
  }
  // A requirement key with no field of its own (`remote_sandbox_config`) is folded into fields while each layer parses.
  const owner = policy.providers.find((p) => p.requirementKeys.includes(key));
  if (owner) {
    const sources = policy.requirements.layers.filter((l) => l.keys.includes(key)).map((l) => l.source.label);
    line(out, `${key}: ${sources.length > 0 ? `set by ${sources.join(', ')}` : 'not set by any layer'}`);
    line(out, `  provider: ${owner.id}`);
    line(out, `  ${owner.docs.description}`);
    return 0;
  }
  throw unknownKey(policy, resolved, key);
}
