import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '@ratchet/core';
import { lawSeed } from '@ratchet/testkit';
import { diagnosticLike, type DiagnosticExpectation as Expected } from '@ratchet/testkit/vitest';
import { identityArbitrary } from './arbitraries.js';
import { describeIdentity, matches, parseIdentity, printIdentity, type Identity, type Transport } from './identity.js';

const KEY = 'mcp_servers.docs.identity';

/** Parses `raw` as the identity of server `docs` (or `server`), collecting diagnostics as req.toml would. */
function parse(raw: unknown, server = 'docs') {
  const bag = new DiagnosticBag('req.toml', 'mcp');
  const identity = parseIdentity(raw, `mcp_servers.${server}.identity`, server, bag.report);
  return { identity, diagnostics: bag.items };
}
const error = (expected: Expected) =>
  diagnosticLike({ source: 'req.toml', provider: 'mcp', severity: 'error', ...expected });
const stdio = (command: string, ...args: string[]): Transport => ({ command, args });
const http = (url: string): Transport => ({ url });

describe('parseIdentity: valid forms', () => {
  const cases: { name: string; input: unknown; expected: Identity }[] = [
    { name: 'command = "x"', input: { command: 'docs-mcp' }, expected: { command: 'docs-mcp' } },
    {
      name: 'url = "..." is an exact url matcher',
      input: { url: 'https://example.com/mcp' },
      expected: { url: { match: 'exact', value: 'https://example.com/mcp' } },
    },
    {
      name: 'command table with exact, prefix and regex arg matchers (a plain string is exact)',
      input: {
        command: {
          executable: 'company-cli',
          args: [
            'mcp',
            { match: 'exact', value: 'proxy' },
            { match: 'prefix', value: '--server=' },
            { match: 'regex', expression: 'https://[a-z]+\\.example\\.com' },
          ],
        },
      },
      expected: {
        command: 'company-cli',
        args: [
          { match: 'exact', value: 'mcp' },
          { match: 'exact', value: 'proxy' },
          { match: 'prefix', value: '--server=' },
          { match: 'regex', expression: 'https://[a-z]+\\.example\\.com' },
        ],
      },
    },
    {
      name: 'command table without args ignores args',
      input: { command: { executable: 'docs-mcp' } },
      expected: { command: 'docs-mcp' },
    },
    {
      name: 'command table with args = [] demands no args',
      input: { command: { executable: 'docs-mcp', args: [] } },
      expected: { command: 'docs-mcp', args: [] },
    },
    {
      name: 'url exact matcher table',
      input: { url: { match: 'exact', value: 'https://a.example/' } },
      expected: { url: { match: 'exact', value: 'https://a.example/' } },
    },
    {
      name: 'url prefix matcher',
      input: { url: { match: 'prefix', value: 'https://example.com/' } },
      expected: { url: { match: 'prefix', value: 'https://example.com/' } },
    },
    {
      name: 'url regex matcher',
      input: { url: { match: 'regex', expression: 'https://example\\.com/mcp(/v\\d+)?' } },
      expected: { url: { match: 'regex', expression: 'https://example\\.com/mcp(/v\\d+)?' } },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { identity, diagnostics } = parse(input);
    expect(identity).toStrictEqual(expected);
    expect(diagnostics).toEqual([]);
  });

  it('printIdentity round-trips through parseIdentity', () => {
    for (const { expected } of cases) {
      const again = parse(printIdentity(expected));
      expect(again.diagnostics).toEqual([]);
      expect(again.identity).toStrictEqual(expected);
    }
    expect(printIdentity({ command: 'docs-mcp' })).toEqual({ command: 'docs-mcp' });
    expect(printIdentity({ url: { match: 'exact', value: 'https://a.example/' } })).toEqual({
      url: 'https://a.example/',
    });
  });

  it(`printIdentity round-trips every generated identity (fast-check seed ${lawSeed()})`, () => {
    fc.assert(
      fc.property(identityArbitrary, (id) => {
        const again = parse(printIdentity(id));
        expect(again.diagnostics).toEqual([]);
        expect(again.identity).toStrictEqual(id);
      }),
      { seed: lawSeed(), numRuns: 200 },
    );
  });
});

