import { describe, expect, it } from 'vitest';
import { CommandPolicy } from './policy.js';
import type { Decision, PrefixRule } from './rules/model.js';
import { loadShellGrammar, shellGrammarLoaded } from './shell/grammar.js';
import { loadRulesFiles } from './starlark/rules-file.js';

/** A policy from one user `.rules` text. */
const policy = (text: string, options = {}) => {
  const user = loadRulesFiles([{ path: 'user.rules', text }], { homedir: '/home/me' });
  return new CommandPolicy(user.rules, user.hostExecutables, options);
};
const required = (program: string, rest: string[], decision: Decision): PrefixRule => ({
  program,
  rest,
  decision,
  origin: { kind: 'requirements', file: 'requirements.toml', at: 'rules.prefix_rules[0]' },
});
const bash = (script: string) => ['bash', '-lc', script];

// Runs first, while the grammar is not loaded (each test file has its own module state).
describe('before the shell grammar has loaded', () => {
  const p = new CommandPolicy([required('git', ['push'], 'forbidden')]);

  it('a plain argv and a plain script are decided without it, and nothing loads it', () => {
    expect(p.check(['git', 'push']).decision).toBe('forbidden');
    expect(p.check(bash('ls && git push')).decision).toBe('forbidden');
    expect(p.check(bash('ls | wc -l'))).toMatchObject({ decision: 'none', grammarNeeded: false });
    expect(shellGrammarLoaded()).toBe(false);
  });

  it('a script that needs it is at least prompt, saying why; never looser', () => {
    const check = p.check(bash('echo $HOME'));
    expect(check).toMatchObject({ decision: 'prompt', grammarNeeded: true });
    expect(check.opaque[0]!.reason).toMatch(/needs the shell grammar, which is not loaded/);
    // The catch-all still reads the script's text meanwhile.
    expect(p.check(bash('(git push)')).decision).toBe('prompt');
  });

  it('checkAsync loads it and answers in full', async () => {
    const check = await p.checkAsync(bash('(git push) > /dev/null'));
    expect(shellGrammarLoaded()).toBe(true);
    expect(check).toMatchObject({ decision: 'forbidden', grammarNeeded: false, opaque: [] });
    expect(p.check(bash('echo $HOME')).decision).toBe('none');
  });
});

describe('scripts: every command that can run is judged, in the forms Codex and the program see', () => {
  it('a double-quoted word is matched as Codex reads it (verbatim content) and as the program receives it', async () => {
    await loadShellGrammar();
    const p = policy('prefix_rule(pattern = ["git", "commit", "-m", "a\\\\\\"b"], decision = "prompt")');
    const check = p.check(bash('git commit -m "a\\"b"'));
    expect(check.decision).toBe('prompt');
    expect(check.commands).toEqual([
      bash('git commit -m "a\\"b"'),
      ['git', 'commit', '-m', 'a"b'],
      ['git', 'commit', '-m', 'a\\"b'],
    ]);
    expect(p.check(['git', 'commit', '-m', 'a"b']).decision).toBe('none');
  });

  it('an escaped command name runs the program: \\rm is rm', () => {
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
  });

  it.each([
    'export FOO=1 && rm x',
    'local a=1; rm x',
    'declare -x A=1 && rm x',
    'readonly A && rm x',
    'unset A && rm x',
    '[ -f x ] && rm x',
    '"rm" -rf x',
    'rm "x" <<EOF\nx\nEOF',
    'if true; then rm x; fi',
    'for f in a b; do rm $f; done',
    'while read f; do rm "$f"; done < list',
    'case $1 in a) rm x;; esac',
    'x=$(rm y)',
    'echo "$(rm y)"',
    'cat <(rm y)',
    'cat <<EOF\n$(rm y)\nEOF',
    '! rm x',
    '{ rm x; }',
    'coproc rm x',
    'time rm x',
    'rm x &',
    'f() { rm x; }',
    'function f { rm x; }',
    '[[ $(rm x) ]]',
  ])('%j: the command inside is judged, and a rule on the shell applies to the argv', (script) => {
    expect(policy('prefix_rule(["rm"], "forbidden")').check(bash(script)).decision).toBe('forbidden');
    const onBash = policy('prefix_rule(["bash", "-lc"], "prompt")').check(bash(script));
    expect(onBash.decision).toBe('prompt');
    expect(onBash.matched[0]!.command).toEqual(bash(script));
  });

  it('a quoted heredoc body is data, not commands', () => {
    expect(policy('prefix_rule(["rm"], "forbidden")').check(bash("cat <<'EOF'\n$(rm y)\nEOF")).decision).toBe('none');
  });
});

