import {
  checkConfigWrite,
  defaultConfigPath,
  parseOverride,
  readTomlFile,
  throwIfErrors,
  toPlain,
  type Policy,
  type Table,
} from '@ratchet/core';
import { parsePolicyArgs, policyFlags, UsageError } from '../args.js';
import { recordRefusedWrite } from '../decision-log.js';
import { cliHost, loadPolicy, type PolicyFlags } from '../host.js';
import { line, type Output } from '../output.js';
import { warningsJson } from '../render/report.js';

/** `KEY=VALUE` edits, as `-c` overrides are read. */
export function parseEdits(texts: readonly string[]) {
  return texts.map((text) => {
    const edit = parseOverride(text);
    if (!edit) throw new UsageError(`"${text}" is not KEY=VALUE (for example features.fast_mode=false)`);
    return edit;
  });
}

/** The config.toml the flags name (or the default one, absent meaning empty), as check-write reads it. */
export function configFileFor(flags: PolicyFlags): { table: Table; name: string } {
  const host = cliHost();
  const path = flags.config ?? defaultConfigPath(host.platform);
  const read = readTomlFile(path, flags.config !== undefined ? 'error' : 'absent', path, host.readFile);
  if (read && !read.ok) throwIfErrors([read.diagnostic]);
  return { table: read?.ok ? read.table : {}, name: path };
}

/** Judges `edits` to `file` under the policy, recording each refused edit in the decision log. */
export function judgeWrite(policy: Policy, file: { table: Table; name: string }, edits: ReturnType<typeof parseEdits>) {
  const verdict = checkConfigWrite(policy, file, edits);
  if (!verdict.ok)
    for (const edit of edits)
      recordRefusedWrite(
        policy,
        edit.key,
        toPlain(edit.value),
        verdict.problems.filter((p) => p.key === undefined || p.key === edit.key || p.key.startsWith(`${edit.key}.`)),
      );
  return verdict;
}

/** The `check-write --json` document. */
export function checkWriteJson(policy: Policy, verdict: ReturnType<typeof checkConfigWrite>) {
  const warnings = warningsJson(policy.requirements.diagnostics);
  return { ok: verdict.ok, problems: verdict.ok ? [] : verdict.problems, warnings };
}

/**
 * `ratchet check-write KEY=VALUE...`: whether a host may persist these edits to config.toml under the
 * requirements. Exit 0 when every edit may be written; exit 2, with one line per reason, when one is refused.
 */
export async function checkWriteCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = parsePolicyArgs(args);
  if (positionals.length === 0) throw new UsageError('check-write needs at least one KEY=VALUE');
  const edits = parseEdits(positionals);
  const flags = policyFlags(values);
  const policy = await loadPolicy(flags, err);
  const file = configFileFor(flags);
  const verdict = judgeWrite(policy, file, edits);
  if (values.json) {
    line(out, JSON.stringify(checkWriteJson(policy, verdict), null, 2));
    return verdict.ok ? 0 : 2;
  }
  if (!verdict.ok) throwIfErrors(verdict.problems);
  line(out, `ok: ${edits.map((e) => e.key).join(', ')} may be written to ${file.name}`);
  return 0;
}
