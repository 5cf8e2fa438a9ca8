import { describe, expect, it } from 'vitest';
import { CommandPolicy } from './policy.js';
import { loadRulesFiles } from './starlark/rules-file.js';

/** A policy from one user `.rules` text. */
const policy = (text: string) =>
  new CommandPolicy(loadRulesFiles([{ path: 'user.rules', text }], { homedir: '/home/me' }).rules);
const bash = (script: string) => ['bash', '-lc', script];

describe('scripts as Codex splits them (spec 1.5)', () => {
  it('a double-quoted word is matched as its verbatim content', () => {
    const p = policy('prefix_rule(pattern = ["git", "commit", "-m", "a\\\\\\"b"], decision = "prompt")');
    const check = p.check(bash('git commit -m "a\\"b"'));
    expect(check.decision).toBe('prompt');
    expect(check.commands[0]).toEqual(['git', 'commit', '-m', 'a\\"b']);
    expect(p.check(['git', 'commit', '-m', 'a"b']).decision).toBe('none');
  });

  it('an unquoted backslash stays in the word', () => {
    const p = policy('prefix_rule(["echo", "a\\\\ b"], "forbidden")\nprefix_rule(["git", "push"], "forbidden")');
    expect(p.check(bash('echo a\\ b')).decision).toBe('forbidden');
  });

  it('beyond Codex, an escaped command name is judged unescaped too: \\rm runs rm', () => {
    const p = policy('prefix_rule(["rm"], "forbidden")\nprefix_rule(["git", "push"], "prompt")');
    // An argv is what the program receives: `\rm` there is a program of that name, not rm.
    expect(p.check(['\\rm', '-rf', '/']).decision).toBe('none');
    expect(p.check(bash('ls && \\rm -rf /')).decision).toBe('forbidden');
    expect(p.check(bash('g\\it push')).decision).toBe('prompt');
    expect(p.check(bash('echo \\rm')).decision).toBe('none');
  });

  it('wrappers and nested shells are read with escapes removed, as the program receives its words', () => {
    const p = policy('prefix_rule(["rm"], "forbidden")\nprefix_rule(["git", "push"], "prompt")');
    const cases: [string, string][] = [
      ["find . -exec sh -c 'rm -rf /' \\;", 'forbidden'],
      ['sh -c rm\\ -rf\\ /', 'forbidden'],
      ['bash -c "bash -c \\"rm x\\""', 'forbidden'],
      ['eval rm\\ -rf\\ /', 'forbidden'],
      ['eval "git \\"push\\""', 'prompt'],
    ];
    for (const [script, decision] of cases) expect(p.check(bash(script)).decision, script).toBe(decision);
    // A name that unescaping leaves as it is is judged once.
    expect(p.check(bash('rm\\')).commands).toHaveLength(1);
  });

  it.each([
    'export FOO=1 && rm x',
    'local a=1; rm x',
    'declare -x A=1 && rm x',
    'readonly A && rm x',
    'typeset A && rm x',
    'unset A && rm x',
    '[ -f x ] && rm x',
    '"rm" -rf x',
    'rm "x" <<EOF\nx\nEOF',
  ])('%j is judged as the whole argv, so an rm rule does not apply and a bash rule does', (script) => {
    expect(policy('prefix_rule(["rm"], "forbidden")').check(bash(script))).toMatchObject({
      decision: 'none',
      commands: [bash(script)],
    });
    expect(
      policy('prefix_rule(["bash", "-lc"], "prompt")\nprefix_rule(["rm"], "forbidden")').check(bash(script)).decision,
    ).toBe('prompt');
  });

  it('plain commands around those words still split', () => {
    const p = policy('prefix_rule(["rm"], "forbidden")');
    expect(p.check(bash('echo export && rm x')).decision).toBe('forbidden');
    expect(p.check(bash('test -f x && rm "x"')).decision).toBe('forbidden');
    expect(p.check(bash('rm x <<EOF\nx\nEOF')).decision).toBe('forbidden');
  });
});
