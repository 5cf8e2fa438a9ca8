import { formatDiagnostic, type SourceDetail, type SourceReport } from '@ratchet/core';
import { parsePolicyArgs, policyFlags, UsageError } from '../args.js';
import { cliHost } from '../host.js';
import { colors, line, warnLine, type Output } from '../output.js';
import { warningsJson } from '../render/report.js';
import { isConfigured, sourceSlotsFor, type Env, type SourceSlot } from '../sources.js';

/** What became of a source: not configured here, configured but absent, read (with layers), or dropped (and why). */
type Status = 'not-configured' | 'absent' | 'read' | 'dropped';

type Report = SourceReport & { readonly status: Status; readonly how?: string };

function statusOf(report: SourceReport): Status {
  if (report.layers > 0) return 'read';
  return report.diagnostics.some((d) => d.severity !== 'info') ? 'dropped' : 'absent';
}

/** Reads one source on its own, so a source that fails (or throws) never hides the others. */
async function report(slot: SourceSlot): Promise<Report> {
  const base = { id: slot.id, description: slot.description };
  if (!isConfigured(slot)) return { ...base, status: 'not-configured', how: slot.how, layers: 0, diagnostics: [] };
  let result: SourceReport;
  try {
    const loaded = await slot.load();
    result = {
      ...base,
      layers: loaded.layers.length,
      diagnostics: loaded.diagnostics,
      ...(loaded.detail && { detail: loaded.detail }),
    };
  } catch (error) {
    const message = `reading the source failed: ${(error as Error)?.message ?? String(error)}`;
    result = {
      ...base,
      layers: 0,
      diagnostics: [{ kind: 'read-failed', severity: 'error', source: slot.id, message }],
    };
  }
  return { ...result, status: statusOf(result) };
}

function statusLine(r: Report): string {
  const from = r.detail ? ` (${where(r.detail)})` : '';
  switch (r.status) {
    case 'not-configured':
      return `not configured: ${r.how}`;
    case 'absent':
      return `absent: nothing there, no layer${from}`;
    case 'read':
      return `read: ${r.layers} layer${r.layers === 1 ? '' : 's'}${from}`;
    case 'dropped':
      return `dropped: no layer${from}, because:`;
  }
}

/** `850 ms`, `12 s`, `4 min 12 s`, `2 h 5 min`. */
export function formatAge(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

function where(detail: SourceDetail): string {
  const age = detail.ageMs !== undefined && detail.from === 'cache' ? `, ${formatAge(detail.ageMs)} old` : '';
  switch (detail.from) {
    case 'cache':
      return `from the cache ${detail.location}${age}`;
    case 'network':
      return `fetched from ${detail.location} just now`;
    case 'preferences':
      return `from managed preferences ${detail.location}`;
    case 'env':
      return `from $${detail.location}`;
    case 'file':
      return `from ${detail.location}`;
  }
}

/**
 * `ratchet sources [policy flags] [--json]`: every requirements source looked for, in precedence order (highest
 * first), with its status: not configured (and how to configure it), absent, read (how many layers, where from and,
 * for cloud, how old) or dropped (and why). Sources are read one by one, so
 * all are listed even when one fails. Exit 0 when no source reported an error, 2 otherwise.
 * The cloud and MDM sources are configured from the environment (see `SOURCE_ENV` in ../sources.ts).
 */
export async function sourcesCommand(
  args: readonly string[],
  out: Output,
  err: Output,
  env: Env = process.env,
): Promise<number> {
  const { values, positionals } = parsePolicyArgs(args);
  if (positionals.length > 0) throw new UsageError(`sources takes no arguments (got "${positionals[0]}")`);
  const flags = policyFlags(values);
  const reports = await Promise.all(sourceSlotsFor(flags, cliHost(), env).map(report));
  const ok = !reports.some((r) => r.diagnostics.some((d) => d.severity === 'error'));
  // As every command that loads the requirements does: each warning also on stderr, whatever the output format.
  for (const d of reports.flatMap((r) => r.diagnostics))
    if (d.severity === 'warning') warnLine(err, formatDiagnostic(d));
  if (values.json) {
    line(
      out,
      JSON.stringify({ ok, sources: reports, warnings: warningsJson(reports.flatMap((r) => r.diagnostics)) }, null, 2),
    );
    return ok ? 0 : 2;
  }
  if (reports.length === 0) line(out, 'no requirements sources (--no-default-sources: the default ones are not read)');
  const c = colors(out);
  const paint = { 'not-configured': c.dim, absent: c.dim, read: c.green, dropped: c.red } as const;
  for (const r of reports) {
    line(out, `${c.bold(r.id)}`);
    line(out, `  ${r.description}`);
    line(out, `  ${paint[r.status](statusLine(r))}`);
    for (const d of r.diagnostics)
      line(out, `  ${d.severity === 'info' ? 'note' : d.severity}: ${formatDiagnostic(d)}`);
  }
  return ok ? 0 : 2;
}
