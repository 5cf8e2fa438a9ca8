import { editConfig, renderValue } from '@ratchet/config-edit';
import { InputError, parseOverride, toPlain } from '@ratchet/core';
import { parseFlags, policyFlags, UsageError } from '../args.js';
import { configFlags } from '../command-table.js';
import { recordRefusedWrite } from '../decision-log.js';
import { currentPlatform, loadPolicy } from '../host.js';
import { line, type Output } from '../output.js';
import { warningsJson } from '../render/report.js';

/**
 * `ratchet config set KEY VALUE` and `ratchet config unset KEY`, with `--profile NAME` (edit
 * `profiles.NAME.KEY`) and `--file PATH` (default `--config`, else `$CODEX_HOME/config.toml`, else
 * `~/.codex/config.toml`): persists one edit to config.toml, keeping the rest of the file as it is, after
 * checking it against the requirements the policy flags load. VALUE is read like a `-c` override: TOML, else
 * a plain string. A refusal is an InputError (exit 2) and writes nothing.
 */
export async function configCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = parseFlags(args, configFlags);
  const [action, key, ...rest] = positionals;
  if (action !== 'set' && action !== 'unset') throw new UsageError('config needs "set KEY VALUE" or "unset KEY"');
  if (key === undefined || rest.length !== (action === 'set' ? 1 : 0)) {
    throw new UsageError(
      action === 'set'
        ? 'config set needs KEY VALUE (put -- before a VALUE that starts with -)'
        : 'config unset needs exactly one KEY',
    );
  }
  if (values.override.length > 0) throw new UsageError('config takes no -c overrides; give the value as VALUE');
  const profile = values.profile;
  if (profile !== undefined && !/^[A-Za-z0-9_-]+$/.test(profile))
    throw new UsageError(`"${profile}" is not a profile name (letters, digits, _ and -)`);
  const parsed = parseOverride(`${profile === undefined ? '' : `profiles.${profile}.`}${key}=${rest[0] ?? '""'}`);
  if (!parsed) throw new UsageError(`"${key}" is not a dotted key (for example features.fast_mode)`);
  const value = action === 'set' ? parsed.value : undefined;

  const policy = await loadPolicy(policyFlags(values), err);
  const path = values.file ?? values.config;
  const result = await editConfig(policy, [{ key: parsed.key, value }], {
    ...(path !== undefined && { path }),
    platform: currentPlatform(),
  }).catch((error: unknown) => {
    if (error instanceof InputError) recordRefusedWrite(policy, parsed.key, toPlain(value), error.diagnostics);
    throw error;
  });
  if (values.json) {
    const report = {
      action,
      key: parsed.key,
      ...(action === 'set' && { value: toPlain(value) }),
      path: result.path,
      changed: result.changed,
      warnings: warningsJson(policy.requirements.diagnostics),
    };
    line(out, JSON.stringify(report, null, 2));
  } else {
    line(
      out,
      action === 'set'
        ? `set ${parsed.key} = ${renderValue(value)} in ${result.path}`
        : `unset ${parsed.key} in ${result.path}`,
    );
  }
  return 0;
}
