import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFlags, guard, parsePlainFlags, parsePolicyArgs, policyFlags, UsageError } from './args.js';

describe('policy flags', () => {
  it('collects repeated --requirements and -c in order', () => {
    const { values, positionals } = parsePolicyArgs([
      '--requirements',
      'a.toml',
      '-c',
      'x=1',
      '--requirements',
      'b.toml',
      '-c',
      'x=2',
      'KEY',
    ]);
    const flags = policyFlags(values);
    expect(flags.requirements).toEqual(['a.toml', 'b.toml']);
    expect(flags.overrides).toEqual(['x=1', 'x=2']);
    expect(positionals).toEqual(['KEY']);
  });

  it('carries optional flags only when given', () => {
    const bare = policyFlags(parsePolicyArgs([]).values);
    expect(bare).toEqual({ requirements: [], noDefaultSources: false, overrides: [], strict: false });
    const full = policyFlags(
      parsePolicyArgs([
        '--config',
        'c.toml',
        '--profile',
        'p',
        '--hostname',
        'h',
        '--managed-config',
        'm.toml',
        '--strict',
        '--no-default-sources',
      ]).values,
    );
    expect(full).toMatchObject({
      config: 'c.toml',
      profile: 'p',
      hostname: 'h',
      managedConfig: 'm.toml',
      strict: true,
      noDefaultSources: true,
    });
  });

  it('turns an unknown option into a one-line usage error', () => {
    expect(() => parsePolicyArgs(['--frob'])).toThrow(UsageError);
    try {
      parsePolicyArgs(['--frob']);
    } catch (error) {
      expect((error as Error).message).toBe("unknown option '--frob'");
    }
  });

  it('passes through what the parse returns', () => expect(guard(() => 42)).toBe(42));
});

describe('parsePlainFlags (fast-check seed 1818)', () => {
  const strictParse = (args: string[]) => {
    try {
      return parseArgs({ args, options: checkFlags, allowPositionals: true, strict: true });
    } catch {
      return 'rejected';
    }
  };
  const word = fc.constantFrom('x', 'tool', '', '-', '-x', '--', '--json', 'a=b', '-c');
  const flag = fc.constantFrom(...Object.keys(checkFlags), 'nope', 'json-x');
  const arg = fc.oneof(
    flag.map((f) => `--${f}`),
    fc.tuple(flag, word).map(([f, v]) => `--${f}=${v}`),
    fc.constantFrom('-c', '-cx=1', 'git', '--', '-', '---json'),
    word,
  );

  it('reads a command line as parseArgs does, or leaves it to parseArgs', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 8 }), (args) => {
        const plain = parsePlainFlags(args, checkFlags);
        if (plain === undefined) return;
        read++;
        expect(plain).toEqual(strictParse(args));
      }),
      { seed: 1818, numRuns: 3000 },
    );
    expect(read).toBeGreaterThan(100); // the plain forms do come up
  });

  it('reads the plain forms and positionals, and nothing else', () => {
    const { values, positionals } = parsePlainFlags(
      ['--rules', 'a.rules', '--rules=b.rules', '--json', '--no-default-sources', '--', 'git', '--force'],
      checkFlags,
    )!;
    expect(values).toMatchObject({
      rules: ['a.rules', 'b.rules'],
      json: true,
      'no-default-sources': true,
      batch: false,
    });
    expect(positionals).toEqual(['git', '--force']);
    expect(parsePlainFlags(['git', '--json', 'push'], checkFlags)).toMatchObject({ positionals: ['git', 'push'] });
    for (const args of [['-c', 'x=1', '--', 'git'], ['-x'], ['--rules'], ['--rules', '--json'], ['--json=1']])
      expect(parsePlainFlags(args, checkFlags)).toBeUndefined();
  });
});