describe('user rules keep Codex semantics among themselves', () => {
  it('an exact path rule hides the basename rule for that path (spec 1.4)', () => {
    const p = policy('prefix_rule(["/usr/bin/git"], "allow")\nprefix_rule(["git"], "prompt")');
    expect(p.check(['/usr/bin/git', 'push']).decision).toBe('allow');
    expect(p.check(['/bin/git', 'push']).decision).toBe('prompt');
  });

  it('relative and home paths resolve against the working directory and home, gated by host_executable', () => {
    const p = policy('prefix_rule(["git"], "forbidden")', { cwd: '/work', homedir: '/home/me' });
    expect(p.check(['./git', 'push']).matched[0]).toMatchObject({ resolvedProgram: '/work/git' });
    expect(p.check(['~/bin/git', 'push']).matched[0]).toMatchObject({ resolvedProgram: '/home/me/bin/git' });
    const gated = policy('prefix_rule(["git"], "forbidden")\nhost_executable(name = "git", paths = ["/usr/bin/git"])', {
      cwd: '/work',
    });
    expect(gated.check(['./git', 'push']).decision).toBe('none');
    expect(gated.check(['/usr/bin/./git', 'push']).decision).toBe('forbidden');
  });
});

describe('requirements rules stand on their own', () => {
  const hostile = loadRulesFiles(
    [
      {
        path: 'user.rules',
        text:
          'prefix_rule(["/usr/bin/git"], "allow")\nprefix_rule(["git"], "allow")\n' +
          'host_executable(name = "git", paths = [])\n',
      },
    ],
    { homedir: '/home/me' },
  );
  const p = new CommandPolicy([required('git', ['push'], 'forbidden'), ...hostile.rules], hostile.hostExecutables);

  it.each([
    [['/usr/bin/git', 'push']],
    [['./git', 'push']],
    [['../bin/git', 'push']],
    [['~/bin/git', 'push']],
    [['relative/git', 'push']],
    [['/usr/bin/../bin/git', 'push']],
    [['//usr/bin/git', 'push']],
    [['env', '/usr/bin/git', 'push']],
    [bash('/usr/bin/git push')],
  ])('%j: no user allow, exact path or host_executable loosens a requirement', (argv) => {
    const check = p.check(argv);
    expect(check.decision).toBe('forbidden');
    expect(check.requirements).toBe('forbidden');
  });

  it('a user allow still applies where no requirement speaks', () => {
    expect(p.check(['git', 'status']).decision).toBe('allow');
  });
});

describe('prompt-user: a requirements prompt only the user may approve', () => {
  const userOnly = { ...required('git', ['push'], 'prompt'), reviewer: 'user' as const };

  it('marks the prompt for the user, whatever user rules say; a stricter decision or another prompt stays plain', () => {
    const p = (text: string, ...more: PrefixRule[]) => {
      const user = loadRulesFiles([{ path: 'user.rules', text }], { homedir: '/home/me' });
      return new CommandPolicy([userOnly, ...more, ...user.rules]);
    };
    expect(p('prefix_rule(["git"], "allow")').check(['git', 'push'])).toMatchObject({
      decision: 'prompt',
      reviewer: 'user',
    });
    expect(p('', required('git', [], 'prompt')).check(['git', 'push']).reviewer).toBe('user');
    expect(p('prefix_rule(["git", "push"], "forbidden")').check(['git', 'push'])).not.toHaveProperty('reviewer');
    expect(p('prefix_rule(["git"], "prompt")').check(['git', 'status'])).not.toHaveProperty('reviewer');
  });
});
