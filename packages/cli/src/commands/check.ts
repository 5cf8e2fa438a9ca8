import { formatDiagnostic, policyHash, throwIfErrors, type Diagnostic, type Policy } from '@ratchet/core';
import { COMMAND_RULES_PROVIDER, commandPolicy, describePattern, type UserRules } from '@ratchet/plugin-command-rules';
import { checkFlags, parseFlags, policyFlags, UsageError } from '../args.js';
import { decisionLogOn, recordDecision, requiredExporter, ruleAt } from '../decision-log.js';
import { cliHost, loadPolicy, usesThirdPartyPlugins } from '../host.js';
import { warnLine, type Output } from '../output.js';
import { warningsJson } from '../render/report.js';
import { compiledCheckKey, writeCompiledCheck } from '../check-cache.js';
import { answerCheck, type CommandChecker } from './check-answer.js';
import { readUserRules } from '../rules-files.js';

const requirementRuleCount = (policy: Policy) => policy.requirementOf(COMMAND_RULES_PROVIDER).value.rules?.length ?? 0;

/**
 * The checker for a loaded policy and the user's rules as `readUserRules` read them. A rules file that does not parse
 * never takes the requirements down with it: their decision stands, with a warning (written to `err`). With no
 * requirements rules there is nothing to stand on, and the file is invalid input.
 */
export function commandChecker(
  policy: Policy,
  { rules: user, problem }: ReturnType<typeof readUserRules>,
  err: Output,
): CommandChecker & { readonly compiled: UserRules } {
  const warnings: Diagnostic[] = [...policy.requirements.diagnostics];
  if (problem) {
    if (requirementRuleCount(policy) === 0) throwIfErrors([problem]);
    const message = `failed to parse rules file: ${problem.message}; every user rule is ignored, requirements rules still apply`;
    warnings.push({ ...problem, severity: 'warning', message });
    warnLine(err, formatDiagnostic(warnings.at(-1)!));
  }
  const commands = commandPolicy(policy, user, { cwd: process.cwd(), homedir: cliHost().platform.homedir });
  const required = policy.requirementOf(COMMAND_RULES_PROVIDER).value.rules ?? [];
  return {
    commands,
    warnings: warningsJson(warnings),
    // What `commands` was made from: requirements rules, then the user's (what the compiled-rules cache keeps).
    compiled: { ...user, rules: [...required, ...user.rules] },
    record: (argv, check) =>
      decisionLogOn() &&
      recordDecision({
        kind: 'command',
        subject: argv.join(' '),
        decision: check.decision,
        rules: check.matched.map((m) => ruleAt(describePattern(m.rule), m.rule.origin.file, m.rule.origin.at)),
        layers: [
          ...new Set(check.matched.filter((m) => m.rule.origin.kind === 'requirements').map((m) => m.rule.origin.file)),
        ],
        policy_hash: policyHash(policy.requirements),
        ...(check.opaque.length > 0 && { reason: check.opaque.map((o) => o.reason).join('; ') }),
      }),
  };
}

/** `ratchet check [--requirements FILE]... [--rules FILE]... [--json] -- COMMAND...`: may this command run? */
export async function checkCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = parseFlags(args, checkFlags);
  if (values.batch && positionals.length > 0)
    throw new UsageError('check --batch reads commands from stdin, not after --');
  if (!values.batch && positionals.length === 0)
    throw new UsageError('check needs a command after --, e.g. ratchet check -- git push');
  const flags = policyFlags(values);
  // The compiled-rules cache is keyed by what the sources hold before and after loading: a change in between is
  // never stored.
  const before = usesThirdPartyPlugins() ? undefined : compiledCheckKey(flags, values.rules);
  const told: string[] = [];
  const tee: Output = { write: (text: string) => (told.push(text), err.write(text)) };
  const policy = await loadPolicy(flags, tee);
  const checker = commandChecker(policy, readUserRules(values.rules, flags), tee);
  // A policy that names its own decision-log exporter is never answered from the cache, which records nothing.
  if (
    before !== undefined &&
    requiredExporter(policy) === undefined &&
    compiledCheckKey(flags, values.rules) === before
  )
    writeCompiledCheck(before, { rules: checker.compiled, warnings: checker.warnings, stderr: told });
  if (values.batch) return (await import('./check-batch.js')).checkBatch(checker, process.stdin, out);
  return answerCheck(checker, values, positionals, out);
}
