import { RuleIndex } from './rules/index.js';
import { rank, stricter, type Decision, type HostExecutables, type PrefixRule, type RuleMatch } from './rules/model.js';
import { commandsForPolicy } from './shell/split.js';
import { innerCommand } from './shell/wrappers.js';

/** A rule that matched, and the command (one segment of a script, or a wrapped command) it matched. */
export interface MatchedRule extends RuleMatch {
  readonly command: readonly string[];
}

/** The answer to "may this command run?": the strictest decision of every matching rule, or `none`. */
export interface CommandCheck {
  readonly decision: Decision | 'none';
  /** Every matching rule, strictest first, then the most specific. */
  readonly matched: readonly MatchedRule[];
  /** The commands that were judged: the script's plain commands, or the argv itself, plus any wrapped commands. */
  readonly commands: readonly (readonly string[])[];
}

/** How deep wrapped and nested commands are followed (`sudo env bash -lc "nice rm …"`). */
const MAX_DEPTH = 8;

/**
 * Requirements rules and user rules in one index, judged together: every matching rule counts and the strictest
 * decision wins, so a user `allow` never loosens a requirement. Beyond Codex's splitting of `bash -lc` scripts,
 * the command behind a wrapper (`env`, `sudo`, `nice`, `timeout`, `xargs`, …) is judged as well, which can only
 * make a decision stricter.
 */
export class CommandPolicy {
  readonly index: RuleIndex;

  constructor(rules: readonly PrefixRule[], hostExecutables: HostExecutables = new Map()) {
    this.index = new RuleIndex(rules, hostExecutables);
  }

  check(argv: readonly string[]): CommandCheck {
    const matched: MatchedRule[] = [];
    const commands: (readonly string[])[] = [];
    this.#judge(argv, 0, matched, commands);
    let decision: Decision | 'none' = 'none';
    for (const m of matched) decision = decision === 'none' ? m.rule.decision : stricter(decision, m.rule.decision);
    // Strictest first, then the most specific: the first entry is the rule that explains the decision.
    if (matched.length > 1)
      matched.sort(
        (a, b) => rank(b.rule.decision) - rank(a.rule.decision) || b.matchedPrefix.length - a.matchedPrefix.length,
      );
    return { decision, matched, commands };
  }

  /**
   * Judges argv and what it runs. `nested` is true behind a wrapper or a shell: there scripts are read as the shell
   * runs them (lenient), since Codex does not look there and reading more can only make a decision stricter.
   */
  #judge(
    argv: readonly string[],
    depth: number,
    matched: MatchedRule[],
    commands: (readonly string[])[],
    nested = false,
  ): void {
    const { commands: parts, split } = commandsForPolicy(argv, { lenient: nested });
    for (const command of parts) {
      commands.push(command);
      for (const match of this.index.matches(command)) matched.push({ ...match, command });
      if (depth >= MAX_DEPTH) continue;
      if (split && command.some((word) => word.includes('\\'))) {
        // Words read from a script keep Codex's raw text (`\rm`, `"a\"b"` content); the program receives them with
        // escapes removed, and beyond Codex that form is judged too, wrappers and nested shells included.
        const received = command.map((word) => word.replace(/\\(.)/gs, '$1'));
        if (received.some((word, i) => word !== command[i])) {
          this.#judge(received, depth + 1, matched, commands, true);
          continue;
        }
      }
      const inner = innerCommand(command);
      if (inner && inner.length > 0) this.#judge(inner, depth + 1, matched, commands, true);
      // A shell nested in a split script (`bash -lc "sh -c 'rm -rf /'"`) is split in turn, as it would be
      // behind a wrapper (`sudo sh -c …`).
      else if (split && commandsForPolicy(command, { lenient: true }).split)
        this.#judge(command, depth + 1, matched, commands, true);
    }
  }
}
