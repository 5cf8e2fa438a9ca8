import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lawSeed } from '@ratchet/testkit';
import type { PrefixRule } from '../rules/model.js';
import { RuleIndex } from '../rules/index.js';
import { MAX_CALL_DEPTH, MAX_EVALUATION_DEPTH, MAX_EVALUATION_STEPS } from './interpreter.js';
import { loadRulesFiles, RulesFileError, type RulesFileText, type UserRules } from './rules-file.js';
import { compiledNetworkDomains } from './network.js';
import { MAX_CONCAT_LENGTH } from './values.js';

const HOME = '/home/me';
const load = (...texts: string[]): UserRules =>
  loadRulesFiles(
    texts.map((text, i) => ({ path: `r${i + 1}.rules`, text })),
    { homedir: HOME },
  );

function loadError(...texts: string[]): RulesFileError {
  try {
    load(...texts);
  } catch (error) {
    if (error instanceof RulesFileError) return error;
    throw error;
  }
  throw new Error('expected a RulesFileError');
}

/** The error at `line:column` of the first file, with its exact message. */
function expectError(text: string, line: number, column: number, reason: string): void {
  const error = loadError(text);
  expect({ line: error.line, column: error.column, reason: error.reason }).toEqual({ line, column, reason });
  expect(error.message).toBe(`r1.rules:${line}:${column}: ${reason}`);
}

describe('rules files: prefix_rule', () => {
  it('loads the documented gh pr view rule with its examples', () => {
    const { rules } = load(`# Ask before viewing pull requests
prefix_rule(
    pattern = ["gh", "pr", "view"],
    decision = "prompt",
    justification = "Viewing PRs is allowed with approval",
    match = [
        "gh pr view 7888",
        "gh pr view --repo openai/codex",
        "gh pr view 7888 --json title,body,comments",
    ],
    not_match = [
        # Does not match because the pattern must be an exact prefix.
        "gh pr --repo openai/codex view 7888",
    ],
)
`);
    expect(rules).toEqual([
      {
        program: 'gh',
        rest: ['pr', 'view'],
        decision: 'prompt',
        justification: 'Viewing PRs is allowed with approval',
        origin: { kind: 'user', file: 'r1.rules', at: '2:1' },
      },
    ]);
  });

  it('defaults the decision to allow and leaves out a missing justification', () => {
    expect(load('prefix_rule(["ls"])').rules).toEqual([
      { program: 'ls', rest: [], decision: 'allow', origin: { kind: 'user', file: 'r1.rules', at: '1:1' } },
    ]);
  });

  it('takes arguments positionally in the documented order', () => {
    const { rules } = load('prefix_rule(["rm"], "forbidden", ["rm -rf /"], ["ls"], "no deleting")');
    expect(rules[0]).toMatchObject({ program: 'rm', decision: 'forbidden', justification: 'no deleting' });
  });

  it('treats None as an omitted optional argument', () => {
    const { rules } = load(
      'prefix_rule(["ls"], decision = None, match = None, not_match = None, justification = None)',
    );
    expect(rules[0]).toMatchObject({ program: 'ls', decision: 'allow' });
    expect(rules[0]).not.toHaveProperty('justification');
  });

  it('expands first-position alternatives into one rule per program', () => {
    const { rules } = load(
      'prefix_rule(pattern = [["npm", "pnpm"], "install"], decision = "prompt", match = ["pnpm install x"])',
    );
    expect(rules.map((r) => [r.program, r.rest, r.decision, r.origin.at])).toEqual([
      ['npm', ['install'], 'prompt', '1:1'],
      ['pnpm', ['install'], 'prompt', '1:1'],
    ]);
  });

  it('keeps later alternatives as arrays (no cartesian expansion) and collapses one-element lists', () => {
    const { rules } = load('prefix_rule(pattern = ["git", ["push", "fetch"], ["origin"], ["-f", "--force"]])');
    expect(rules).toHaveLength(1);
    expect(rules[0]!.rest).toEqual([['push', 'fetch'], 'origin', ['-f', '--force']]);
  });

  it('collapses a one-element list in the first position too', () => {
    expect(load('prefix_rule([["git"], "status"])').rules[0]).toMatchObject({ program: 'git', rest: ['status'] });
  });

  it('evaluates variables, per file', () => {
    const { rules } = load('pms = ["npm", "pnpm", "yarn"]\nverb = "install"\npat = [pms, verb]\nprefix_rule(pat)');
    expect(rules.map((r) => r.program)).toEqual(['npm', 'pnpm', 'yarn']);
    expect(loadError('x = ["a"]', 'prefix_rule(x)')).toMatchObject({
      file: 'r2.rules',
      line: 1,
      column: 13,
      reason: 'undefined variable `x`',
    });
  });

  it('concatenates lists and strings with +, and separates statements with ;', () => {
    const { rules } = load(
      'GIT = ["git"]\nprefix_rule(pattern = GIT + ["push"], decision = "pro" + "mpt"); prefix_rule(GIT + [["a"] + ["b"]])',
    );
    expect(rules.map((r) => [r.program, r.rest, r.decision])).toEqual([
      ['git', ['push'], 'prompt'],
      ['git', [['a', 'b']], 'allow'],
    ]);
    expect(load('x = "a" + "b" + "c"\nprefix_rule([x])').rules[0]!.program).toBe('abc');
    expect(load('x = ["a"] + []\nprefix_rule(x + ["b"] + ["c"])').rules[0]).toMatchObject({
      program: 'a',
      rest: ['b', 'c'],
    });
  });

  it('builds a long `+` chain of lists in linear time', () => {
    const text = `prefix_rule(["git"]${' + ["x"]'.repeat(200_000)})`;
    expect(load(text).rules[0]!.rest).toHaveLength(200_000);
  });

  it('accepts list examples, triple-quoted strings and trailing commas', () => {
    const { rules } = load(`prefix_rule(
    pattern = ["echo",],
    justification = """multi
line""",
    match = [["echo", "a b"], 'echo "quoted arg"', r"echo \\n",],
)`);
    expect(rules[0]!.justification).toBe('multi\nline');
  });

  it('keeps rules from every file in order, each with its own origin', () => {
    const { rules } = load('prefix_rule(["git"], "prompt")', '\n\n  # c\nprefix_rule(["git", "commit"], "forbidden")');
    const index = new RuleIndex(rules);
    expect(index.matches(['git', 'commit', '-m', 'hi']).map((m) => [m.rule.decision, m.rule.origin])).toEqual([
      ['prompt', { kind: 'user', file: 'r1.rules', at: '1:1' }],
      ['forbidden', { kind: 'user', file: 'r2.rules', at: '4:1' }],
    ]);
  });

  it('checks examples against the call’s rules using host executables seen by the end of the file', () => {
    const text = `prefix_rule(["git", "status"], match = ["/usr/bin/git status"], not_match = ["/opt/git status"])
host_executable("git", ["/usr/bin/git"])`;
    expect(load(text).hostExecutables.get('git')).toEqual(['/usr/bin/git']);
    expect(
      loadError('prefix_rule(["git"], match = ["/opt/git status"])\nhost_executable("git", ["/usr/bin/git"])'),
    ).toMatchObject({
      line: 1,
      column: 22,
      reason:
        'expected every example to match at least one rule. rules: ["git"]; unmatched examples: ["/opt/git status"]',
    });
  });

  it('does not revisit a file’s examples after a later file adds host executables', () => {
    expect(() => load('prefix_rule(["git"], match = ["/opt/git x"])', 'host_executable("git", [])')).not.toThrow();
  });
});