describe('parseIdentity: errors', () => {
  const cases: { name: string; input: unknown; expected: Expected[]; none?: boolean }[] = [
    {
      name: 'both command and url',
      input: { command: 'x', url: 'https://x' },
      expected: [{ kind: 'conflict', key: KEY, message: 'exactly one of command and url' }],
      none: true,
    },
    {
      name: 'neither command nor url',
      input: {},
      expected: [{ kind: 'missing-key', key: KEY, message: 'exactly one of command and url' }],
      none: true,
    },
    {
      name: 'an identity that is not a table',
      input: 'docs-mcp',
      expected: [{ kind: 'invalid-type', key: KEY }],
      none: true,
    },
    {
      name: 'unknown key in the identity table (args beside a plain command)',
      input: { command: 'x', args: ['a'] },
      expected: [{ kind: 'unknown-key', key: `${KEY}.args` }],
    },
    {
      name: 'unknown key in the command table',
      input: { command: { executable: 'x', argv: [] } },
      expected: [{ kind: 'unknown-key', key: `${KEY}.command.argv` }],
    },
    {
      name: 'unknown key in an exact/prefix matcher',
      input: { url: { match: 'prefix', value: 'https://', flags: 'i' } },
      expected: [{ kind: 'unknown-key', key: `${KEY}.url.flags` }],
    },
    {
      name: 'unknown key in a regex matcher',
      input: { command: { executable: 'x', args: [{ match: 'regex', expression: 'a', value: 'b' }] } },
      expected: [{ kind: 'unknown-key', key: `${KEY}.command.args[0].value` }],
    },
    {
      name: 'a misspelt value key is unknown and the value missing',
      input: { url: { match: 'exact', vaule: 'https://x' } },
      expected: [
        { kind: 'unknown-key', key: `${KEY}.url.vaule` },
        { kind: 'invalid-type', key: `${KEY}.url.value` },
      ],
      none: true,
    },
    {
      name: 'unknown match value',
      input: { url: { match: 'glob', value: '*' } },
      expected: [{ kind: 'unknown-value', key: `${KEY}.url.match`, message: '"glob"' }],
      none: true,
    },
    {
      name: 'missing match',
      input: { url: { value: 'https://x' } },
      expected: [{ kind: 'missing-key', key: `${KEY}.url.match` }],
      none: true,
    },
    {
      name: 'command table without executable',
      input: { command: { args: [] } },
      expected: [{ kind: 'invalid-type', key: `${KEY}.command.executable` }],
      none: true,
    },
    {
      name: 'args that are not a list',
      input: { command: { executable: 'x', args: 'serve' } },
      expected: [{ kind: 'invalid-type', key: `${KEY}.command.args` }],
      none: true,
    },
    {
      name: 'command of the wrong type',
      input: { command: 42 },
      expected: [{ kind: 'invalid-type', key: `${KEY}.command` }],
      none: true,
    },
  ];

  it.each(cases)('$name', ({ input, expected, none }) => {
    const { identity, diagnostics } = parse(input);
    expect(diagnostics).toEqual(expected.map(error));
    if (none) expect(identity).toBeUndefined();
  });

  it('an invalid regex is an error naming the server, at the .expression key', () => {
    const url = parse({ url: { match: 'regex', expression: '(unclosed' } }, 'pricing');
    expect(url.identity).toBeUndefined();
    expect(url.diagnostics).toEqual([
      error({
        kind: 'invalid-value',
        key: 'mcp_servers.pricing.identity.url.expression',
        message: 'invalid regular expression for MCP server "pricing"',
        suggestion: 'anchored',
      }),
    ]);
    const arg = parse({ command: { executable: 'x', args: ['ok', { match: 'regex', expression: '[z-a]' }] } });
    expect(arg.identity).toBeUndefined();
    expect(arg.diagnostics).toEqual([
      error({ kind: 'invalid-value', key: `${KEY}.command.args[1].expression`, message: 'MCP server "docs"' }),
    ]);
  });
});

