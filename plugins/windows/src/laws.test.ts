import { describe, expect, it } from 'vitest';
import { checkLaws } from '@ratchet/testkit';
import { describeLaws } from '@ratchet/testkit/vitest';
import { windowsArbitraries } from './arbitraries.js';
import { windowsProvider } from './provider.js';
import type { WindowsRequirement } from './requirement.js';

const provider = windowsProvider();
describeLaws(provider, windowsArbitraries);

type Req = Partial<WindowsRequirement>;
type Ctx = Parameters<typeof provider.resolve>[0];

describe('the laws catch broken windows providers', () => {
  const failed = (variant: typeof provider) =>
    checkLaws(variant, windowsArbitraries, { numRuns: 200 }).map((f) => f.law);

  it('the real provider passes every law', () => {
    expect(failed(provider)).toEqual([]);
  });

  it('a tighten that unions the lists is caught', () => {
    const union = {
      ...provider,
      tighten: (a: Req, b: Req) => {
        const met = provider.tighten(a, b);
        const lists = [a.windows?.allowed_sandbox_implementations, b.windows?.allowed_sandbox_implementations];
        if (lists.some((l) => l === undefined) || !met.windows) return met;
        return {
          windows: { ...met.windows, allowed_sandbox_implementations: [...new Set(lists.flatMap((l) => l ?? []))] },
        };
      },
    };
    expect(failed(union)).toContain('never-loosen');
  });

  it('a resolve that keeps a disallowed windows.sandbox is caught', () => {
    const obeying = {
      ...provider,
      resolve: (ctx: Ctx) => {
        const out = provider.resolve(ctx);
        const asked = ctx.requested['windows.sandbox'];
        return asked
          ? { ...out, values: { ...out.values, 'windows.sandbox': { value: asked.value, rule: 'requested value' } } }
          : out;
      },
    };
    expect(failed(obeying)).toContain('compliance');
  });

  it('a resolve that ignores the private desktop pin is caught', () => {
    const deaf = {
      ...provider,
      resolve: (ctx: Ctx) => {
        const out = provider.resolve(ctx);
        const asked = ctx.requested['windows.sandbox_private_desktop'];
        return {
          ...out,
          values: {
            ...out.values,
            'windows.sandbox_private_desktop': { value: asked?.value, rule: 'requested value' },
          },
        };
      },
    };
    expect(failed(deaf)).toContain('compliance');
  });

  it('a resolve that falls back even when the value is allowed is caught', () => {
    const eager = {
      ...provider,
      resolve: (ctx: Ctx) => {
        const out = provider.resolve(ctx);
        const list = ctx.requirement.value.windows?.allowed_sandbox_implementations;
        if (!list?.length) return out;
        return {
          ...out,
          values: {
            ...out.values,
            'windows.sandbox': {
              value: list.includes('elevated') ? ('elevated' as const) : ('unelevated' as const),
              rule: 'fallback',
            },
          },
        };
      },
    };
    expect(failed(eager)).toContain('stability');
  });
});
