import { describe, expect, it } from 'vitest';
import { guard, parsePolicyArgs, policyFlags, UsageError } from './args.js';

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