describe('rules files: example validation errors', () => {
  it('reports a not_match example that matches, at the not_match argument', () => {
    expectError(
      'prefix_rule(\n  pattern = ["gh", "pr", "view"],\n  not_match = ["gh pr view 1"],\n)',
      3,
      3,
      'expected example to not match rule `gh pr view`: gh pr view 1',
    );
  });

  it('checks not_match before match', () => {
    expectError(
      'prefix_rule(["ls"], match = ["cat x"], not_match = ["ls -l"])',
      1,
      40,
      'expected example to not match rule `ls`: ls -l',
    );
  });

  it('reports unmatched match examples, at the match argument, with every rule of the call', () => {
    expectError(
      'prefix_rule(pattern = [["npm", "pnpm"], ["i", "install"]], match = ["npm i", "yarn install", ["npm", "ci x"]])',
      1,
      60,
      'expected every example to match at least one rule. rules: ["npm [i|install]", "pnpm [i|install]"]; unmatched examples: ["yarn install", "npm \'ci x\'"]',
    );
  });

  it('fails an example matched only by another rule of the same file', () => {
    expectError(
      'prefix_rule(["git", "status"])\nprefix_rule(["git", "push"], match = ["git status"])',
      2,
      30,
      'expected every example to match at least one rule. rules: ["git push"]; unmatched examples: ["git status"]',
    );
  });

  it.each([
    ['"git \'status"', 'invalid example: example string has invalid shell syntax'],
    ['"git status\\\\"', 'invalid example: example string has invalid shell syntax'],
    ['"   "', 'invalid example: example cannot be an empty string'],
    ['"# only a comment"', 'invalid example: example cannot be an empty string'],
    ['[]', 'invalid example: example cannot be an empty list'],
    ['["git", ["status"]]', 'invalid example: example tokens must be strings (got list)'],
    ['True', 'invalid example: example must be a string or list of strings (got bool)'],
  ])('match = [%s] → %s', (example, reason) => {
    expectError(`prefix_rule(["git"], match = [${example}])`, 1, 22, reason);
    expectError(`prefix_rule(["git"], not_match = [${example}])`, 1, 22, reason);
  });
});

