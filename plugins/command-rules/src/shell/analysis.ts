import { posix } from 'node:path';
import { readPlainScript } from './fast.js';
import { parseWithGrammar } from './grammar.js';
import { prepareScript, literalWords, type ShellWord } from './words.js';
import { unwrap, type Next } from './wrappers.js';

/** How deep commands are followed through wrappers and nested scripts; a command deeper is at least `prompt`. */
export const MAX_DEPTH = 16;

/**
 * How many characters one script may have to be read with the grammar; past it, at least `prompt`. Linux caps one
 * argument of a command at 128 KiB, so a script given in an argv is never longer.
 */
export const MAX_GRAMMAR_BYTES = 128 * 1024;

/** How many characters of script, nested ones included, one check reads with the grammar in all. */
export const MAX_GRAMMAR_TOTAL = 4 * MAX_GRAMMAR_BYTES;

/** One step on the way to a command: the script of a shell, or a wrapper looked through. */
export interface Step {
  readonly kind: 'script' | 'wrapper';
  /** The program whose script or argument list held the command (`bash`, `sudo`, `eval`). */
  readonly program: string;
}

/** A command that can run, as the analysis found it. */
export interface Candidate {
  readonly words: readonly ShellWord[];
  /** How it was reached from the argv given (empty for the argv itself). */
  readonly via: readonly Step[];
  /** Words of it read in full as scripts (their commands are candidates of their own), if any. */
  read?: Set<ShellWord>;
}

/** Something that runs and cannot be known from the text; the answer is at least `prompt`. */
export interface OpaqueFinding {
  readonly reason: string;
  /** The command it was found in, as written. */
  readonly command: readonly string[];
  readonly via: readonly Step[];
}

/** Every command an argv can run, and what cannot be known. */
export interface Analysis {
  readonly candidates: Candidate[];
  readonly opaque: OpaqueFinding[];
  /** Whether a script needed the shell grammar while it was not loaded (those scripts are opaque). */
  grammarNeeded: boolean;
  /** Bytes of script read with the grammar so far. */
  grammarBytes: number;
}

/** A script's commands, by the fast reader when it can, else by the grammar; opaque reasons for the rest. */
export function readScript(
  text: string,
  analysis: Pick<Analysis, 'grammarNeeded' | 'grammarBytes'>,
): { commands: readonly (readonly ShellWord[])[]; opaque: readonly string[] } {
  const script = prepareScript(text);
  const plain = readPlainScript(script);
  if (plain) return { commands: plain, opaque: [] };
  if (script.length > MAX_GRAMMAR_BYTES)
    return {
      commands: [],
      opaque: [`the script is longer than ${MAX_GRAMMAR_BYTES / 1024} KiB of shell syntax, more than is read`],
    };
  if (analysis.grammarBytes + script.length > MAX_GRAMMAR_TOTAL)
    return {
      commands: [],
      opaque: [`its scripts add up to more than ${MAX_GRAMMAR_TOTAL / 1024} KiB of shell syntax, more than is read`],
    };
  const parsed = parseWithGrammar(script);
  if (!parsed) {
    analysis.grammarNeeded = true;
    return {
      commands: [],
      opaque: ['the script needs the shell grammar, which is not loaded (call loadShellGrammar() or checkAsync)'],
    };
  }
  analysis.grammarBytes += script.length;
  return parsed;
}

/** The program a command runs, by the basename of its first word (`/usr/bin/env` is env, `./sudo` is sudo). */
export function programName(word: string): string {
  if (!word.includes('/')) return word; // most commands: the name as written, which basename would give back
  return posix.basename(word.replace(/\/+$/, '') || '/');
}

const show = (words: readonly ShellWord[]) => words.map((w) => w.raw);

function visit(words: readonly ShellWord[], via: readonly Step[], into: Analysis): void {
  const candidate: Candidate = { words, via };
  into.candidates.push(candidate);
  const head = words[0];
  if (!head) return;
  const opaque = (reason: string) => into.opaque.push({ reason, command: show(words), via });
  if (head.opaque) {
    opaque(`the command name \`${head.raw}\` is ${head.opaque}: what runs cannot be known from the text`);
    return;
  }
  const program = programName(head.value);
  const nexts = unwrap(program, words);
  if (nexts.length === 0) return;
  if (via.length >= MAX_DEPTH) {
    opaque(`commands nest more than ${MAX_DEPTH} levels deep here; deeper ones are not read`);
    return;
  }
  for (const next of nexts) follow(next, program, candidate, into, opaque);
}

function follow(
  next: Next,
  program: string,
  candidate: Candidate,
  into: Analysis,
  opaque: (reason: string) => void,
): void {
  if (next.kind === 'opaque') return opaque(next.reason);
  if (next.kind === 'command') return visit(next.words, [...candidate.via, { kind: 'wrapper', program }], into);
  const { script, append } = next;
  if (script.opaque) return opaque(`the script given to \`${program}\` is ${script.opaque}`);
  const reading = readScript(script.value, into);
  for (const reason of reading.opaque) opaque(`${reason} (script of \`${program}\`)`);
  if (reading.opaque.length === 0) (candidate.read ??= new Set()).add(script);
  const via = [...candidate.via, { kind: 'script' as const, program }];
  const commands = reading.commands;
  commands.forEach((command, i) =>
    visit(append && i === commands.length - 1 ? [...command, ...append] : command, via, into),
  );
  if (append && append.length > 0 && commands.length === 0) visit(append, via, into);
}

/** Every command `argv` can run (itself first), through wrappers and scripts, and what cannot be known. */
export function analyze(argv: readonly string[]): Analysis {
  const analysis: Analysis = { candidates: [], opaque: [], grammarNeeded: false, grammarBytes: 0 };
  visit(literalWords(argv), [], analysis);
  return analysis;
}
