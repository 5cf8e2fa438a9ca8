// The differential script's comparison logic (scripts/codex-diff); the script itself needs a Codex binary and
// runs only by hand.
import { describe, expect, it } from 'vitest';
import { compareCheck, compareResolve, judge } from '../../scripts/codex-diff/compare.mjs';
import { codexWarningKey } from '../../scripts/codex-diff/observe.mjs';

const answer = (over = {}) => ({
  loaded: true,
  effective: { approval_policy: 'on-request', features: { hooks: true }, hooks: {}, ...over.effective },
  warnings: over.warnings ?? [],
  read: over.read ?? {},
});

describe('codex-diff: requirements cases', () => {
  it('agrees when values, load outcome and warnings agree', () => {
    expect(compareResolve(answer(), answer())).toEqual([]);
  });

  it('reports a load answered differently, and nothing else', () => {
    const refused = { loaded: false, error: 'no longer supported' };
    expect(compareResolve(refused, answer())).toEqual([
      { kind: 'load', path: '', codex: 'no longer supported', ratchet: 'loads' },
    ]);
    expect(compareResolve(refused, { loaded: false, error: 'x' })).toEqual([]);
  });

  it('reports a value or a feature that differs, and a feature one side lacks', () => {
    const ratchet = answer({ effective: { approval_policy: 'never', features: { hooks: false, extra: true } } });
    expect(compareResolve(answer(), ratchet).map((d) => d.path)).toEqual([
      'approval_policy',
      'features.hooks',
      'features.extra',
    ]);
  });

  it('needs a Ratchet warning on every key Codex warned about, a key inside it included', () => {
    const codex = answer({
      warnings: [
        { key: 'features.collab', text: '…' },
        { key: 'hooks', text: '…' },
      ],
    });
    const ratchet = answer({ warnings: [{ key: 'hooks.SessionEnd[0].matcher', kind: 'invalid-value', text: '' }] });
    expect(compareResolve(codex, ratchet)).toEqual([
      { kind: 'warning', path: 'features.collab', codex: '…', ratchet: undefined },
    ]);
    const underOldName = answer({ warnings: [{ key: 'feature_requirements.collab', kind: 'deprecated-key' }] });
    expect(
      compareResolve(codex, { ...underOldName, warnings: [...underOldName.warnings, ...ratchet.warnings] }),
    ).toEqual([]);
  });

  it('reads tables whatever their key order, and Codex names of settings as Ratchet keys them', () => {
    const granular = (order) => answer({ effective: { approval_policy: { granular: order } } });
    expect(compareResolve(granular({ a: true, b: false }), granular({ b: false, a: true }))).toEqual([]);
    const codex = answer({
      warnings: [
        { key: 'permission_profile', text: 'falls back' },
        { key: 'web_search_mode', text: '…' },
      ],
    });
    const ratchet = answer({
      warnings: [
        { key: 'sandbox_mode', kind: 'disallowed-value' },
        { key: 'web_search', kind: 'disallowed-value' },
      ],
    });
    expect(compareResolve(codex, ratchet)).toEqual([]);
  });

  it('reports an unknown-key warning only for a top-level key Codex reads', () => {
    const ratchet = answer({
      warnings: [
        { key: 'otel', kind: 'unknown-key', text: 'unknown key' },
        { key: 'made_up', kind: 'unknown-key', text: 'unknown key' },
        { key: 'hooks.StopFailure', kind: 'unknown-key', text: 'unknown hook event' },
      ],
    });
    expect(
      compareResolve(answer({ read: { otel: { environment: 'prod' }, madeUp: null, hooks: {} } }), ratchet),
    ).toEqual([{ kind: 'unknown-key', path: 'otel', codex: 'reads it', ratchet: 'unknown key' }]);
  });
});

describe('codex-diff: .rules cases', () => {
  it('compares decisions command by command, and load errors as a whole', () => {
    const commands = [['git', 'push'], ['ls']];
    expect(
      compareCheck(
        { loaded: true, decisions: ['forbidden', 'none'] },
        { loaded: true, decisions: ['forbidden', 'prompt'] },
        commands,
      ),
    ).toEqual([{ kind: 'decision', path: 'ls', codex: 'none', ratchet: 'prompt' }]);
    expect(compareCheck({ loaded: false, error: 'e' }, { loaded: false, error: 'f' }, commands)).toEqual([]);
    expect(compareCheck({ loaded: false, error: 'e' }, { loaded: true, decisions: [] }, commands)).toHaveLength(1);
  });
});

describe('codex-diff: listed divergences', () => {
  const divergences = [
    { kind: 'decision', case: '*', path: 'bash -lc*', reason: 'scripts are judged' },
    { kind: 'value', case: 'one', path: 'features.x', reason: 'inert' },
  ];

  it('cover a difference of the same kind whose case and path match (exactly, or by a prefix ending in *)', () => {
    const d = (kind, path) => ({ kind, path, codex: 1, ratchet: 2 });
    expect(judge(divergences, 'any', [d('decision', 'bash -lc rm x'), d('decision', 'rm x')])).toEqual({
      reasoned: [{ ...d('decision', 'bash -lc rm x'), reason: 'scripts are judged' }],
      open: [d('decision', 'rm x')],
    });
    expect(judge(divergences, 'two', [d('value', 'features.x')]).open).toHaveLength(1);
    expect(judge(divergences, 'one', [d('value', 'features.x')]).open).toHaveLength(0);
  });
});

describe("codex-diff: the key of Codex's warnings", () => {
  it.each([
    ['Configured value for `approval_policy` is disallowed by requirements; …', 'approval_policy'],
    [
      'Using legacy `features` requirement `collab` from /etc/x; prefer canonical feature key `multi_agent`',
      'features.collab',
    ],
    ['clamping SessionEnd hook timeout to 3s in /enterprise/hooks', 'hooks.SessionEnd'],
    [
      'Codex is ignoring 1 unrecognized configuration setting.\n  requirements (x): `rules.prefix_rules.0.reviewer` is ignored.',
      'rules.prefix_rules[0].reviewer',
    ],
    ['Something else entirely', undefined],
  ])('%s → %s', (text, key) => {
    expect(codexWarningKey(text)).toBe(key);
  });
});
