import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultConfigPath, MAX_TOML_BYTES, systemRequirementsPath, throwIfErrors, type Diagnostic } from '@ratchet/core';
import { commandPolicy, describePattern, loadRulesFiles, RulesFileError, type CommandCheck, type RulesFileText } from '@ratchet/plugin-command-rules';
import { guard, policyFlags, policyOptions, UsageError } from '../args.js';
import { currentPlatform, loadPolicy, type PolicyFlags } from '../host.js';
import { line, type Output } from '../output.js';

const checkOptions = { ...policyOptions, rules: { type: 'string', multiple: true, default: [] as string[] } } satisfies ParseArgsConfig['options'];

function problem(file: string, key: string | undefined, kind: Diagnostic['kind'], message: string, suggestion: string): Diagnostic {
  return { kind, severity: 'error', source: file, ...(key !== undefined && { key }), message, suggestion, provider: 'command-rules' };
}

/** Reads a rules file named on the command line; a missing, unreadable or oversized file is invalid input. */
function readRules(path: string): RulesFileText {
  try {
    if (statSync(path).size > MAX_TOML_BYTES) {
      throwIfErrors([problem(path, undefined, 'too-large', `file is larger than ${MAX_TOML_BYTES} bytes`, 'keep rules files small')]);
    }
    return { path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throwIfErrors([problem(path, undefined, 'read-failed', `cannot read rules file (${code})`, 'check the path and its permissions')]);
    throw error;
  }
}

/** The `.rules` files of a folder, sorted by path (a missing folder has none). */
function rulesIn(folder: string): string[] {
  try {
    return readdirSync(folder).filter((f) => f.endsWith('.rules')).sort().map((f) => join(folder, f)).filter((f) => statSync(f).isFile());
  } catch {
    return [];
  }
}

/** `--rules` files, or else the rules folders beside the default requirements (system) and config (user). */
function userRulesFiles(named: readonly string[], flags: PolicyFlags): string[] {
  if (named.length > 0) return [...named];
  const platform = currentPlatform();
  const system = flags.requirements.length === 0 && !flags.noDefaultSources ? rulesIn(join(dirname(systemRequirementsPath(platform)), 'rules')) : [];
  return [...system, ...rulesIn(join(dirname(defaultConfigPath(platform)), 'rules'))];
}

function render(check: CommandCheck, out: Output): void {
  line(out, `decision: ${check.decision}${check.decision === 'none' ? ' (no rule matched)' : ''}`);
  for (const m of check.matched) {
    const where = `${m.rule.origin.file} ${m.rule.origin.at}`;
    const resolved = m.resolvedProgram ? ` (as ${m.resolvedProgram})` : '';
    line(out, `  ${m.rule.decision.padEnd(9)} ${describePattern(m.rule)}${resolved}  [${where}]${m.rule.justification ? `: ${m.rule.justification}` : ''}`);
  }
}

/** `ratchet check [--requirements FILE]... [--rules FILE]... [--json] -- COMMAND...`: may this command run? */
export async function checkCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = guard(() => parseArgs({ args: [...args], options: checkOptions, allowPositionals: true, strict: true }));
  if (positionals.length === 0) throw new UsageError('check needs a command after --, e.g. ratchet check -- git push');
  const flags = policyFlags(values);
  const policy = await loadPolicy(flags, err);
  const files = userRulesFiles(values.rules, flags).map(readRules);
  let user;
  try {
    user = loadRulesFiles(files, { homedir: currentPlatform().homedir });
  } catch (error) {
    if (!(error instanceof RulesFileError)) throw error;
    throwIfErrors([problem(error.file, `${error.line}:${error.column}`, 'invalid-value', error.reason, 'fix the rule; prefix_rule(pattern = [...], decision = "allow" | "prompt" | "forbidden")')]);
    throw error;
  }
  const check = commandPolicy(policy, user).check(positionals);
  if (values.json) {
    line(out, JSON.stringify({
      decision: check.decision,
      matched_rules: check.matched.map((m) => ({
        decision: m.rule.decision,
        pattern: describePattern(m.rule),
        matched_prefix: m.matchedPrefix,
        ...(m.resolvedProgram && { resolved_program: m.resolvedProgram }),
        ...(m.rule.justification !== undefined && { justification: m.rule.justification }),
        ...(m.rule.reviewer && { reviewer: m.rule.reviewer }),
        command: m.command,
        source: m.rule.origin.file,
        at: m.rule.origin.at,
      })),
      commands: check.commands,
    }, null, 2));
    return 0;
  }
  render(check, out);
  return 0;
}
