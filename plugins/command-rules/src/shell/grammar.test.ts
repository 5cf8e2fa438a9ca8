import { describe, expect, it } from 'vitest';
import { CommandPolicy } from '../policy.js';
import { loadShellGrammar, shellGrammarLoaded } from './grammar.js';

const forbidGitPush = new CommandPolicy(
  [{ program: 'git', rest: ['push'], decision: 'forbidden', origin: { kind: 'requirements', file: 'r', at: '0' } }],
  new Map(),
  { grammar: { grammar: '/nonexistent/tree-sitter-bash.wasm' } },
);

// The module state is this file's own: the grammar starts unloaded.
describe('the shell grammar', () => {
  it('a grammar that cannot load leaves scripts that need it at prompt, saying why; never a crash', async () => {
    await expect(loadShellGrammar({ grammar: '/nonexistent/tree-sitter-bash.wasm' })).rejects.toThrow(
      /cannot load the shell grammar/,
    );
    const check = await forbidGitPush.checkAsync(['bash', '-lc', '(git push)']);
    expect(check.decision).toBe('prompt');
    expect(check.opaque.map((o) => o.reason)).toContainEqual(expect.stringMatching(/cannot load the shell grammar/));
    expect(shellGrammarLoaded()).toBe(false);
  });

  it('loads from the plugin files, with a runtime that reads the grammar ABI, once', async () => {
    await Promise.all([loadShellGrammar(), loadShellGrammar()]);
    expect(shellGrammarLoaded()).toBe(true);
    expect((await new CommandPolicy([]).checkAsync(['bash', '-lc', '(ls)'])).grammarNeeded).toBe(false);
  });
});

describe('the shipped grammar file', () => {
  it('is tree-sitter-bash’s own, with an ABI the web-tree-sitter runtime reads', async () => {
    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const shipped = readFileSync(new URL('../../assets/tree-sitter-bash.wasm', import.meta.url));
    expect(shipped.equals(readFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')))).toBe(true);
    const runtime = await import('web-tree-sitter');
    await runtime.Parser.init();
    // The runtime's supported range is set once it has started.
    const language = await runtime.Language.load(shipped);
    expect(language.abiVersion).toBeGreaterThanOrEqual(runtime.MIN_COMPATIBLE_VERSION);
    expect(language.abiVersion).toBeLessThanOrEqual(runtime.LANGUAGE_VERSION);
  });
});
