import { setFlagsFromString } from 'node:v8';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { formatDiagnostic, throwIfErrors, type Diagnostic, type Policy } from '@ratchet/core';
import {
  COMMAND_RULES_PROVIDER,
  commandPolicy,
  describePattern,
  describeStep,
  explainMatch,
  type CommandCheck,
  type CommandPolicy,
  type MatchedRule,
} from '@ratchet/plugin-command-rules';
import { guard, policyFlags, policyOptions, UsageError } from '../args.js';
import { cliHost, loadPolicy } from '../host.js';
import { line, type Output } from '../output.js';
import { warningsJson } from '../render/report.js';
import { readUserRules, rulesOption } from '../rules-files.js';

const checkOptions = {
  ...policyOptions,
  ...rulesOption,
  batch: { type: 'boolean', default: false },
} satisfies ParseArgsConfig['options'];

function render(check: CommandCheck, out: Output): void {
  line(out, `decision: ${check.decision}${check.decision === 'none' ? ' (no rule matched)' : ''}`);
  for (const m of check.matched) {
    const where = `${m.rule.origin.file} ${m.rule.origin.at}`;
    const resolved = m.resolvedProgram ? ` (as ${m.resolvedProgram})` : '';
    line(
      out,
      `  ${m.decision.padEnd(9)} ${describePattern(m.rule)}${resolved}  [${where}]${m.rule.justification ? `: ${m.rule.justification}` : ''}`,
    );
    const why = explainMatch(m);
    if (why) line(out, `            ${why}`);
  }
  for (const o of check.opaque)
    line(out, `  prompt    ${o.reason}${o.via.length > 0 ? ` (${o.via.map(describeStep).join(', ')})` : ''}`);
}

const matchJson = (m: MatchedRule) => {
  const why = explainMatch(m);
  return {
    decision: m.decision,
    ...(m.decision !== m.rule.decision && { rule_decision: m.rule.decision }),
    pattern: describePattern(m.rule),
    matched_prefix: m.matchedPrefix,
    ...(m.resolvedProgram && { resolved_program: m.resolvedProgram }),
    ...(m.rule.justification !== undefined && { justification: m.rule.justification }),
    ...(m.rule.reviewer && { reviewer: m.rule.reviewer }),
    command: m.command,
    match: m.kind ?? (m.resolvedProgram !== undefined ? 'path' : 'prefix'),
    ...(m.via.length > 0 && { via: m.via.map(describeStep) }),
    ...(why && { why }),
    source: m.rule.origin.file,
    at: m.rule.origin.at,
  };
};

const requirementRuleCount = (policy: Policy) => policy.requirementOf(COMMAND_RULES_PROVIDER).value.rules?.length ?? 0;

/** What judges commands for one policy and the user's rules, with the warnings every answer carries. */
export interface CommandChecker {
  readonly commands: CommandPolicy;
  readonly warnings: readonly Diagnostic[];
}

/**
 * The checker for a loaded policy and the user's rules as `readUserRules` read them. A rules file that does not parse
 * never takes the requirements down with it: their decision stands, with a warning (written to `err`). With no
 * requirements rules there is nothing to stand on, and the file is invalid input.
 */
export function commandChecker(
  policy: Policy,
  { rules: user, problem }: ReturnType<typeof readUserRules>,
  err: Output,
): CommandChecker {
  const warnings: Diagnostic[] = [...policy.requirements.diagnostics];
  if (problem) {
    if (requirementRuleCount(policy) === 0) throwIfErrors([problem]);
    const message = `failed to parse rules file: ${problem.message}; every user rule is ignored, requirements rules still apply`;
    warnings.push({ ...problem, severity: 'warning', message });
    line(err, `ratchet: warning: ${formatDiagnostic(warnings.at(-1)!)}`);
  }
  return {
    commands: commandPolicy(policy, user, { cwd: process.cwd(), homedir: cliHost().platform.homedir }),
    warnings,
  };
}

/** The `check --json` document for one answer. */
export function checkJson(check: CommandCheck, warnings: readonly Diagnostic[]) {
  return {
    decision: check.decision,
    requirements_decision: check.requirements,
    matched_rules: check.matched.map(matchJson),
    opaque: check.opaque.map((o) => ({
      decision: 'prompt',
      reason: o.reason,
      command: o.command,
      ...(o.via.length > 0 && { via: o.via.map(describeStep) }),
    })),
    commands: check.commands,
    warnings: warningsJson(warnings),
  };
}

/** `ratchet check [--requirements FILE]... [--rules FILE]... [--json] -- COMMAND...`: may this command run? */
export async function checkCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = guard(() =>
    parseArgs({ args: [...args], options: checkOptions, allowPositionals: true, strict: true }),
  );
  if (values.batch && positionals.length > 0)
    throw new UsageError('check --batch reads commands from stdin, not after --');
  if (!values.batch && positionals.length === 0)
    throw new UsageError('check needs a command after --, e.g. ratchet check -- git push');
  const flags = policyFlags(values);
  const policy = await loadPolicy(flags, err);
  const checker = commandChecker(policy, readUserRules(values.rules, flags), err);
  // A script the fast reader cannot read loads the shell grammar first; a plain argv never does. A one-shot command
  // compiles the grammar's WebAssembly with the baseline compiler only: optimizing it would cost seconds of start-up.
  setFlagsFromString('--liftoff-only');
  if (values.batch) return (await import('./check-batch.js')).checkBatch(checker, process.stdin, out);
  const check = await checker.commands.checkAsync(positionals);
  if (values.json) {
    line(out, JSON.stringify(checkJson(check, checker.warnings), null, 2));
    return 0;
  }
  render(check, out);
  return 0;
}
