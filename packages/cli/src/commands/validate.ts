import { formatDiagnostic, InputError, type Diagnostic } from '@ratchet/core';
import { parseFlags, UsageError } from '../args.js';
import { validateFlags } from '../command-table.js';
import { cliHost } from '../host.js';
import { colors, line, type Output } from '../output.js';

async function check(file: string, hostname: string | undefined): Promise<readonly Diagnostic[]> {
  const host = cliHost();
  const engine = host.engine([host.requirementsFile(file)], hostname !== undefined ? { hostname: () => hostname } : {});
  try {
    return (await engine.load()).requirements.diagnostics;
  } catch (error) {
    if (error instanceof InputError) return error.diagnostics;
    throw error;
  }
}

/** `ratchet validate FILE...`: every problem in each requirements file; exit 2 if any is an error. */
export async function validateCommand(args: readonly string[], out: Output): Promise<number> {
  const { values, positionals } = parseFlags(args, validateFlags);
  if (positionals.length === 0) throw new UsageError('validate needs at least one FILE');
  const results: { file: string; diagnostics: readonly Diagnostic[] }[] = [];
  for (const file of positionals) results.push({ file, diagnostics: await check(file, values.hostname) });
  const failed = results.some((r) => r.diagnostics.some((d) => d.severity === 'error'));
  const warned = results.some((r) => r.diagnostics.some((d) => d.severity === 'warning'));
  // 2 for an error; with --strict, 1 for a warning (a CI gate that fails on a misspelt key).
  const status = failed ? 2 : values.strict && warned ? 1 : 0;
  if (values.json) {
    line(out, JSON.stringify({ ok: status === 0, files: results }, null, 2));
    return status;
  }
  const c = colors(out);
  for (const { file, diagnostics } of results) {
    const shown = diagnostics.filter((d) => d.severity !== 'info');
    if (shown.length === 0) line(out, `${file}: ${c.green('ok')}`);
    for (const d of shown) {
      const label = d.severity === 'error' ? c.red('error') : c.yellow(d.severity);
      line(out, `${label}: ${formatDiagnostic({ ...d, source: d.source ?? file })}`);
    }
  }
  return status;
}
