import {
  checkConfigWrite,
  defaultConfigPath,
  parseOverride,
  readTomlFile,
  throwIfErrors,
  toPlain,
} from '@ratchet/core';
import { parsePolicyArgs, policyFlags, UsageError } from '../args.js';
import { recordRefusedWrite } from '../decision-log.js';
import { cliHost, loadPolicy } from '../host.js';
import { line, type Output } from '../output.js';
import { warningsJson } from '../render/report.js';

/**
 * `ratchet check-write KEY=VALUE...`: whether a host may persist these edits to config.toml under the
 * requirements. Exit 0 when every edit may be written; exit 2, with one line per reason, when one is refused.
 */
export async function checkWriteCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = parsePolicyArgs(args);
  if (positionals.length === 0) throw new UsageError('check-write needs at least one KEY=VALUE');
  const edits = positionals.map((text) => {
    const edit = parseOverride(text);
    if (!edit) throw new UsageError(`"${text}" is not KEY=VALUE (for example features.personality=false)`);
    return edit;
  });
  const flags = policyFlags(values);
  const policy = await loadPolicy(flags, err);
  const host = cliHost();
  const path = flags.config ?? defaultConfigPath(host.platform);
  const read = readTomlFile(path, flags.config !== undefined ? 'error' : 'absent', path, host.readFile);
  if (read && !read.ok) throwIfErrors([read.diagnostic]);
  const verdict = checkConfigWrite(policy, { table: read?.ok ? read.table : {}, name: path }, edits);
  if (!verdict.ok)
    for (const edit of edits)
      recordRefusedWrite(
        policy,
        edit.key,
        toPlain(edit.value),
        verdict.problems.filter((p) => p.key === undefined || p.key === edit.key || p.key.startsWith(`${edit.key}.`)),
      );
  if (values.json) {
    const warnings = warningsJson(policy.requirements.diagnostics);
    line(out, JSON.stringify({ ok: verdict.ok, problems: verdict.ok ? [] : verdict.problems, warnings }, null, 2));
    return verdict.ok ? 0 : 2;
  }
  if (!verdict.ok) throwIfErrors(verdict.problems);
  line(out, `ok: ${edits.map((e) => e.key).join(', ')} may be written to ${path}`);
  return 0;
}