describe('rules files: prefix_rule argument errors', () => {
  it.each([
    ['prefix_rule(["ls"], decision = "deny")', 1, 21, 'invalid decision: deny'],
    ['prefix_rule(["ls"], decision = "Allow")', 1, 21, 'invalid decision: Allow'],
    // Accepted in requirements [rules] only, as Codex 0.171 refuses it in .rules files.
    ['prefix_rule(["git", "push"], decision = "prompt-user")', 1, 30, 'invalid decision: prompt-user'],
    ['prefix_rule(["ls"], "")', 1, 21, 'invalid decision: '],
    ['prefix_rule(["ls"], justification = "  \\t\\n")', 1, 21, 'invalid rule: justification cannot be empty'],
    ['prefix_rule(["ls"], "forbidden", justification = "")', 1, 34, 'invalid rule: justification cannot be empty'],
    ['prefix_rule(pattern = [])', 1, 13, 'invalid pattern element: pattern cannot be empty'],
    ['prefix_rule(pattern = ["git", []])', 1, 13, 'invalid pattern element: pattern alternatives cannot be empty'],
    ['prefix_rule(pattern = [[], "x"])', 1, 13, 'invalid pattern element: pattern alternatives cannot be empty'],
    [
      'prefix_rule(pattern = ["git", True])',
      1,
      13,
      'invalid pattern element: pattern element must be a string or list of strings (got bool)',
    ],
    [
      'prefix_rule(pattern = ["ls", 1])',
      1,
      13,
      'invalid pattern element: pattern element must be a string or list of strings (got int)',
    ],
    [
      'N = 0x10\nprefix_rule([N])',
      2,
      13,
      'invalid pattern element: pattern element must be a string or list of strings (got int)',
    ],
    [
      'prefix_rule(pattern = ["git", ["a", 2]])',
      1,
      13,
      'invalid pattern element: pattern alternative must be a string (got int)',
    ],
    ['prefix_rule(["ls"], decision = 1)', 1, 21, "prefix_rule() argument 'decision' must be a string (got int)"],
    [
      'prefix_rule(pattern = [None])',
      1,
      13,
      'invalid pattern element: pattern element must be a string or list of strings (got NoneType)',
    ],
    [
      'prefix_rule(pattern = ["git", ["a", ["b"]]])',
      1,
      13,
      'invalid pattern element: pattern alternative must be a string (got list)',
    ],
    ['prefix_rule(pattern = "git")', 1, 13, "prefix_rule() argument 'pattern' must be a list (got string)"],
    [
      'prefix_rule(["ls"], decision = ["allow"])',
      1,
      21,
      "prefix_rule() argument 'decision' must be a string (got list)",
    ],
    ['prefix_rule(["ls"], match = "ls")', 1, 21, "prefix_rule() argument 'match' must be a list (got string)"],
    ['prefix_rule(["ls"], reviewer = "user")', 1, 21, "prefix_rule() got an unexpected keyword argument 'reviewer'"],
    ['prefix_rule(["ls"], pattern = ["x"])', 1, 21, "prefix_rule() got multiple values for argument 'pattern'"],
    ['prefix_rule(decision = "allow")', 1, 1, "prefix_rule() missing required argument 'pattern'"],
    ['prefix_rule(pattern = None)', 1, 13, "prefix_rule() argument 'pattern' must be a list (got NoneType)"],
    [
      'prefix_rule(["a"], "allow", [], [], "j", "extra")',
      1,
      42,
      'prefix_rule() takes at most 5 positional arguments (6 given)',
    ],
  ] as const)('%s → %i:%i %s', (text, line, column, reason) => expectError(text, line, column, reason));
});

