import { abbreviate } from '@ratchet/core';
import type { MatchedRule } from './policy.js';
import { describePattern } from './rules/model.js';
import type { Step } from './shell/analysis.js';

const shown = (words: readonly string[]) => `\`${abbreviate(words.join(' '))}\``;

/** One step on the way to a command, for people: `in the script of bash`, `behind sudo`. */
export const describeStep = (step: Step): string =>
  step.kind === 'script' ? `in the script of \`${step.program}\`` : `behind \`${step.program}\``;

/**
 * Why a match is stricter than a plain prefix match of the argv as given, in one sentence; undefined for a plain
 * prefix match. Says which command inside the argv matched, which scripts and wrappers it was found through, how a
 * path was read, and why a possible match counts.
 */
export function explainMatch(m: MatchedRule): string | undefined {
  const parts: string[] = [];
  if (m.via.length > 0) parts.push(`${shown(m.command)} runs ${m.via.map(describeStep).join(', ')}`);
  if (m.resolvedProgram !== undefined)
    parts.push(`the program \`${abbreviate(m.command[0] ?? '')}\` is read as \`${m.matchedPrefix[0]}\``);
  if (m.kind === 'catch-all')
    parts.push(`${shown(m.command)} carries \`${describePattern(m.rule)}\` in its words and may run it`);
  if (m.kind === 'opaque')
    parts.push(`words of ${shown(m.command)} computed at run time may make it \`${describePattern(m.rule)}\``);
  if (m.kind && m.rule.decision === 'forbidden') parts.push('a possible match counts as prompt');
  return parts.length > 0 ? parts.join('; ') : undefined;
}
