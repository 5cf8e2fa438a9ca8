import { closest, formatDiagnostic, formatValue, toPlain, UnknownKeyError } from '@ratchet/core';
import { parsePolicyArgs, policyFlags, UsageError } from '../args.js';
import { resolveFlags } from '../host.js';
import { line, type Output } from '../output.js';
import { provenanceJson } from '../render/report.js';

/** `ratchet explain KEY`: the chain behind one effective value, or the layers behind one requirement field. */
export async function explainCommand(args: readonly string[], out: Output): Promise<number> {
  const { values, positionals } = parsePolicyArgs(args);
  const key = positionals[0];
  if (key === undefined || positionals.length > 1) throw new UsageError('explain takes exactly one KEY');
  const { policy, resolved } = await resolveFlags(policyFlags(values));
  const entry = resolved.entries.get(key);
  if (entry) {
    if (values.json) return line(out, JSON.stringify({ key, ...provenanceJson(entry) }, null, 2)), 0;
    line(out, `${key} = ${formatValue(toPlain(entry.value))}`);
    const asked = entry.requested;
    line(out, asked
      ? `  requested: ${formatValue(toPlain(asked.value))} at ${asked.origin.key} in ${asked.origin.source} (${asked.origin.layer})`
      : '  requested: nothing (the default applies)');
    for (const c of entry.constraints) {
      const where = c.sources.length > 0 ? `set by ${c.sources.join(', ')}` : 'not set by any layer';
      line(out, `  constrained by: ${c.field} = ${c.value === undefined ? '(unset)' : formatValue(c.value)}, ${where}`);
    }
    line(out, `  rule: ${entry.rule}`);
    for (const d of resolved.diagnostics.filter((d) => d.key === key)) line(out, `  ${d.severity}: ${formatDiagnostic(d)}`);
    return 0;
  }
  for (const provider of policy.providers) {
    if (!Object.hasOwn(provider.fields, key)) continue; // own keys only: `explain constructor` is not a field
    const combined = policy.requirementOf(provider.id);
    const value = (combined.value as Record<string, unknown>)[key];
    const sources = (combined.origins as Record<string, readonly { label: string }[] | undefined>)[key] ?? [];
    if (values.json) return line(out, JSON.stringify({ key, requirement: toPlain(value) ?? null, sources: sources.map((s) => s.label), provider: provider.id }, null, 2)), 0;
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
    if (values.json) return line(out, JSON.stringify({ key, requirement: null, sources, provider: owner.id }, null, 2)), 0;
    line(out, `${key}: ${sources.length > 0 ? `set by ${sources.join(', ')}` : 'not set by any layer'}`);
    line(out, `  provider: ${owner.id}`);
    line(out, `  ${owner.docs.description}`);
    return 0;
  }
  const known = [...new Set([...resolved.entries.keys(), ...policy.providers.flatMap((p) => p.requirementKeys)])];
  const near = closest(key, known);
  throw new UnknownKeyError({
    kind: 'unknown-key',
    severity: 'error',
    key,
    message: `no effective value or requirement field is named "${key}"`,
    suggestion: near !== undefined ? `did you mean "${near}"?` : `use one of ${known.join(', ')}`,
  });
}