describe('rules files: host_executable', () => {
  it('normalizes and removes duplicate paths', () => {
    const { hostExecutables } = load(
      'host_executable(name = "git", paths = ["/usr/bin/git", "/usr/../bin/git", "/usr/bin/./git", "//opt//bin//git", "/usr/bin/git/"])',
    );
    expect([...hostExecutables]).toEqual([['git', ['/usr/bin/git', '/bin/git', '/opt/bin/git']]]);
  });

  it('keeps paths = [] as an empty list, which disables basename fallback', () => {
    const { rules, hostExecutables } = load(
      'host_executable(name = "git", paths = [])\nprefix_rule(["git"], "forbidden")',
    );
    expect(hostExecutables.get('git')).toEqual([]);
    expect(new RuleIndex(rules, hostExecutables).matches(['/usr/bin/git', 'status'])).toEqual([]);
  });

  it('lets the last definition win, across files', () => {
    const { hostExecutables } = load(
      'host_executable("git", ["/usr/bin/git"])\nhost_executable("rg", ["/usr/bin/rg"])',
      'host_executable("git", ["/opt/homebrew/bin/git", "/opt/homebrew/bin/git"])',
    );
    expect(Object.fromEntries(hostExecutables)).toEqual({ git: ['/opt/homebrew/bin/git'], rg: ['/usr/bin/rg'] });
  });

  it.each([
    ['host_executable("", [])', 1, 17, 'invalid rule: host_executable name cannot be empty'],
    [
      'host_executable("bin/git", [])',
      1,
      17,
      'invalid rule: host_executable name must be a bare executable name (got bin/git)',
    ],
    [
      'host_executable("/usr/bin/git", [])',
      1,
      17,
      'invalid rule: host_executable name must be a bare executable name (got /usr/bin/git)',
    ],
    ['host_executable("..", [])', 1, 17, 'invalid rule: host_executable name must be a bare executable name (got ..)'],
    [
      'host_executable("git", ["bin/git"])',
      1,
      24,
      'invalid rule: host_executable paths must be absolute (got bin/git)',
    ],
    // As in Codex 0.171, `~` is not expanded: a home-relative path is refused.
    [
      'host_executable("git", ["~/bin/git"])',
      1,
      24,
      'invalid rule: host_executable paths must be absolute (got ~/bin/git)',
    ],
    [
      'host_executable("git", ["~other/git"])',
      1,
      24,
      'invalid rule: host_executable paths must be absolute (got ~other/git)',
    ],
    [
      'host_executable("git", ["/usr/bin/git2"])',
      1,
      24,
      'invalid rule: host_executable path `/usr/bin/git2` must have basename `git`',
    ],
    ['host_executable("git", ["/"])', 1, 24, 'invalid rule: host_executable path `/` must have basename `git`'],
    [
      'host_executable("git", paths = [["/usr/bin/git"]])',
      1,
      24,
      'invalid rule: host_executable paths must be strings (got list)',
    ],
    ['host_executable("git", "/usr/bin/git")', 1, 24, "host_executable() argument 'paths' must be a list (got string)"],
    ['host_executable(name = "git")', 1, 1, "host_executable() missing required argument 'paths'"],
    ['host_executable(True, [])', 1, 17, "host_executable() argument 'name' must be a string (got bool)"],
  ] as const)('%s → %i:%i %s', (text, line, column, reason) => expectError(text, line, column, reason));
});

describe('rules files: network_rule', () => {
  it('records normalized network rules in file order, and nothing for commands', () => {
    const result = load(
      'network_rule("API.Example.com.:443", "https_connect", "deny")\nnetwork_rule(host = "[::1]:8080", protocol = "socks5_udp", decision = "allow", justification = "local")',
    );
    expect(result.rules).toEqual([]);
    expect(result.networkRules).toEqual([
      {
        host: 'api.example.com',
        protocol: 'https',
        decision: 'forbidden',
        origin: { kind: 'user', file: 'r1.rules', at: '1:1' },
      },
      {
        host: '::1',
        protocol: 'socks5_udp',
        decision: 'allow',
        justification: 'local',
        origin: { kind: 'user', file: 'r1.rules', at: '2:1' },
      },
    ]);
  });

  it('compiles to allowed and denied hosts: a later rule for a host replaces an earlier one, prompt rules add nothing', () => {
    const { networkRules } = load(
      [
        'network_rule("a.com", "http", "allow")',
        'network_rule("b.com", "https", "deny")',
        'network_rule("c.com", "https", "allow")',
        'network_rule("A.com:8080", "https", "forbidden")',
        'network_rule("b.com", "socks5_tcp", "allow")',
        'network_rule("p.com", "https", "prompt")',
      ].join('\n'),
    );
    expect(compiledNetworkDomains(networkRules ?? [])).toEqual({ allowed: ['c.com', 'b.com'], denied: ['a.com'] });
  });

  it.each([
    [
      'network_rule("a.com", "ftp", "allow")',
      1,
      23,
      'invalid rule: network_rule protocol must be one of http, https, socks5_tcp, socks5_udp (got ftp)',
    ],
    ['network_rule("a.com", "http", "block")', 1, 31, 'invalid decision: block'],
    ['network_rule("a.com", "http", "allow", " ")', 1, 40, 'invalid rule: justification cannot be empty'],
    [
      'network_rule("*.a.com", "http", "allow")',
      1,
      14,
      'invalid rule: network_rule host must be a specific host; wildcards are not allowed',
    ],
    [
      'network_rule("https://a.com", "http", "allow")',
      1,
      14,
      'invalid rule: network_rule host must be a hostname or IP literal (without scheme or path)',
    ],
    [
      'network_rule("a.com/x", "http", "allow")',
      1,
      14,
      'invalid rule: network_rule host must be a hostname or IP literal (without scheme or path)',
    ],
    ['network_rule("  ", "http", "allow")', 1, 14, 'invalid rule: network_rule host cannot be empty'],
    [
      'network_rule("[::1", "http", "allow")',
      1,
      14,
      'invalid rule: network_rule host has an invalid bracketed IPv6 literal',
    ],
    [
      'network_rule("[::1]x", "http", "allow")',
      1,
      14,
      'invalid rule: network_rule host contains an unsupported suffix: [::1]x',
    ],
    ['network_rule("a b", "http", "allow")', 1, 14, 'invalid rule: network_rule host cannot contain whitespace'],
    ['network_rule("a.com", "http")', 1, 1, "network_rule() missing required argument 'decision'"],
  ] as const)('%s → %i:%i %s', (text, line, column, reason) => expectError(text, line, column, reason));
});

