import { formatDiagnostic, type RequirementsSourceLoader, type SourceDetail, type SourceReport } from '@ratchet/core';
import { parsePolicyArgs, policyFlags, UsageError } from '../args.js';
import { cliHost } from '../host.js';
import { line, warnLine, type Output } from '../output.js';
import { warningsJson } from '../render/report.js';
import { sourcesFor, type Env } from '../sources.js';

/** Reads one source on its own, so a source that fails (or throws) never hides the others. */
async function report(source: RequirementsSourceLoader): Promise<SourceReport> {
  const base = { id: source.id, description: source.description };
  try {
    const result = await source.load();
    return {
      ...base,
      layers: result.layers.length,
      diagnostics: result.diagnostics,
      ...(result.detail && { detail: result.detail }),
    };
  } catch (error) {
    const message = `reading the source failed: ${(error as Error)?.message ?? String(error)}`;
    return {
      ...base,
      layers: 0,
      diagnostics: [{ kind: 'read-failed', severity: 'error', source: source.id, message }],
    };
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
 * `ratchet sources [policy flags] [--json]`: every requirements source in precedence order (highest first), whether
 * it produced a layer, where from (and, for cloud, how old), and its problems. Sources are read one by one, so
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
  const sources = sourcesFor(policyFlags(values), cliHost(), env);
  const reports = await Promise.all(sources.map(report));
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
  if (reports.length === 0) line(out, 'no requirements sources');
  for (const r of reports) {
    line(out, `${r.id}`);
    line(out, `  ${r.description}`);
    const from = r.detail ? ` (${where(r.detail)})` : '';
    line(out, `  layer: ${r.layers > 0 ? 'yes' : 'none'}${from}`);
    for (const d of r.diagnostics)
      line(out, `  ${d.severity === 'info' ? 'note' : d.severity}: ${formatDiagnostic(d)}`);
  }
  return ok ? 0 : 2;
}
