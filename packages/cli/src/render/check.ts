import {
  describePattern,
  describeStep,
  explainMatch,
  type CommandCheck,
  type MatchedRule,
} from '@ratchet/plugin-command-rules';
import { decisionText, line, type Output } from '../output.js';
import type { WarningsJson } from './report.js';

/** `ratchet check` without `--json`: the decision, then each rule that matched and what could not be known. */
export function renderCheck(check: CommandCheck, out: Output): void {
  const note =
    check.decision === 'none' ? ' (no rule matched)' : check.reviewer === 'user' ? ' (only the user may approve)' : '';
  line(out, `decision: ${decisionText(out, check.decision)}${note}`);
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
    ...(m.rule.reviewer === 'user' && { rule_decision: 'prompt-user' }),
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

/** The `check --json` document for one answer. */
export function checkJson(check: CommandCheck, warnings: WarningsJson) {
  return {
    decision: check.decision,
    ...(check.reviewer && { reviewer: check.reviewer }),
    requirements_decision: check.requirements,
    matched_rules: check.matched.map(matchJson),
    opaque: check.opaque.map((o) => ({
      decision: 'prompt',
      reason: o.reason,
      command: o.command,
      ...(o.via.length > 0 && { via: o.via.map(describeStep) }),
    })),
    commands: check.commands,
    warnings,
  };
}