describe('rules files: other errors', () => {
  it.each([
    ['allow_rule(["ls"])', 1, 1, 'undefined function `allow_rule`'],
    ['prefix_rule([cmd])', 1, 14, 'undefined variable `cmd`'],
    ['prefix_rule = ["ls"]\nprefix_rule(prefix_rule)', 2, 1, '`prefix_rule` is not callable (got list)'],
    ['\n\nprefix_rule(["ls"], decision = "maybe")', 3, 21, 'invalid decision: maybe'],
    ['prefix_rule(["git"] + "push")', 1, 21, "unsupported operand types for +: 'list' and 'string'"],
    ['x = "a"\ny = 1 + x', 2, 7, "unsupported operand types for +: 'int' and 'string'"],
    ['x = None + None', 1, 10, "unsupported operand types for +: 'NoneType' and 'NoneType'"],
    ['prefix_rule(["ls"]); oops(["x"])', 1, 22, 'undefined function `oops`'],
    ['print("hi")', 1, 1, 'undefined function `print`'],
    ['s = set(["a"])', 1, 5, 'undefined function `set`'],
  ] as const)('%j → %i:%i %s', (text, line, column, reason) => expectError(text, line, column, reason));

  it('stops at the first failing file and names it', () => {
    const error = loadError('prefix_rule(["ls"])', 'prefix_rule(["ls"], "nope")', 'this is not starlark');
    expect(error.message).toBe('r2.rules:1:21: invalid decision: nope');
  });

  it('reports syntax errors before evaluating anything in the file', () => {
    expect(loadError('prefix_rule(["ls"], "nope")\nx = "unterminated').message).toBe(
      'r1.rules:2:5: unterminated string',
    );
  });

  it('refuses to build a string or list past the length limit', () => {
    const doubling = (seed: string) => [`s = ${seed}`, ...Array.from({ length: 30 }, () => 's = s + s')].join('\n');
    expect(loadError(doubling('"ab"')).reason).toBe(`string too long (more than ${MAX_CONCAT_LENGTH} characters)`);
    expect(loadError(doubling('["a", "b"]')).reason).toBe(`list too long (more than ${MAX_CONCAT_LENGTH} items)`);
  });

  it('rejects hostile input with positions', () => {
    expect(loadError(`prefix_rule(pattern = ${'['.repeat(1_000_000)}`).message).toBe(
      'r1.rules:1:87: lists nested too deeply (more than 64 levels)',
    );
    expect(loadError(`prefix_rule(["a"], justification = "${'x'.repeat(1_000_000)}`).reason).toBe(
      'unterminated string',
    );
  });
});

describe('rules files: scale', () => {
  it('loads 20,000 rules with examples quickly', () => {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      lines.push(
        `prefix_rule(pattern = ["tool${i}", ["run", "exec"]], decision = "prompt", match = ["tool${i} run x"], not_match = ["tool${i} stop"])`,
      );
    }
    const files: RulesFileText[] = [{ path: 'big.rules', text: lines.join('\n') }];
    const { rules } = loadRulesFiles(files, { homedir: HOME });
    expect(rules).toHaveLength(20_000);
    expect(new RuleIndex(rules).matches(['tool19999', 'exec'])).toHaveLength(1);
  });
});

describe('rules files: f-strings', () => {
  it('put variables into strings, as Codex parses .rules with f-strings on', () => {
    const { rules } = load(
      'tool = "kubectl"\nverb = "delete"\nn = 2\nprefix_rule(pattern = [f"{tool}", f"{ verb }"], decision = "prompt", justification = f"{tool} {verb} needs review ({n}) {{x}}")',
    );
    expect(rules).toMatchObject([
      {
        program: 'kubectl',
        rest: ['delete'],
        decision: 'prompt',
        justification: 'kubectl delete needs review (2) {x}',
      },
    ]);
  });

  it.each([
    ['prefix_rule(pattern = [f"{tool}"])', 1, 27, 'undefined variable `tool`'],
    ['x = f"{a + }"', 1, 12, 'expected an expression, found end of file'],
    ['x = f"a}"', 1, 5, "f-string: single '}' is not allowed"],
    ['x = f"{}"', 1, 5, 'f-string: empty expression not allowed'],
    ['x = f"{1 2}"', 1, 10, 'expected the end of the f-string field, found int 2'],
  ] as const)('%j → %i:%i %s', (text, line, column, reason) => expectError(text, line, column, reason));
});

