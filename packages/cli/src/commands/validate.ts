import { formatDiagnostic, InputError, isTable, readTomlFile, type Diagnostic } from '@ratchet/core';
import { isEvent, MATCHED_EVENTS } from '@ratchet/plugin-hooks';
import { parseFlags, UsageError } from '../args.js';
import { validateFlags } from '../command-table.js';
import { cliHost } from '../host.js';
import { colors, line, type Output } from '../output.js';
import { rulesFileProblems } from '../rules-files.js';

const isRulesFile = (file: string) => file.endsWith('.rules');

/** Loads requirements files as one policy (highest first, as `resolve` does); every diagnostic of the load. */
async function load(files: readonly string[], hostname: string | undefined): Promise<readonly Diagnostic[]> {
  const host = cliHost();
  const engine = host.engine(
    files.map((file) => host.requirementsFile(file)),
    hostname !== undefined ? { hostname: () => hostname } : {},
  );
  try {
    return (await engine.load()).requirements.diagnostics;
  } catch (error) {
    if (error instanceof InputError) return error.diagnostics;
    throw error;
  }
}

const hookWarning = (file: string, key: string, message: string, suggestion: string): Diagnostic => ({
  kind: 'invalid-value',
  severity: 'warning',
  source: file,
  key,
  message,
  suggestion,
  provider: 'hooks',
});

/**
 * Managed hooks that load but can never run as written, which Codex accepts silently: a matcher on an event that
 * ignores matchers (the hook runs for every such event, whatever the matcher says), and a group with no hook.
 */
function hookProblems(file: string): Diagnostic[] {
  const read = readTomlFile(file, 'absent', file, cliHost().readFile);
  const hooks = read?.ok ? read.table.hooks : undefined;
  if (!isTable(hooks)) return [];
  const problems: Diagnostic[] = [];
  for (const [event, groups] of Object.entries(hooks)) {
    if (!isEvent(event) || !Array.isArray(groups)) continue;
    for (const [i, group] of groups.entries()) {
      if (!isTable(group)) continue;
      const key = `hooks.${event}[${i}]`;
      const matcher = group.matcher;
      if (!MATCHED_EVENTS.has(event) && typeof matcher === 'string' && !['', '*'].includes(matcher))
        problems.push(
          hookWarning(
            file,
            `${key}.matcher`,
            `${event} ignores matchers: the matcher ${JSON.stringify(matcher)} never runs, and the group's hooks run on every ${event}`,
            `remove the matcher; matchers apply to ${[...MATCHED_EVENTS].join(', ')}`,
          ),
        );
      if (Array.isArray(group.hooks) ? group.hooks.length === 0 : group.hooks === undefined)
        problems.push(
          hookWarning(
            file,
            `${key}.hooks`,
            'this matcher group has no hook to run',
            'add a [[...hooks]] handler, or remove the group',
          ),
        );
    }
  }
  return problems;
}

const same = (a: Diagnostic, b: Diagnostic) => a.key === b.key && a.message === b.message && a.source === b.source;

interface Result {
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Every problem in each requirements file and `.rules` file, then the requirements files together as `resolve`
 * combines them (highest first), which reports what only shows between layers (two `managed_dir`s): the
 * `validate --json` document, and the exit status (2 for an error; with `strict`, 1 for a warning).
 */
export async function validateFiles(files: readonly string[], hostname: string | undefined, strict = false) {
  const results: Result[] = [];
  for (const file of files) {
    const diagnostics = isRulesFile(file)
      ? rulesFileProblems(file)
      : [...(await load([file], hostname)), ...hookProblems(file)];
    results.push({ file, diagnostics });
  }
  const layers = files.filter((f) => !isRulesFile(f));
  let together: Result | undefined;
  if (layers.length > 1) {
    const seen = results.flatMap((r) => r.diagnostics);
    const diagnostics = (await load(layers, hostname)).filter((d) => !seen.some((s) => same(s, d)));
    together = { file: layers.join(' > '), diagnostics };
  }
  const all = [...results, ...(together ? [together] : [])].flatMap((r) => r.diagnostics);
  const failed = all.some((d) => d.severity === 'error');
  const warned = all.some((d) => d.severity === 'warning');
  // A CI gate that fails on a misspelt key: --strict.
  const status = failed ? 2 : strict && warned ? 1 : 0;
  return { ok: status === 0, files: results, ...(together && { layers: together }), status };
}

/** `ratchet validate [--strict] FILE...`: see `validateFiles`; the exit status is its. */
export async function validateCommand(args: readonly string[], out: Output): Promise<number> {
  const { values, positionals } = parseFlags(args, validateFlags);
  if (positionals.length === 0) throw new UsageError('validate needs at least one FILE');
  const { status, ...report } = await validateFiles(positionals, values.hostname, values.strict);
  if (values.json) {
    line(out, JSON.stringify(report, null, 2));
    return status;
  }
  const c = colors(out);
  const print = ({ file, diagnostics }: Result, label: string) => {
    const shown = diagnostics.filter((d) => d.severity !== 'info');
    if (shown.length === 0) line(out, `${label}: ${c.green('ok')}`);
    for (const d of shown) {
      const severity = d.severity === 'error' ? c.red('error') : c.yellow(d.severity);
      line(out, `${severity}: ${formatDiagnostic({ ...d, source: d.source ?? file })}`);
    }
  };
  for (const r of report.files) print(r, r.file);
  if (report.layers) print(report.layers, `together (${report.layers.file})`);
  if (status === 1) line(out, `${c.yellow('strict')}: failing on the warnings above (exit 1)`);
  return status;
}
