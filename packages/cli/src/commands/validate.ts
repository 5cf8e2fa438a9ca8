import { parseArgs } from 'node:util';
import { formatDiagnostic, InputError, type Diagnostic } from '@ratchet/core';
import { guard, UsageError } from '../args.js';
import { cliHost } from '../host.js';
import { line, type Output } from '../output.js';

const validateOptions = {
  hostname: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

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

/** Every problem in each requirements file: the `validate --json` document. */
export async function validateFiles(files: readonly string[], hostname: string | undefined) {
  const results: { file: string; diagnostics: readonly Diagnostic[] }[] = [];
  for (const file of files) results.push({ file, diagnostics: await check(file, hostname) });
  return { ok: !results.some((r) => r.diagnostics.some((d) => d.severity === 'error')), files: results };
}

/** `ratchet validate FILE...`: every problem in each requirements file; exit 2 if any is an error. */
export async function validateCommand(args: readonly string[], out: Output): Promise<number> {
  const { values, positionals } = guard(() =>
    parseArgs({ args: [...args], options: validateOptions, allowPositionals: true }),
  );
  if (positionals.length === 0) throw new UsageError('validate needs at least one FILE');
  const { ok, files: results } = await validateFiles(positionals, values.hostname);
  const failed = !ok;
  if (values.json) {
    line(out, JSON.stringify({ ok, files: results }, null, 2));
    return failed ? 2 : 0;
  }
  for (const { file, diagnostics } of results) {
    const shown = diagnostics.filter((d) => d.severity !== 'info');
    if (shown.length === 0) line(out, `${file}: ok`);
    for (const d of shown) line(out, `${d.severity}: ${formatDiagnostic({ ...d, source: d.source ?? file })}`);
  }
  return failed ? 2 : 0;
}
