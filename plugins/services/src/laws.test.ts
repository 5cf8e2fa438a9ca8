import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineLayers, type LayeringMode } from '@ratchet/core';
import { checkLaws, lawSeed, resolveWith, TEST_SOURCE } from '@ratchet/testkit';
import { describeLaws } from '@ratchet/testkit/vitest';
import { applicationProvider, applicationReaches, type ApplicationRequirement } from './application.js';
import {
  applicationArbitraries,
  configServerArbitraries,
  loginArbitraries,
  modelProvidersArbitraries,
} from './arbitraries.js';
import { configServerProvider } from './config-server.js';
import { loginProvider, type LoginRequirement } from './login.js';
import { modelProvidersProvider } from './model-providers.js';

const seed = lawSeed();
const login = loginProvider();
const models = modelProvidersProvider();
const application = applicationProvider();
describeLaws(login, loginArbitraries);
describeLaws(models, modelProvidersArbitraries);
describeLaws(application, applicationArbitraries);
describeLaws(configServerProvider(), configServerArbitraries);

describe('the laws catch broken service providers', () => {
  it('a login tighten that takes the union of methods is caught', () => {
    const loose = {
      ...login,
      tighten: (a: Partial<LoginRequirement>, b: Partial<LoginRequirement>) => ({
        ...login.tighten(a, b),
        ...(a.allowed_login_methods &&
          b.allowed_login_methods && {
            allowed_login_methods: [...new Set([...a.allowed_login_methods, ...b.allowed_login_methods])],
          }),
      }),
    };
    expect(checkLaws(loose, loginArbitraries, { numRuns: 300 }).map((f) => f.law)).toContain('never-loosen');
  });

  it('a login resolve that keeps a forced method requirements forbid is caught', () => {
    const lax = {
      ...login,
      resolve: (ctx: Parameters<typeof login.resolve>[0]) => {
        const out = login.resolve(ctx);
        const asked = ctx.requested.forced_login_method;
        return {
          values: { ...out.values, ...(asked && { forced_login_method: { value: asked.value, rule: 'kept' } }) },
        };
      },
    };
    expect(checkLaws(lax, loginArbitraries, { numRuns: 300 }).map((f) => f.law)).toContain('compliance');
  });

  it('a model-providers resolve that keeps the user provider is caught', () => {
    const lax = {
      ...models,
      resolve: (ctx: Parameters<typeof models.resolve>[0]) => {
        const out = models.resolve(ctx);
        return {
          values: {
            ...out.values,
            model_provider: { value: ctx.requested.model_provider?.value ?? 'openai', rule: 'kept' },
          },
        };
      },
    };
    expect(checkLaws(lax, modelProvidersArbitraries, { numRuns: 300 }).map((f) => f.law)).toContain('compliance');
  });
});

/**
 * The application provider has no user setting, so the generic laws cannot see its tighten: this property can. In
 * either layering mode, a domain the combined requirement lets the application reach is one the highest layer that
 * sets [application] lets it reach (precedence), or one every layer lets it reach (strict).
 */
const reachNeverLoosens = (variant: typeof application) =>
  fc.check(
    fc.property(
      fc.array(applicationArbitraries.requirement, { minLength: 1, maxLength: 4 }),
      fc.constantFrom<LayeringMode>('precedence', 'strict'),
      fc.constantFrom('api.example.com', 'docs.example.com', 'example.org', 'other.example.net'),
      (layers, mode, domain) => {
        const combined = combineLayers(
          variant,
          layers.map((requirement) => ({ source: TEST_SOURCE, requirement })),
          mode,
        ).value;
        const effective = resolveWith(variant, combined, {}).effective
          .application as ApplicationRequirement['application'];
        const reached = applicationReaches(effective, domain);
        const set = layers.filter((l) => l.application !== undefined);
        if (mode === 'strict') return !reached || set.every((l) => applicationReaches(l.application, domain));
        return !reached || set.length === 0 || applicationReaches(set[0]!.application, domain);
      },
    ),
    { seed, numRuns: 300 },
  ).failed === false;

describe(`application reach never loosens across layers (fast-check seed ${seed})`, () => {
  it('holds for the provider', () => {
    expect(reachNeverLoosens(application)).toBe(true);
  });

  it('fails for a tighten that lets the second layer win', () => {
    expect(
      reachNeverLoosens({
        ...application,
        tighten: (_a: Partial<ApplicationRequirement>, b: Partial<ApplicationRequirement>) => b,
      }),
    ).toBe(false);
  });
});
