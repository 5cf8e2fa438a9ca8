import { defineQuestion, expectArray, ProviderSetupError, type Policy, type Reporter } from '@ratchet/core';
import { COMMAND_RULES_PROVIDER } from './keys.js';
import { explainMatch } from './explain.js';
import { describePattern, NO_USER_RULES, rank, type PrefixRule } from './rules/model.js';
import { commandPolicy } from './session.js';
import { loadShellGrammar } from './shell/grammar.js';
import { joinShellWords } from './starlark/shlex.js';

/** An argv, or a shell script (judged as `bash -c SCRIPT` runs it). */
type CommandQuery = readonly string[] | string;

const argvOf = (q: CommandQuery): readonly string[] => (typeof q === 'string' ? ['bash', '-c', q] : q);

/** The `.rules` reader, loaded by the question's setup: only a tool that asks loads the interpreter. */
let reader: typeof import('./rules-files.js') | undefined;

const requirementRules = (policy: Policy): readonly PrefixRule[] =>
  policy.requirementOf(COMMAND_RULES_PROVIDER).value.rules ?? [];

/** At most this many spellings of one rule's alternatives are probed. */
const MAX_SPELLINGS = 64;

/** The commands a rule's pattern spells: every choice of its alternatives (up to a bound). */
function spellings(rule: PrefixRule): string[][] {
  let out: string[][] = [[rule.program]];
  for (const token of rule.rest) {
    const alternatives = typeof token === 'string' ? [token] : token;
    out = out.flatMap((words) => alternatives.map((a) => [...words, a])).slice(0, MAX_SPELLINGS);
  }
  return out;
}

function parseCommand(raw: unknown, report: Reporter): CommandQuery | undefined {
  const fix = 'write command = ["git", "push"] (an argv) or command = "git add . && git push" (a script)';
  if (typeof raw === 'string') {
    if (raw.trim() !== '') return raw;
    report({
      severity: 'error',
      kind: 'invalid-value',
      key: 'command',
      message: 'the script is empty',
      suggestion: fix,
    });
    return undefined;
  }
  const list = expectArray(raw, 'command', report, 'words');
  if (!list) return undefined;
  if (list.length === 0 || !list.every((w): w is string => typeof w === 'string')) {
    report({
      severity: 'error',
      kind: 'invalid-value',
      key: 'command',
      message: list.length === 0 ? 'the argv is empty' : 'every word of the argv must be a string',
      suggestion: fix,
    });
    return undefined;
  }
  return list;
}

/** `command = ["git", "push"]` or `command = "git add . && git push"`: allow, prompt, forbidden or none. */
export const commandQuestion = defineQuestion<CommandQuery>({
  name: 'command',
  docs: 'may this command (an argv) or script run: allow, prompt, forbidden or none, and the rules that matched',
  order: 'rank',
  fields: ['rules'],
  parse: (raw, _case, report) => parseCommand(raw, report),
  format: (q) => (typeof q === 'string' ? `script ${JSON.stringify(q)}` : `command ${joinShellWords(q)}`),
  toCase: (q) => ({ command: typeof q === 'string' ? q : [...q] }),
  async setup() {
    await loadShellGrammar();
    reader ??= await import('./rules-files.js');
  },
  prepare({ policy, rulesFiles, cwd, homedir }) {
    if (rulesFiles.length > 0 && reader === undefined)
      throw new ProviderSetupError('the command question reads .rules files only after its setup() has run');
    const user = reader?.sessionUserRules(rulesFiles, homedir).rules ?? NO_USER_RULES;
    const commands = commandPolicy(policy, user, { cwd, homedir });
    return (q) => {
      const check = commands.check(argvOf(q));
      const first = check.matched[0];
      const why = first ? explainMatch(first) : check.opaque[0]?.reason;
      return {
        decision: check.decision,
        rank: rank(check.decision) + 1,
        matched: [...new Set(check.matched.map((m) => describePattern(m.rule)))],
        ...(why && { reason: why }),
      };
    };
  },
  *probes(policies) {
    for (const policy of policies)
      for (const rule of requirementRules(policy))
        for (const words of spellings(rule)) {
          yield words;
          yield words.slice(0, -1).length > 0 ? words.slice(0, -1) : [`${rule.program}-probe`];
          yield [...words, 'ratchet-probe'];
          // A pattern inside another command's words (the catch-all) and behind a wrapper.
          yield ['ratchet-probe', ...words];
          yield ['env', ...words];
        }
  },
  rules: (policy) => [...new Set(requirementRules(policy).map(describePattern))],
});