/** A rule without its origin, for comparing what different spellings record. */
const plain = ({ program, rest, decision, justification }: PrefixRule) => ({
  program,
  rest,
  decision,
  ...(justification === undefined ? {} : { justification }),
});
const plainRules = (...texts: string[]) => load(...texts).rules.map(plain);

describe('rules files: def, for and if', () => {
  it('loads a file that defines a function, loops and branches at top level', () => {
    const { rules } = load(`def deny(cmd):
    prefix_rule(pattern = cmd, decision = "forbidden")
deny(["terraform", "destroy"])
for sub in ["push", "commit"]:
    prefix_rule(pattern = ["git", sub], decision = "prompt")
if True:
    prefix_rule(pattern = ["ls"])
`);
    expect(rules.map((r) => [r.program, r.rest, r.decision, r.origin.at])).toEqual([
      ['terraform', ['destroy'], 'forbidden', '2:5'],
      ['git', ['push'], 'prompt', '5:5'],
      ['git', ['commit'], 'prompt', '5:5'],
      ['ls', [], 'allow', '7:5'],
    ]);
  });

  it('binds positional and keyword arguments, filling the rest from defaults evaluated at the def', () => {
    const rules = plainRules(`D = "prompt"
def rule(cmd, decision = D, why = None):
    if why:
        prefix_rule(pattern = cmd, decision = decision, justification = why)
    else:
        prefix_rule(cmd, decision)
D = "allow"
rule(["a"])
rule(["b"], "forbidden")
rule(why = "reads only", cmd = ["c"], decision = D)
`);
    expect(rules).toEqual([
      { program: 'a', rest: [], decision: 'prompt' },
      { program: 'b', rest: [], decision: 'forbidden' },
      { program: 'c', rest: [], decision: 'allow', justification: 'reads only' },
    ]);
  });

  it('returns values from functions, which expressions may call; falling off the end returns None', () => {
    const rules = plainRules(`TOOLS = ["kubectl", "helm"]
def pattern(tool, extra = []):
    base = ["get", "describe"]
    return [tool, base + extra]
def nothing():
    pass
for t in TOOLS:
    prefix_rule(pattern(t, extra = ["logs"] if t == "kubectl" else []), decision = nothing())
`);
    expect(rules).toEqual([
      { program: 'kubectl', rest: [['get', 'describe', 'logs']], decision: 'allow' },
      { program: 'helm', rest: [['get', 'describe']], decision: 'allow' },
    ]);
  });

  it('builds lists with comprehensions, with filters, several clauses and unpacking', () => {
    const rules = plainRules(`subs = ["push", "pull", "fetch"]
pats = [["git", s] for s in subs if s != "pull"]
for p in pats:
    prefix_rule(p, "prompt")
pairs = [[a, b] for a in ["npm", "pnpm"] for b in ["i", "ci"]]
for tool, verb in pairs:
    if verb == "ci":
        continue
    prefix_rule([tool, verb])
for name, decision in [["rm", "forbidden"], ["ls", "allow"]]:
    prefix_rule([name], decision)
`);
    expect(rules.map((r) => [r.program, ...r.rest, r.decision].join(' '))).toEqual([
      'git push prompt',
      'git fetch prompt',
      'npm i allow',
      'pnpm i allow',
      'rm forbidden',
      'ls allow',
    ]);
  });

  it('keeps comprehension variables to the comprehension, and loop variables after the loop', () => {
    const rules = plainRules(
      'x = "outer"\nys = [x for x in ["inner"]]\nfor z in ["a", "last"]:\n    pass\nprefix_rule([x, z] + ys)',
    );
    expect(rules).toEqual([{ program: 'outer', rest: ['last', 'inner'], decision: 'allow' }]);
  });

  it('picks branches with Starlark truth: False, None, 0, "" and [] are false', () => {
    const rules = plainRules(`def truth(v):
    return "t" if v else "f"
def fn():
    pass
prefix_rule([truth(False), truth(None), truth(0), truth(""), truth([]), truth(True), truth(1), truth("0"), truth([[]]), truth(fn)])
`);
    expect(rules[0]).toMatchObject({ program: 'f', rest: ['f', 'f', 'f', 'f', 't', 't', 't', 't', 't'] });
  });

  it('compares with ==, !=, in and not in, and returns operands from and / or', () => {
    const rules = plainRules(`def b(v):
    return "1" if v else "0"
prefix_rule([
    b(["a", ["b"]] == ["a", ["b"]]), b(["a"] == ["a", "b"]), b(1 == True), b(None == None), b(2 != 3),
    b("a" in ["x", "a"]), b(["b"] in [["b"]]), b("ab" in "cabd"), b("x" not in "abc"), b(1 in ["1"]),
    b(not []), b(b == b),
])
prefix_rule([[] or "d", "e" and "f", (None and x) or "h", "i" or x, "" or [] or "g"])
x = 1
`);
    expect(rules[0]).toMatchObject({ program: '1', rest: ['0', '0', '1', '1', '1', '1', '1', '1', '0', '1', '1'] });
    expect(rules[1]).toMatchObject({ program: 'd', rest: ['f', 'h', 'i', 'g'] });
  });

  it('runs elif and else, break and continue, in nested blocks', () => {
    const rules = plainRules(`def classify(words):
    for w in words:
        if w == "stop":
            break
        elif w == "skip":
            continue
        elif w in ["rm", "dd"]:
            prefix_rule([w], "forbidden")
        else:
            for extra in [["-n"], []]:
                prefix_rule([w] + extra, "prompt")
classify(["rm", "skip", "ls", "stop", "dd"])
`);
    expect(rules.map((r) => [r.program, ...r.rest, r.decision].join(' '))).toEqual([
      'rm forbidden',
      'ls -n prompt',
      'ls prompt',
    ]);
  });

  it('reads module globals from functions (even ones assigned after the def); assigning inside makes a local', () => {
    const rules = plainRules(`x = "global"
def f():
    x = "local"
    return x
def g():
    return later
later = "later"
prefix_rule([x, f(), g(), x])
`);
    expect(rules).toEqual([{ program: 'global', rest: ['local', 'later', 'global'], decision: 'allow' }]);
  });

  it('gives nested functions the enclosing function’s variables', () => {
    const rules = plainRules(`def outer(p):
    def inner(q):
        return [p, q]
    return inner("b") + inner("c")
prefix_rule(outer("a"))
`);
    expect(rules).toEqual([{ program: 'a', rest: ['b', 'a', 'c'], decision: 'allow' }]);
  });

  it('calls a function through another name and lets a def shadow a builtin', () => {
    expect(plainRules('def f(p):\n    prefix_rule(p)\ng = f\ng(["ls"])')).toEqual([
      { program: 'ls', rest: [], decision: 'allow' },
    ]);
    expect(plainRules('def prefix_rule(p):\n    pass\nprefix_rule(["ls"])')).toEqual([]);
  });

  it(`records the same rules from a loop, a comprehension or a helper as from writing each call out (fast-check seed ${lawSeed()})`, () => {
    const word = fc.string({ unit: 'grapheme-ascii', maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 8 }),
        fc.constantFrom('allow', 'prompt', 'forbidden'),
        (subs, decision) => {
          const list = JSON.stringify(subs);
          const written = plainRules(
            subs
              .map((s) => `prefix_rule(pattern = ["git", ${JSON.stringify(s)}], decision = "${decision}")`)
              .join('\n'),
          );
          expect(written).toHaveLength(subs.length);
          expect(
            plainRules(`for sub in ${list}:\n    prefix_rule(pattern = ["git", sub], decision = "${decision}")`),
          ).toEqual(written);
          expect(plainRules(`for p in [["git", s] for s in ${list}]:\n\tprefix_rule(p, "${decision}")`)).toEqual(
            written,
          );
          expect(
            plainRules(
              `def rule(sub, d = "${decision}"):\n  prefix_rule(pattern = ["git", sub], decision = d)\nfor s in ${list}: rule(s)`,
            ),
          ).toEqual(written);
        },
      ),
      { seed: lawSeed(), numRuns: 200 },
    );
  });
});

