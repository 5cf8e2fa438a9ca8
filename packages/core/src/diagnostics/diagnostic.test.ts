import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag, formatDiagnostic, type Diagnostic } from './diagnostic.js';
import {
  ConflictError,
  InputError,
  InvalidTypeError,
  InvalidValueError,
  RatchetError,
  TomlSyntaxError,
  UnknownKeyError,
  UnknownValueError,
  throwIfErrors,
} from './errors.js';
import { closest, editDistance, suggestion } from './suggest.js';

describe('DiagnosticBag', () => {
  it('stamps every entry with a fixed source and the provider', () => {
    const bag = new DiagnosticBag('/etc/codex/requirements.toml', 'sandbox');
    bag.report({
      severity: 'error',
      kind: 'unknown-value',
      key: 'allowed_sandbox_modes[1]',
      message: 'unknown value "x"',
      suggestion: 'did you mean "y"?',
    });
    bag.report({ severity: 'warning', kind: 'unknown-key', key: 'foo', message: 'unknown key' });
    bag.report({ severity: 'info', kind: 'replaced-default', key: 'bar', message: 'replaced' });
    expect(bag.items).toEqual([
      {
        kind: 'unknown-value',
        severity: 'error',
        source: '/etc/codex/requirements.toml',
        key: 'allowed_sandbox_modes[1]',
        message: 'unknown value "x"',
        suggestion: 'did you mean "y"?',
        provider: 'sandbox',
      },
      {
        kind: 'unknown-key',
        severity: 'warning',
        source: '/etc/codex/requirements.toml',
        key: 'foo',
        message: 'unknown key',
        provider: 'sandbox',
      },
      {
        kind: 'replaced-default',
        severity: 'info',
        source: '/etc/codex/requirements.toml',
        key: 'bar',
        message: 'replaced',
        provider: 'sandbox',
      },
    ]);
  });

  it('finds the source from the key when given a function', () => {
    const seen: string[] = [];
    const bag = new DiagnosticBag((key) => {
      seen.push(key);
      return key.startsWith('a') ? 'layer-a' : undefined;
    });
    bag.report({ severity: 'error', kind: 'invalid-value', key: 'a.b', message: 'bad' });
    bag.report({ severity: 'error', kind: 'invalid-value', key: 'z', message: 'bad' });
    expect(seen).toEqual(['a.b', 'z']);
    expect(bag.items[0]!.source).toBe('layer-a');
    expect(bag.items[1]).not.toHaveProperty('source');
    expect(bag.items[1]).not.toHaveProperty('provider');
  });

  it('omits an empty key and an absent suggestion', () => {
    const bag = new DiagnosticBag('s');
    bag.report({ severity: 'warning', kind: 'conflict', key: '', message: 'm' });
    expect(bag.items[0]).toEqual({ kind: 'conflict', severity: 'warning', source: 's', message: 'm' });
  });

  it('hasErrors is true only once an error was reported', () => {
    const bag = new DiagnosticBag();
    bag.report({ severity: 'warning', kind: 'unknown-key', key: 'k', message: 'w' });
    bag.report({ severity: 'info', kind: 'replaced-default', key: 'k', message: 'i' });
    expect(bag.hasErrors).toBe(false);
    bag.report({ severity: 'error', kind: 'invalid-type', key: 'k', message: 'e' });
    expect(bag.hasErrors).toBe(true);
  });
});

describe('formatDiagnostic', () => {
  it('renders source: key: message (fix: suggestion)', () => {
    const d: Diagnostic = {
      kind: 'invalid-type',
      severity: 'error',
      source: 'req.toml',
      key: 'a',
      message: 'bad',
      suggestion: 'do x',
    };
    expect(formatDiagnostic(d)).toBe('req.toml: a: bad (fix: do x)');
  });

  it('leaves out missing parts', () => {
    expect(formatDiagnostic({ kind: 'conflict', severity: 'error', message: 'just this' })).toBe('just this');
    expect(formatDiagnostic({ kind: 'conflict', severity: 'error', key: 'k', message: 'm' })).toBe('k: m');
    expect(formatDiagnostic({ kind: 'conflict', severity: 'error', source: 's', key: '', message: 'm' })).toBe('s: m');
  });

  it('collapses newlines (and the spaces around them) into single spaces', () => {
    const d: Diagnostic = {
      kind: 'toml-syntax',
      severity: 'error',
      source: 'f',
      message: 'line one\n\n   line two  \n',
      suggestion: 'fix\nit',
    };
    const out = formatDiagnostic(d);
    expect(out).not.toContain('\n');
    expect(out).toBe('f: line one line two (fix: fix it)');
  });
});

