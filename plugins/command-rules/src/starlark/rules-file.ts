import { posix } from 'node:path';
import { literalRules } from '../compiled/literal-rules.js';
import { RuleIndex } from '../rules/index.js';
import { DECISIONS, describePattern, type Decision, type PatternToken, type PrefixRule } from '../rules/model.js';
import { bind, listArg, stringArg } from './arguments.js';
import { UNIVERSE } from './builtins.js';
import { RulesFileError, type Position } from './errors.js';
import { Interpreter } from './interpreter.js';
import { normalizeNetworkHost, parseNetworkProtocol, type NetworkRule } from './network.js';
import { parse } from './parser.js';
import { resolve } from './resolve.js';
import { joinShellWords, splitShellWords } from './shlex.js';
import { Builtin, typeName, type Arguments, type Bound, type Value } from './values.js';

export { RulesFileError } from './errors.js';

/** One `.rules` file: its path (used in origins and errors) and its text. */
export interface RulesFileText {
  readonly path: string;
  readonly text: string;
}

/** What the user's `.rules` files define: prefix rules, `host_executable` allowlists by name, and `network_rule`s in file order. */
export interface UserRules {
  readonly rules: readonly PrefixRule[];
  readonly hostExecutables: ReadonlyMap<string, readonly string[]>;
  readonly networkRules?: readonly NetworkRule[];
}

/** The functions `.rules` files call to declare rules, beside Starlark's universe. */
const RULE_FUNCTIONS = ['prefix_rule', 'host_executable', 'network_rule'] as const;
const BUILTINS: ReadonlySet<string> = new Set([...UNIVERSE.keys(), ...RULE_FUNCTIONS]);

/** Examples of one `prefix_rule` call, checked against that call's rules once its file has been read. */
interface PendingExamples {
  readonly rules: readonly PrefixRule[];
  readonly matches: readonly (readonly string[])[];
  readonly matchAt?: Position;
  readonly notMatches: readonly (readonly string[])[];
  readonly notMatchAt?: Position;
}

/** A problem found while checking a value: the reason, reported at the argument it came from. */
class Invalid extends Error {}

function parseDecision(raw: string): Decision {
  if ((DECISIONS as readonly string[]).includes(raw)) return raw as Decision;
  throw new Invalid(`invalid decision: ${raw}`);
}

function checkJustification(raw: string | undefined): string | undefined {
  if (raw !== undefined && raw.trim() === '') throw new Invalid('invalid rule: justification cannot be empty');
  return raw;
}

function parsePatternToken(value: Value): PatternToken {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) {
    throw new Invalid(
      `invalid pattern element: pattern element must be a string or list of strings (got ${typeName(value)})`,
    );
  }
  const alternatives = (value as readonly Value[]).map((alt) => {
    if (typeof alt !== 'string') {
      throw new Invalid(`invalid pattern element: pattern alternative must be a string (got ${typeName(alt)})`);
    }
    return alt;
  });
  if (alternatives.length === 0) throw new Invalid('invalid pattern element: pattern alternatives cannot be empty');
  return alternatives.length === 1 ? alternatives[0]! : alternatives;
}

function parseExample(value: Value): string[] {
  if (typeof value === 'string') {
    const words = splitShellWords(value);
    if (words === undefined) throw new Invalid('invalid example: example string has invalid shell syntax');
    if (words.length === 0) throw new Invalid('invalid example: example cannot be an empty string');
    return words;
  }
  if (!Array.isArray(value)) {
    throw new Invalid(`invalid example: example must be a string or list of strings (got ${typeName(value)})`);
  }
  const words = (value as readonly Value[]).map((word) => {
    if (typeof word !== 'string')
      throw new Invalid(`invalid example: example tokens must be strings (got ${typeName(word)})`);
    return word;
  });
  if (words.length === 0) throw new Invalid('invalid example: example cannot be an empty list');
  return words;
}

/** An absolute path, normalized; undefined when not absolute (Codex 0.171 no longer expands `~`). */
function absolutePath(raw: string): string | undefined {
  if (!raw.startsWith('/')) return undefined;
  const normalized = posix.normalize(raw);
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}

function validateHostExecutableName(name: string): void {
  if (name === '') throw new Invalid('invalid rule: host_executable name cannot be empty');
  if (name.includes('/') || name === '.' || name === '..') {
    throw new Invalid(`invalid rule: host_executable name must be a bare executable name (got ${name})`);
  }
}

