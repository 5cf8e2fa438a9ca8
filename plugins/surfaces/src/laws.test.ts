import { describe, expect, it } from 'vitest';
import { checkLaws } from '@ratchet/testkit';
import { describeLaws } from '@ratchet/testkit/vitest';
import { surfacesArbitraries } from './arbitraries.js';
import { surfacesProvider } from './provider.js';
import type { SurfacesRequirement } from './requirement.js';

const provider = surfacesProvider({ home: () => '/home/tester' });
describeLaws(provider, surfacesArbitraries);

type Req = Partial<SurfacesRequirement>;
type Ctx = Parameters<typeof provider.resolve>[0];

describe('the laws catch broken surfaces providers', () => {
  const failed = (variant: typeof provider, numRuns = 200) =>
    checkLaws(variant, surfacesArbitraries, { numRuns }).map((f) => f.law);

  it('the real provider passes every law', () => {
    expect(failed(provider)).toEqual([]);
  });

  it('a tighten that lets the second requirement win is caught', () => {
    expect(failed({ ...provider, tighten: (_a: Req, b: Req) => b })).toContain('never-loosen');
  });

  // Its counterexample needs a user value that meets every pin of one layer, [otel] included: more runs find it.
  // The bound is a hang guard for a loaded 2-core machine, not a speed claim.
  it('a tighten that keeps the first of two different exact values is caught', { timeout: 120_000 }, () => {
    const first = { ...provider, tighten: (a: Req, b: Req) => ({ ...b, ...a, feedback: a.feedback ?? b.feedback }) };
    expect(failed(first, 400)).toContain('never-loosen');
  });

  it("a resolve that keeps the user's value over a required one is caught", () => {
    const obeying = {
      ...provider,
      resolve: (ctx: Ctx) => {
        const out = provider.resolve(ctx);
        const asked = ctx.requested.log_dir;
        return asked
          ? { ...out, values: { ...out.values, log_dir: { value: asked.value, rule: 'requested value' } } }
          : out;
      },
    };
    expect(failed(obeying)).toContain('compliance');
  });

  it('a resolve that writes the required value even where none is required is caught', () => {
    const eager = {
      ...provider,
      resolve: (ctx: Ctx) => {
        const out = provider.resolve(ctx);
        return { ...out, values: { ...out.values, allow_login_shell: { value: false, rule: 'always off' } } };
      },
    };
    expect(failed(eager)).toContain('stability');
  });

  it('a print that writes namespaced slugs is caught', () => {
    const namespaced = {
      ...provider,
      print: (r: Req) =>
        provider.print({
          ...r,
          'auto_review.required_on_models': r['auto_review.required_on_models']?.map((slug) => `openai/${slug}`),
        }),
    };
    expect(failed(namespaced)).toContain('parse-print-roundtrip');
  });
});
