import { describe, expect, it } from 'vitest';
import { describeLaws } from '@ratchet/testkit/vitest';
import { checkLaws, DEFAULT_SEED } from '@ratchet/testkit';
import fc from 'fast-check';
import { CommandPolicy, commandRulesProvider, type CommandRulesRequirement } from '@ratchet/plugin-command-rules';
import { commandRulesArbitraries } from '@ratchet/plugin-command-rules/arbitraries';
import { bundled } from './registry.js';

const rank = (d: string) => ['none', 'allow', 'prompt', 'forbidden'].indexOf(d);

for (const { provider, arbitraries } of bundled) describeLaws(provider, arbitraries);

describe('the law suite catches a broken tighten', () => {
  // A provider with no user settings (command-rules) judges at run time instead; its tighten is checked below on decisions.
  for (const { provider, arbitraries } of bundled.filter((b) => Object.keys(b.provider.settings).length > 0)) {
    it(`${provider.id}: a tighten that lets the second requirement win loosens the first`, () => {
      const broken = { ...provider, tighten: (_a: object, b: object) => b };
      const failures = checkLaws(broken, arbitraries, { seed: DEFAULT_SEED, numRuns: 200 }).map((f) => f.law);
      expect(failures).toContain('never-loosen');
    });

    // More runs than the test above: the counterexample needs a user value meeting every pin of one layer. The
    // bound is a hang guard for a loaded 2-core machine, not a speed claim.
    it(`${provider.id}: a tighten that unions lists loosens both`, { timeout: 120_000 }, () => {
      const union = (a: Record<string, unknown>, b: Record<string, unknown>) => {
        const out: Record<string, unknown> = { ...a };
        for (const [k, v] of Object.entries(b)) {
          const mine = out[k];
          out[k] = Array.isArray(mine) && Array.isArray(v) ? [...mine, ...v] : (mine ?? v);
        }
        return out;
      };
      const broken = { ...provider, tighten: union };
      const failures = checkLaws(broken, arbitraries, { seed: DEFAULT_SEED, numRuns: 400 }).map((f) => f.law);
      expect(failures).toContain('never-loosen');
    });
  }
});

describe(`command-rules: tightening requirements never loosens a decision (fast-check seed ${DEFAULT_SEED})`, () => {
  const provider = commandRulesProvider();
  const requirement = commandRulesArbitraries.requirement;
  const command = fc.array(fc.constantFrom('git', 'rm', 'npm', 'curl', 'push', 'commit', '-rf'), {
    minLength: 1,
    maxLength: 4,
  });
  const decide = (r: CommandRulesRequirement, argv: string[]) =>
    rank(new CommandPolicy(r.rules ?? []).check(argv).decision);
  const holds = (tighten: typeof provider.tighten) =>
    fc.check(
      fc.property(requirement, requirement, command, (a, b, argv) => {
        const both = decide(tighten(a, b), argv);
        return both >= decide(a, argv) && both >= decide(b, argv);
      }),
      { seed: DEFAULT_SEED, numRuns: 300 },
    ).failed === false;

  it('holds for the provider', () => {
    expect(holds((a, b) => provider.tighten(a, b))).toBe(true);
  });

  it('fails for a tighten that lets the second requirement win', () => {
    expect(holds((_a, b) => b)).toBe(false);
  });
});