function hostExecutablePaths(name: string, paths: readonly Value[]): string[] {
  const parsed: string[] = [];
  for (const value of paths) {
    if (typeof value !== 'string')
      throw new Invalid(`invalid rule: host_executable paths must be strings (got ${typeName(value)})`);
    const path = absolutePath(value);
    if (path === undefined) throw new Invalid(`invalid rule: host_executable paths must be absolute (got ${value})`);
    if (path === '/' || posix.basename(path) !== name) {
      throw new Invalid(`invalid rule: host_executable path \`${value}\` must have basename \`${name}\``);
    }
    if (!parsed.includes(path)) parsed.push(path);
  }
  return parsed;
}

/** Evaluates `.rules` files in order, sharing one `host_executable` table; each file's examples are checked after it. */
class RulesEvaluator {
  readonly rules: PrefixRule[] = [];
  readonly hostExecutables = new Map<string, readonly string[]>();
  readonly networkRules: NetworkRule[] = [];

  evaluateFile({ path: file, text }: RulesFileText): void {
    const module = parse(text, file);
    resolve(module, BUILTINS);
    const pending: PendingExamples[] = [];
    // Each returns None, and may be called anywhere an expression may (in a comprehension, a conditional, …).
    const rule = (name: string, run: (args: Arguments) => void) =>
      new Builtin(name, (args) => {
        run(args);
        return null;
      });
    const builtins = new Map<string, Builtin>([
      ...UNIVERSE,
      [
        'prefix_rule',
        rule('prefix_rule', (args) =>
          this.#prefixRule(
            args,
            bind(args, ['pattern', 'decision', 'match', 'not_match', 'justification'], 1),
            pending,
          ),
        ),
      ],
      [
        'host_executable',
        rule('host_executable', (args) => this.#hostExecutable(bind(args, ['name', 'paths'], 2), args.file)),
      ],
      [
        'network_rule',
        rule('network_rule', (args) =>
          this.#networkRule(args, bind(args, ['host', 'protocol', 'decision', 'justification'], 3)),
        ),
      ],
    ]);
    new Interpreter(file, builtins).run(module);
    for (const examples of pending) this.#checkExamples(examples, file);
  }

