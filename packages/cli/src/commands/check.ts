import { setFlagsFromString } from 'node:v8';
import { formatDiagnostic, policyHash, throwIfErrors, type Diagnostic, type Policy } from '@ratchet/core';
import {
  COMMAND_RULES_PROVIDER,
  commandPolicy,
  describePattern,
  describeStep,
  explainMatch,
  type CommandCheck,
  type MatchedRule,
} from '@ratchet/plugin-command-rules';
import { DECISION_EXIT, parseFlags, policyFlags, UsageError } from '../args.js';
import { checkFlags } from '../command-table.js';
import { recordDecision, ruleAt } from '../decision-log.js';
import { cliHost, loadPolicy } from '../host.js';
import { decisionText, line, warnLine, type Output } from '../output.js';
import { warningsJson } from '../render/report.js';
import { readUserRules } from '../rules-files.js';

function render(check: CommandCheck, out: Output): void {
  line(out, `decision: ${decisionText(out, check.decision)}${check.decision === 'none' ? ' (no rule matched)' : ''}`);
  for (const m of check.matched) {
    const where = `${m.rule.origin.file} ${m.rule.origin.at}`;
    const resolved = m.resolvedProgram ? ` (as ${m.resolvedProgram})` : '';
    line(
      out,
      `  ${decisionText(out, m.decision)}${' '.repeat(Math.max(1, 10 - m.decision.length))}${describePattern(m.rule)}${resolved}  [${where}]${m.rule.justification ? `: ${m.rule.justification}` : ''}`,
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

/** `ratchet check [--requirements FILE]... [--rules FILE]... [--json] -- COMMAND...`: may this command run? */
export async function checkCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = parseFlags(args, checkFlags);
  if (positionals.length === 0) throw new UsageError('check needs a command after --, e.g. ratchet check -- git push');
  const flags = policyFlags(values);
  const policy = await loadPolicy(flags, err);
  const { rules: user, problem } = readUserRules(values.rules, flags);
  const warnings: Diagnostic[] = [...policy.requirements.diagnostics];
  if (problem) {
    // A rules file that does not parse never takes the requirements down with it: their decision stands. With no
    // requirements rules there is nothing to stand on, and the file is invalid input.
    if (requirementRuleCount(policy) === 0) throwIfErrors([problem]);
    const message = `failed to parse rules file: ${problem.message}; every user rule is ignored, requirements rules still apply`;
    warnings.push({ ...problem, severity: 'warning', message });
    warnLine(err, formatDiagnostic(warnings.at(-1)!));
  }
  // A script the fast reader cannot read loads the shell grammar first; a plain argv never does. A one-shot command
  // compiles the grammar's WebAssembly with the baseline compiler only: optimizing it would cost seconds of start-up.
  setFlagsFromString('--liftoff-only');
  const check = await commandPolicy(policy, user, {
    cwd: process.cwd(),
    homedir: cliHost().platform.homedir,
  }).checkAsync(positionals);
  recordDecision({
    kind: 'command',
    subject: positionals.join(' '),
    decision: check.decision,
    rules: check.matched.map((m) => ruleAt(describePattern(m.rule), m.rule.origin.file, m.rule.origin.at)),
    layers: [
      ...new Set(check.matched.filter((m) => m.rule.origin.kind === 'requirements').map((m) => m.rule.origin.file)),
    ],
    policy_hash: policyHash(policy.requirements),
    ...(check.opaque.length > 0 && { reason: check.opaque.map((o) => o.reason).join('; ') }),
  });
  if (values.json) {
    line(
      out,
      JSON.stringify(
        {
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
        },
        null,
        2,
      ),
    );
  } else render(check, out);
  return values['exit-code'] && check.decision in DECISION_EXIT
    ? DECISION_EXIT[check.decision as keyof typeof DECISION_EXIT]
    : 0;
}
