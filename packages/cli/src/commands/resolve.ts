import { deepEqual, formatDiagnostic, formatValue, toPlain, type EffectiveEntry } from '@ratchet/core';
import { parsePolicyArgs, policyFlags, UsageError } from '../args.js';
import { resolveFlags } from '../host.js';
import { line, type Output } from '../output.js';
import { resolveJson } from '../render/report.js';
import { cell, MAX_CELL, table } from '../render/table.js';

const REPLACED = '  (replaced)';

function requestedCell(entry: EffectiveEntry): string {
  if (!entry.requested) return '-';
  return `${formatValue(toPlain(entry.requested.value))} (${entry.requested.origin.key})`;
}

function constrainedCell(entry: EffectiveEntry): string {
  const parts = entry.constraints
    .filter((c) => c.sources.length > 0)
    .map((c) => `${c.field} (${c.sources.join(', ')})`);
  return parts.join('; ') || '-';
}

/** `ratchet resolve`: the effective configuration, as JSON or as a table with warnings. */
export async function resolveCommand(args: readonly string[], out: Output): Promise<number> {
  const { values, positionals } = parsePolicyArgs(args);
  if (positionals.length > 0) throw new UsageError(`resolve takes no arguments (got "${positionals[0]}")`);
  const { policy, resolved } = await resolveFlags(policyFlags(values));
  if (values.json) {
    line(out, JSON.stringify(resolveJson(policy, resolved), null, 2));
    return 0;
  }
  const rows = [...resolved.entries.values()]
    .filter((e) => e.value !== undefined)
    .map((e) => {
      const replaced = e.requested !== undefined && !deepEqual(e.requested.value, e.value);
      // Shorten the value, not the marker: a long replaced value must still show that it was replaced.
      const shown = formatValue(toPlain(e.value));
      return [e.key, replaced ? `${cell(shown, MAX_CELL - REPLACED.length)}${REPLACED}` : shown, requestedCell(e), constrainedCell(e)];
    });
  line(out, table(['KEY', 'EFFECTIVE', 'REQUESTED', 'CONSTRAINED BY'], rows));
  const warnings = resolved.diagnostics.filter((d) => d.severity === 'warning');
  const notices = resolved.diagnostics.filter((d) => d.severity === 'info');
  if (warnings.length > 0) {
    line(out, '\nWarnings:');
    for (const d of warnings) line(out, `  ! ${formatDiagnostic(d)}`);
  }
  if (notices.length > 0) {
    line(out, '\nNotices:');
    for (const d of notices) line(out, `  - ${formatDiagnostic(d)}`);
  }
  return 0;
}