  #prefixRule(call: Arguments, args: Map<string, Bound>, pending: PendingExamples[]): void {
    const { file } = call;
    const fn = 'prefix_rule';
    const pattern = listArg(args, fn, 'pattern', file)!;
    const rawDecision = stringArg(args, fn, 'decision', file);
    const matchValues = listArg(args, fn, 'match', file);
    const notMatchValues = listArg(args, fn, 'not_match', file);
    const rawJustification = stringArg(args, fn, 'justification', file);
    const decision = at(file, args, 'decision', () =>
      rawDecision === undefined ? 'allow' : parseDecision(rawDecision),
    );
    const justification = at(file, args, 'justification', () => checkJustification(rawJustification));
    const tokens = at(file, args, 'pattern', () => {
      const parsed = pattern.map(parsePatternToken);
      if (parsed.length === 0) throw new Invalid('invalid pattern element: pattern cannot be empty');
      return parsed;
    });
    const matches = at(file, args, 'match', () => (matchValues ?? []).map(parseExample));
    const notMatches = at(file, args, 'not_match', () => (notMatchValues ?? []).map(parseExample));
    const [first, ...rest] = tokens as [PatternToken, ...PatternToken[]];
    const origin = { kind: 'user', file, at: `${call.at.line}:${call.at.column}` } as const;
    const programs = [...new Set(typeof first === 'string' ? [first] : first)];
    const rules: PrefixRule[] = programs.map((program) => ({
      program,
      rest,
      decision,
      ...(justification === undefined ? {} : { justification }),
      origin,
    }));
    this.rules.push(...rules);
    if (matches.length > 0 || notMatches.length > 0) {
      const matchAt = args.get('match')?.at;
      const notMatchAt = args.get('not_match')?.at;
      pending.push({ rules, matches, notMatches, ...(matchAt && { matchAt }), ...(notMatchAt && { notMatchAt }) });
    }
  }

  #hostExecutable(args: Map<string, Bound>, file: string): void {
    const name = stringArg(args, 'host_executable', 'name', file)!;
    const paths = listArg(args, 'host_executable', 'paths', file)!;
    at(file, args, 'name', () => validateHostExecutableName(name));
    this.hostExecutables.set(
      name,
      at(file, args, 'paths', () => hostExecutablePaths(name, paths)),
    );
  }

  #networkRule(call: Arguments, args: Map<string, Bound>): void {
    const { file } = call;
    const fn = 'network_rule';
    const rawHost = stringArg(args, fn, 'host', file)!;
    const rawProtocol = stringArg(args, fn, 'protocol', file)!;
    const rawDecision = stringArg(args, fn, 'decision', file)!;
    const rawJustification = stringArg(args, fn, 'justification', file);
    const protocol = at(file, args, 'protocol', () => {
      const parsed = parseNetworkProtocol(rawProtocol);
      if (typeof parsed !== 'string') throw new Invalid(parsed.error);
      return parsed;
    });
    const decision = at(file, args, 'decision', () =>
      rawDecision === 'deny' ? 'forbidden' : parseDecision(rawDecision),
    );
    const justification = at(file, args, 'justification', () => checkJustification(rawJustification));
    const host = at(file, args, 'host', () => {
      const normalized = normalizeNetworkHost(rawHost);
      if (typeof normalized !== 'string') throw new Invalid(normalized.error);
      return normalized;
    });
    this.networkRules.push({
      host,
      protocol,
      decision,
      ...(justification === undefined ? {} : { justification }),
      origin: { kind: 'user', file, at: `${call.at.line}:${call.at.column}` },
    });
  }

  /** `not_match` first (no example may match), then `match` (every example must match one of the call's rules). */
  #checkExamples(examples: PendingExamples, file: string): void {
    const index = new RuleIndex(examples.rules, this.hostExecutables);
    for (const example of examples.notMatches) {
      const found = index.matches(example)[0];
      if (found !== undefined) {
        const reason = `expected example to not match rule \`${describePattern(found.rule)}\`: ${joinShellWords(example)}`;
        fail(file, examples.notMatchAt!, reason);
      }
    }
    const unmatched = examples.matches.filter((example) => index.matches(example).length === 0);
    if (unmatched.length > 0) {
      const list = (items: readonly string[]) => `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
      const rules = list(examples.rules.map(describePattern));
      const reason = `expected every example to match at least one rule. rules: ${rules}; unmatched examples: ${list(unmatched.map(joinShellWords))}`;
      fail(file, examples.matchAt!, reason);
    }
  }
}

function fail(file: string, where: Position, reason: string): never {
  throw new RulesFileError(file, where.line, where.column, reason);
}

/** Runs a check on one argument's value; an Invalid it throws is reported at that argument. */
function at<T>(file: string, args: ReadonlyMap<string, Bound>, param: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    const where = args.get(param)?.at;
    if (error instanceof Invalid && where !== undefined) fail(file, where, error.message);
    throw error;
  }
}

/**
 * Loads user `.rules` files in the given order. Each file has its own variables; `host_executable`
 * definitions are shared, a later one for a name replacing the earlier. Throws RulesFileError at the
 * first problem, including a `match`/`not_match` example that disagrees with its rule. (`homedir` is no
 * longer read: as in Codex 0.171, `host_executable` paths must be absolute, `~` included.)
 */
export function loadRulesFiles(files: readonly RulesFileText[], _options: { readonly homedir: string }): UserRules {
  const evaluator = new RulesEvaluator();
  for (const file of files) {
    // A file of literal prefix rules is read in one pass; any other goes to the interpreter.
    const literal = literalRules(file.path, file.text);
    if (literal) evaluator.rules.push(...literal);
    else evaluator.evaluateFile(file);
  }
  return { rules: evaluator.rules, hostExecutables: evaluator.hostExecutables, networkRules: evaluator.networkRules };
}

/** `loadRulesFiles` with every file read by the interpreter (what the one-pass reader is tested against). */
export function evaluateRulesFiles(files: readonly RulesFileText[], _options: { readonly homedir: string }): UserRules {
  const evaluator = new RulesEvaluator();
  for (const file of files) evaluator.evaluateFile(file);
  return { rules: evaluator.rules, hostExecutables: evaluator.hostExecutables, networkRules: evaluator.networkRules };
}
