import { describe, expect, it } from 'vitest';
import { DiagnosticBag, type Table } from '@ratchet/core';
import { parseSlice } from '@ratchet/testkit';
import { diagnosticLike } from '@ratchet/testkit/vitest';
import { parseUserApps } from './config.js';
import { appsProvider } from './provider.js';

const provider = appsProvider();
const parse = (slice: Table) => parseSlice(provider, slice);
const tool = 'calendar/list_events';

describe('apps requirement parse', () => {
  it('reads enabled and per-tool approval modes', () => {
    const { requirement, diagnostics } = parse({
      apps: { c1: { enabled: false }, c2: { enabled: true, tools: { [tool]: { approval_mode: 'approve' } } } },
    });
    expect(diagnostics).toEqual([]);
    expect(requirement).toEqual({
      apps: { c1: { enabled: false }, c2: { enabled: true, tools: { [tool]: { approval_mode: 'approve' } } } },
    });
  });

  it('keeps analytics_result_source, unknown formats included', () => {
    const source = { format: 'future_v9', type: 'message_id' };
    const { requirement, diagnostics } = parse({
      apps: { c1: { tools: { [tool]: { analytics_result_source: source } } } },
    });
    expect(diagnostics).toEqual([]);
    expect(requirement.apps?.c1?.tools?.[tool]).toEqual({ analytics_result_source: source });
  });

  it('rejects a non-boolean enabled', () => {
    const { requirement, diagnostics } = parse({ apps: { c1: { enabled: 'no' } } });
    expect(requirement).toEqual({});
    expect(diagnostics).toEqual([
      diagnosticLike({
        kind: 'invalid-type',
        severity: 'error',
        key: 'apps.c1.enabled',
        message: 'expected a boolean, found string',
      }),
    ]);
  });

  it('rejects an unknown approval_mode with a suggestion', () => {
    const { requirement, diagnostics } = parse({ apps: { c1: { tools: { [tool]: { approval_mode: 'aprove' } } } } });
    expect(requirement).toEqual({});
    expect(diagnostics).toEqual([
      diagnosticLike({
        kind: 'unknown-value',
        severity: 'error',
        key: `apps.c1.tools.${tool}.approval_mode`,
        suggestion: 'approve',
      }),
    ]);
  });

  it('rejects an analytics_result_source missing a key or with an unknown one', () => {
    const missing = parse({ apps: { c1: { tools: { t: { analytics_result_source: { format: 'x' } } } } } });
    expect(missing.diagnostics).toEqual([
      diagnosticLike({ kind: 'missing-key', severity: 'error', key: 'apps.c1.tools.t.analytics_result_source.type' }),
    ]);
    const extra = parse({
      apps: { c1: { tools: { t: { analytics_result_source: { format: 'x', type: 'y', id: 1 } } } } },
    });
    expect(extra.diagnostics).toEqual([
      diagnosticLike({ kind: 'unknown-key', severity: 'error', key: 'apps.c1.tools.t.analytics_result_source.id' }),
    ]);
  });

  it('rejects wrong shapes', () => {
    expect(parse({ apps: ['c1'] }).diagnostics).toEqual([diagnosticLike({ kind: 'invalid-type', key: 'apps' })]);
    expect(parse({ apps: { c1: true } }).diagnostics).toEqual([
      diagnosticLike({ kind: 'invalid-type', key: 'apps.c1' }),
    ]);
    expect(parse({ apps: { c1: { tools: { t: 'auto' } } } }).diagnostics).toEqual([
      diagnosticLike({ kind: 'invalid-type', key: 'apps.c1.tools.t' }),
    ]);
  });

  it('warns about unknown keys and ignores them', () => {
    const { requirement, diagnostics } = parse({ apps: { c1: { enabled: false, approval_mode: 'auto' } } });
    expect(requirement).toEqual({ apps: { c1: { enabled: false } } });
    expect(diagnostics).toEqual([
      diagnosticLike({ kind: 'unknown-key', severity: 'warning', key: 'apps.c1.approval_mode' }),
    ]);
  });

  it('prints what it parses', () => {
    const slice = {
      apps: {
        c1: {
          enabled: false,
          tools: { [tool]: { approval_mode: 'prompt', analytics_result_source: { format: 'f', type: 't' } } },
        },
      },
    };
    expect(provider.print(parse(slice).requirement)).toEqual(slice);
  });
});

describe('apps validate', () => {
  it('reports conflicting pins (only strict layering produces them)', () => {
    const met = provider.tighten(
      { apps: { c1: { tools: { t: { approval_mode: 'auto' } } } } },
      { apps: { c1: { tools: { t: { approval_mode: 'prompt' } } } } },
    );
    const report = new DiagnosticBag('req.toml');
    provider.validate({ value: met, origins: {} }, report.report);
    expect(report.items).toEqual([
      diagnosticLike({
        kind: 'conflict',
        severity: 'error',
        key: 'apps.c1.tools.t.approval_mode',
        message: '"auto" and "prompt"',
      }),
    ]);
    expect(provider.print(met)).toEqual({ apps: { c1: { tools: { t: {} } } } });
  });
});

describe('apps user configuration parse', () => {
  const read = (raw: unknown) => {
    const report = new DiagnosticBag('config.toml');
    return { value: parseUserApps(raw, 'apps', report.report), diagnostics: report.items };
  };

  it('keeps keys it does not know as written', () => {
    const raw = {
      c1: {
        enabled: true,
        destructive_enabled: false,
        default_tools_approval_mode: 'prompt',
        tools: { t: { approval_mode: 'auto', extra: 1 } },
      },
    };
    expect(read(raw)).toEqual({ value: raw, diagnostics: [] });
  });

  it('rejects a non-boolean enabled and an unknown approval_mode', () => {
    expect(read({ c1: { enabled: 1 } })).toEqual({
      value: undefined,
      diagnostics: [diagnosticLike({ kind: 'invalid-type', key: 'apps.c1.enabled' })],
    });
    expect(read({ c1: { tools: { t: { approval_mode: 'always' } } } }).diagnostics).toEqual([
      diagnosticLike({ kind: 'unknown-value', key: 'apps.c1.tools.t.approval_mode' }),
    ]);
    expect(read({ c1: { tools: { t: { enabled: 'yes' } } } }).diagnostics).toEqual([
      diagnosticLike({ kind: 'invalid-type', key: 'apps.c1.tools.t.enabled' }),
    ]);
  });
});