describe('matches', () => {
  it('a command identity without arg matchers compares the command only', () => {
    const id: Identity = { command: 'docs-mcp' };
    expect(matches(id, stdio('docs-mcp'))).toBe(true);
    expect(matches(id, stdio('docs-mcp', '--verbose', 'serve'))).toBe(true);
    expect(matches(id, stdio('/usr/bin/docs-mcp'))).toBe(false);
    expect(matches(id, stdio('docs-mcp-evil'))).toBe(false);
  });

  it('arg matchers compare one-for-one, in order, with equal length', () => {
    const id: Identity = {
      command: 'company-cli',
      args: [
        { match: 'exact', value: 'mcp' },
        { match: 'prefix', value: '--server=' },
        { match: 'regex', expression: 'https://[a-z]+\\.example\\.com' },
      ],
    };
    expect(matches(id, stdio('company-cli', 'mcp', '--server=pricing', 'https://pricing.example.com'))).toBe(true);
    expect(matches(id, stdio('company-cli', '--server=pricing', 'mcp', 'https://pricing.example.com'))).toBe(false);
    expect(
      matches(id, stdio('company-cli', 'mcp', '--server=pricing', 'https://pricing.example.com', '--verbose')),
    ).toBe(false);
    expect(matches(id, stdio('company-cli', 'mcp', '--server=pricing'))).toBe(false);
    expect(matches(id, stdio('company-cli', 'mcp', '--port=1', 'https://pricing.example.com'))).toBe(false);
    expect(matches(id, stdio('company-cli', 'mcp', '--server=x', 'https://pricing.example.com.evil.net'))).toBe(false);
    expect(matches(id, stdio('other-cli', 'mcp', '--server=pricing', 'https://pricing.example.com'))).toBe(false);
    expect(matches({ command: 'x', args: [] }, stdio('x'))).toBe(true);
    expect(matches({ command: 'x', args: [] }, stdio('x', 'serve'))).toBe(false);
  });

  it('regexes use Rust regex syntax, as Codex does: inline flags load, look-around is refused', () => {
    const url = parse({ url: { match: 'regex', expression: '(?i)https://example\\.com/mcp' } });
    expect(url.diagnostics).toEqual([]);
    expect(matches(url.identity!, http('HTTPS://EXAMPLE.com/mcp'))).toBe(true);
    expect(matches(url.identity!, http('https://example.com/mcp/x'))).toBe(false);
    const ahead = parse({ url: { match: 'regex', expression: '(?!https://evil).*' } });
    expect(ahead.identity).toBeUndefined();
    expect(ahead.diagnostics).toEqual([error({ kind: 'invalid-value', message: 'look-around' })]);
  });

  it('stdio and url never match each other', () => {
    expect(matches({ command: 'https://example.com/mcp' }, http('https://example.com/mcp'))).toBe(false);
    expect(matches({ url: { match: 'exact', value: 'docs-mcp' } }, stdio('docs-mcp'))).toBe(false);
    expect(matches({ url: { match: 'prefix', value: '' } }, stdio('docs-mcp'))).toBe(false);
    expect(matches({ url: { match: 'regex', expression: '.*' } }, stdio('docs-mcp'))).toBe(false);
  });

  it('an exact url compares the whole string, case included', () => {
    const id: Identity = { url: { match: 'exact', value: 'https://example.com/mcp' } };
    expect(matches(id, http('https://example.com/mcp'))).toBe(true);
    expect(matches(id, http('https://example.com/mcp/'))).toBe(false);
    expect(matches(id, http('https://EXAMPLE.com/mcp'))).toBe(false);
  });

  it('a regex is anchored at both ends', () => {
    const docs: Identity = { url: { match: 'regex', expression: 'docs' } };
    expect(matches(docs, http('docs'))).toBe(true);
    expect(matches(docs, http('docs-evil'))).toBe(false);
    expect(matches(docs, http('my-docs'))).toBe(false);
    const either: Identity = { url: { match: 'regex', expression: 'a|b' } };
    expect(matches(either, http('a'))).toBe(true);
    expect(matches(either, http('b'))).toBe(true);
    expect(matches(either, http('ab'))).toBe(false);
    expect(matches(either, http('xb'))).toBe(false);
    // A later alternative may match the whole value.
    const later: Identity = {
      url: { match: 'regex', expression: 'https://api\\.example\\.com|https://api\\.example\\.com/mcp' },
    };
    expect(matches(later, http('https://api.example.com/mcp'))).toBe(true);
    const arg: Identity = { command: 'x', args: [{ match: 'regex', expression: 'serve|run' }] };
    expect(matches(arg, stdio('x', 'serve'))).toBe(true);
    expect(matches(arg, stdio('x', 'server'))).toBe(false);
    expect(matches(arg, stdio('x', 'serve|run'))).toBe(false);
  });

  it('a prefix matches values starting with it, and only those', () => {
    const id: Identity = { url: { match: 'prefix', value: 'https://example.com/' } };
    expect(matches(id, http('https://example.com/'))).toBe(true);
    expect(matches(id, http('https://example.com/mcp/v2'))).toBe(true);
    expect(matches(id, http('https://example.com.evil.net/'))).toBe(false);
    expect(matches(id, http('http://example.com/'))).toBe(false);
  });

  it('describeIdentity names the matcher kind', () => {
    expect(describeIdentity({ command: 'docs-mcp' })).toBe('command "docs-mcp"');
    expect(describeIdentity({ url: { match: 'prefix', value: 'https://a/' } })).toBe('url starting with "https://a/"');
    expect(describeIdentity({ command: 'x', args: [{ match: 'regex', expression: 'a|b' }] })).toBe(
      'command "x" with args [matching /a|b/]',
    );
  });
});