describe('rules files: def, for and if errors', () => {
  it.each([
    ['def f(n):\n    f(n)\nf(1)', 2, 5, 'calls nested too deeply (more than 49 levels; Starlark call stack overflow)'],
    ['for c in "abc":\n    pass', 1, 10, 'cannot loop over string (lists, tuples, dicts and ranges can be iterated)'],
    ['x = [c for c in 12]', 1, 17, 'cannot loop over int (lists, tuples, dicts and ranges can be iterated)'],
    ['for a, b in [["x"]]: pass', 1, 5, 'not enough values to unpack (got 1, want 2)'],
    ['for a in [["x", "y", "z"]]:\n    for b, c in [a]: pass', 2, 9, 'too many values to unpack (got 3, want 2)'],
    ['for a, b in ["xy"]: pass', 1, 5, 'cannot unpack string into 2 variables'],
    ['return 1', 1, 1, '`return` outside a function'],
    ['def f():\n    prefix_rule([cmd])', 2, 18, 'undefined variable `cmd`'],
    ['def f():\n    return [x for x in [1] if y]\nf()', 2, 31, 'undefined variable `y`'],
    ['if False:\n    prefix_rule([nope])', 2, 18, 'undefined variable `nope`'],
    ['def f(a = missing): pass', 1, 11, 'undefined variable `missing`'],
    ['x = [y for y in y]', 1, 17, 'undefined variable `y`'],
    ['def f():\n    helper()', 2, 5, 'undefined function `helper`'],
    ['def f():\n    y = x\n    x = 1\nf()', 2, 9, 'local variable `x` referenced before assignment'],
    ['prefix_rule(x)\nx = ["a"]', 1, 13, 'global variable `x` referenced before assignment'],
    ['f()\ndef f():\n    pass', 1, 1, 'global variable `f` referenced before assignment'],
    ['def f(a): pass\nf()', 2, 1, "f() missing required argument 'a'"],
    ['def f(a): pass\nf(1, 2)', 2, 6, 'f() takes at most 1 positional arguments (2 given)'],
    ['def f(a): pass\nf(b = 1)', 2, 3, "f() got an unexpected keyword argument 'b'"],
    ['def f(a): pass\nf(1, a = 2)', 2, 6, "f() got multiple values for argument 'a'"],
    ['x = "s"\nx()', 2, 1, '`x` is not callable (got string)'],
    ['x = 1 in "abc"', 1, 7, "'in <string>' requires a string on the left (got int)"],
    ['x = "a" in 1', 1, 9, "'in' requires a list, tuple, dict or string on the right (got int)"],
    ['def f(): pass\nx = f + f', 2, 7, "unsupported operand types for +: 'function' and 'function'"],
    [
      'def f(): pass\nprefix_rule([f])',
      2,
      13,
      'invalid pattern element: pattern element must be a string or list of strings (got function)',
    ],
    ['def f():\n    prefix_rule(["ls"], "maybe")\nif True:\n    f()', 2, 25, 'invalid decision: maybe'],
  ] as const)('%j → %i:%i %s', (text, line, column, reason) => expectError(text, line, column, reason));

  it('checks names before running anything, in file order', () => {
    expectError('prefix_rule(["ls"], "nope")\ndef f():\n    return typo', 3, 12, 'undefined variable `typo`');
  });

  it('checks match and not_match examples of rules recorded in loops and functions', () => {
    expectError(
      'for t in ["a", "b"]:\n    prefix_rule([t], match = ["a x"])',
      2,
      22,
      'expected every example to match at least one rule. rules: ["b"]; unmatched examples: ["a x"]',
    );
  });

  it(`stops a file after ${MAX_EVALUATION_STEPS} evaluation steps, at the step that went over`, () => {
    const text = `xs = ["a"]\n${'xs = xs + xs\n'.repeat(12)}for a in xs:\n    for b in xs:\n        pass\n`;
    const started = Date.now();
    expectError(text, 16, 9, `too many evaluation steps (more than ${MAX_EVALUATION_STEPS}); is a loop too long?`);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('counts long lists and strings against the step budget', () => {
    const big = `big = ["a"]\n${'big = big + big\n'.repeat(21)}copy = big + []\n`;
    expect(loadError(`${big}for i in ${JSON.stringify(Array(50).fill(1))}:\n    same = big == copy\n`)).toMatchObject({
      line: 25,
      column: 16,
    });
    expect(loadError(`${big}for i in ${JSON.stringify(Array(50).fill(1))}:\n    x = "b" in big\n`).reason).toMatch(
      /^too many evaluation steps/,
    );
  });

  it('limits comprehensions and f-strings to the longest list or string + may build', () => {
    expect(loadError(`s = "ab"\n${'s = s + s\n'.repeat(21)}x = f"{s}{s}"`)).toMatchObject({
      line: 23,
      column: 5,
      reason: `string too long (more than ${MAX_CONCAT_LENGTH} characters)`,
    });
  });

  it(`refuses calls nested more than ${MAX_CALL_DEPTH} deep, as Codex's Starlark does at about 50 frames`, () => {
    const depth = (n: number) =>
      `def f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\nprefix_rule(["x", str(f(${n}))])`;
    expect(load(depth(48)).rules).toMatchObject([{ program: 'x', rest: ['48'] }]);
    expectError(
      depth(49),
      2,
      33,
      `calls nested too deeply (more than ${MAX_CALL_DEPTH} levels; Starlark call stack overflow)`,
    );
  });

  it(`refuses evaluation nested more than ${MAX_EVALUATION_DEPTH} levels, counting blocks, calls and expressions`, () => {
    const fn = (i: number, last: boolean) => {
      const ifs = Array.from({ length: 60 }, (_, d) => `${' '.repeat(4 + d)}if True:\n`).join('');
      return `def f${i}():\n${ifs}${' '.repeat(64)}x = ${'['.repeat(60)}${last ? '1' : `f${i + 1}()`}${']'.repeat(60)}\n`;
    };
    const fns = Array.from({ length: 9 }, (_, i) => fn(i, i === 8)).join('');
    const error = loadError(`${fns}f0()\n`);
    expect(error.reason).toBe(
      `evaluation nested too deeply (more than ${MAX_EVALUATION_DEPTH} levels of blocks, calls and expressions)`,
    );
    expect(error.line).toBeGreaterThan(61 * 7);
  });
});
