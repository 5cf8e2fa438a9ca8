import { deepEqual, formatDiagnostic, formatValue, isTable, toPlain, type EffectiveEntry } from '@ratchet/core';
import { parsePolicyArgs, policyFlags, UsageError } from '../args.js';
import { recordReplaced } from '../decision-log.js';
import { resolveFlags } from '../host.js';
import { colors, line, widthOf, wrap, type Output } from '../output.js';
import { resolveJson } from '../render/report.js';
import { cell, MAX_CELL, table } from '../render/table.js';

const REPLACED = '  (replaced)';
/** A table the requirements changed part of (a server disabled, managed hooks added) was not replaced whole. */
const CHANGED = '  (changed)';

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
export async function resolveCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = parsePolicyArgs(args);
  if (positionals.length > 0) throw new UsageError(`resolve takes no arguments (got "${positionals[0]}")`);
  const { policy, resolved } = await resolveFlags(policyFlags(values), err);
  recordReplaced(policy, resolved);
  if (values.json) {
    line(out, JSON.stringify(resolveJson(policy, resolved), null, 2));
    return 0;
  }
  const shown = [...resolved.entries.values()].filter((e) => e.value !== undefined);
  // Members of a table (`features.*`) left at their defaults, unasked and unconstrained, are counted, not listed.
  const quiet = (e: EffectiveEntry) =>
    e.key.includes('.') &&
    !e.requested &&
    e.rule.startsWith('default') &&
    !e.constraints.some((c) => c.sources.length > 0);
  const folded = new Map<string, number>();
  for (const e of shown.filter(quiet)) folded.set(e.key.split('.')[0]!, (folded.get(e.key.split('.')[0]!) ?? 0) + 1);
  const rows = shown
    .filter((e) => !quiet(e))
    .map((e) => {
      const differs = e.requested !== undefined && !deepEqual(e.requested.value, e.value);
      const marker = !differs ? '' : isTable(e.value) && isTable(e.requested.value) ? CHANGED : REPLACED;
      // Shorten the value, not the marker: a long replaced value must still show that it was replaced.
      const shown = formatValue(toPlain(e.value));
      return [
        e.key,
        marker ? `${cell(shown, MAX_CELL - marker.length)}${marker}` : shown,
        requestedCell(e),
        constrainedCell(e),
      ];
    });
  const width = widthOf(out);
  const c = colors(out);
  line(out, table(['KEY', 'EFFECTIVE', 'REQUESTED', 'CONSTRAINED BY'], rows, { width, header: c.bold }));
  for (const [prefix, count] of folded) line(out, `${prefix}.*: ${count} more at their defaults (--json lists them)`);
  const warnings = resolved.diagnostics.filter((d) => d.severity === 'warning');
  const notices = resolved.diagnostics.filter((d) => d.severity === 'info');
  if (warnings.length > 0) {
    line(out, `\n${c.bold('Warnings:')}`);
    for (const d of warnings)
      line(out, `  ${c.yellow('!')} ${wrap(formatDiagnostic(d), width - 4, '    ').join('\n')}`);
  }
  if (notices.length > 0) {
    line(out, `\n${c.bold('Notices:')}`);
    for (const d of notices) line(out, `  - ${wrap(formatDiagnostic(d), width - 4, '    ').join('\n')}`);
  }
  return 0;
}
