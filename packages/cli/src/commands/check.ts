import { parseArgs, type ParseArgsConfig } from 'node:util';
import { commandPolicy, describePattern, type CommandCheck } from '@ratchet/plugin-command-rules';
import { guard, policyFlags, policyOptions, UsageError } from '../args.js';
import { loadPolicy } from '../host.js';
import { line, type Output } from '../output.js';
import { warningsJson } from '../render/report.js';
import { loadUserRules, rulesOption } from '../rules-files.js';

const checkOptions = { ...policyOptions, ...rulesOption } satisfies ParseArgsConfig['options'];

function render(check: CommandCheck, out: Output): void {
  line(out, `decision: ${check.decision}${check.decision === 'none' ? ' (no rule matched)' : ''}`);
  for (const m of check.matched) {
    const where = `${m.rule.origin.file} ${m.rule.origin.at}`;
    const resolved = m.resolvedProgram ? ` (as ${m.resolvedProgram})` : '';
    line(
      out,
      `  ${m.rule.decision.padEnd(9)} ${describePattern(m.rule)}${resolved}  [${where}]${m.rule.justification ? `: ${m.rule.justification}` : ''}`,
    );
  }
}

/** `ratchet check [--requirements FILE]... [--rules FILE]... [--json] -- COMMAND...`: may this command run? */
export async function checkCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = guard(() =>
    parseArgs({ args: [...args], options: checkOptions, allowPositionals: true, strict: true }),
  );
  if (positionals.length === 0) throw new UsageError('check needs a command after --, e.g. ratchet check -- git push');
  const flags = policyFlags(values);
  const policy = await loadPolicy(flags, err);
  const user = loadUserRules(values.rules, flags);
  const check = commandPolicy(policy, user).check(positionals);
  if (values.json) {
    line(
      out,
      JSON.stringify(
        {
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
          warnings: warningsJson(policy.requirements.diagnostics),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  render(check, out);
  return 0;
}