describe('throwIfErrors', () => {
  const warning: Diagnostic = { kind: 'unknown-key', severity: 'warning', message: 'w' };
  const unknownValue: Diagnostic = {
    kind: 'unknown-value',
    severity: 'error',
    source: 's',
    key: 'k',
    message: 'first',
    suggestion: 'fix it',
  };
  const invalidType: Diagnostic = { kind: 'invalid-type', severity: 'error', message: 'second' };

  it('does nothing without errors', () => {
    expect(() => throwIfErrors([])).not.toThrow();
    expect(() => throwIfErrors([warning, { ...warning, severity: 'info' }])).not.toThrow();
  });

  it('throws the subclass of the first error, with every diagnostic attached', () => {
    let caught: unknown;
    try {
      throwIfErrors([warning, unknownValue, invalidType]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownValueError);
    expect(caught).toBeInstanceOf(InputError);
    expect(caught).toBeInstanceOf(RatchetError);
    const e = caught as UnknownValueError;
    expect(e.code).toBe('RATCHET_UNKNOWN_VALUE');
    expect(e.exitCode).toBe(2);
    expect(e.diagnostic).toBe(unknownValue);
    expect(e.errors).toEqual([unknownValue, invalidType]);
    expect(e.diagnostics).toEqual([warning, unknownValue, invalidType]);
    expect(e.message).toBe('s: k: first (fix: fix it)');
    expect(e.source).toBe('s');
    expect(e.key).toBe('k');
    expect(e.suggestion).toBe('fix it');
  });

  it.each([
    ['toml-syntax', TomlSyntaxError, 'RATCHET_TOML_SYNTAX'],
    ['invalid-type', InvalidTypeError, 'RATCHET_INVALID_TYPE'],
    ['unknown-key', UnknownKeyError, 'RATCHET_UNKNOWN_KEY'],
    ['conflict', ConflictError, 'RATCHET_CONFLICT'],
    ['invalid-value', InvalidValueError, 'RATCHET_INVALID_VALUE'],
    ['disallowed-value', InvalidValueError, 'RATCHET_INVALID_VALUE'],
  ] as const)('maps kind %s to its error class', (kind, cls, code) => {
    expect(() => throwIfErrors([{ kind, severity: 'error', message: 'm' }])).toThrow(cls);
    try {
      throwIfErrors([{ kind, severity: 'error', message: 'm' }]);
    } catch (error) {
      expect((error as RatchetError).code).toBe(code);
    }
  });
});

describe('editDistance', () => {
  it('computes Levenshtein distance', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('is symmetric', () => {
    expect(editDistance('allowed_sandbox_modes', 'alowed_sandbox_mode')).toBe(
      editDistance('alowed_sandbox_mode', 'allowed_sandbox_modes'),
    );
  });

  it('with a limit, is the distance when within it and limit + 1 otherwise (fast-check seed 4242)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_'), maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.nat(8), (a, b, limit) => {
        const exact = editDistance(a, b);
        expect(editDistance(a, b, limit)).toBe(exact <= limit ? exact : limit + 1);
      }),
      { seed: 4242, numRuns: 3000 },
    );
  });
});

describe('closest against a plain search (fast-check seed 5151)', () => {
  it('picks the first known word at the least distance, when within a third of the word (at least 2)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '_'), maxLength: 10 });
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 8 }), (w, known) => {
        const limit = Math.max(2, Math.floor(w.length / 3));
        const distances = known.map((k) => editDistance(w.toLowerCase(), k.toLowerCase()));
        const least = Math.min(...distances);
        const expected = least <= limit ? known[distances.indexOf(least)] : undefined;
        expect(closest(w, known)).toBe(expected);
      }),
      { seed: 5151, numRuns: 3000 },
    );
  });
});

describe('closest', () => {
  const known = ['allowed_approval_policies', 'allowed_sandbox_modes', 'allowed_web_search_modes'];

  it('finds a plausible typo, ignoring case', () => {
    expect(closest('allowed_sandbox_mode', known)).toBe('allowed_sandbox_modes');
    expect(closest('ALLOWED_SANDBOX_MODES', known)).toBe('allowed_sandbox_modes');
  });

  it('returns undefined when nothing is close', () => {
    expect(closest('features', known)).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });

  it('allows at least two edits for short words', () => {
    expect(closest('ab', ['abcd'])).toBe('abcd');
    expect(closest('ab', ['abcde'])).toBeUndefined();
  });
});

describe('suggestion', () => {
  it('says did you mean when a close word exists', () => {
    expect(suggestion('on-reqest', ['untrusted', 'on-request', 'never'])).toBe('did you mean "on-request"?');
  });

  it('lists the accepted words otherwise', () => {
    expect(suggestion('zzzzzzzz', ['untrusted', 'never'])).toBe('use one of untrusted, never');
  });
});
