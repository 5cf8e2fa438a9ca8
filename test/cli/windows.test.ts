import { describe, it } from 'vitest';
import { fileScopedDir, lines, parseJson, resolveJson, runRatchet } from './helpers.js';

const dir = fileScopedDir('ratchet-cli-windows-');
const elevatedOnly = dir.write(
  'elevated.toml',
  '[windows]\nallowed_sandbox_implementations = ["elevated"]\nsandbox_private_desktop = true\n',
);
const wantsUnelevated = dir.write(
  'unelevated.toml',
  '[windows]\nsandbox = "unelevated"\nsandbox_private_desktop = false\n',
);

describe.concurrent('[windows] end to end', () => {
  it('a disallowed windows.sandbox falls back to elevated with a warning; the pin replaces the user value', async ({
    expect,
  }) => {
    const out = await resolveJson(['--requirements', elevatedOnly, '--config', wantsUnelevated]);
    expect(out.effective.windows).toEqual({ sandbox: 'elevated', sandbox_private_desktop: true });
    const warning = out.warnings.find((w) => w.key === 'windows.sandbox');
    expect(warning).toMatchObject({ kind: 'disallowed-value', source: wantsUnelevated, provider: 'windows' });
    expect(warning!.message).toContain(
      'Configured value for `windows.sandbox` is disallowed by requirements; falling back to required value "elevated"',
    );
    expect(out.notices.map((n) => n.key)).toContain('windows.sandbox_private_desktop');
    expect(out.provenance['windows.sandbox']).toMatchObject({
      provider: 'windows',
      requested: { value: 'unelevated', key: 'windows.sandbox' },
    });
    expect(out.provenance['windows.sandbox']!.constraints).toEqual([
      {
        field: 'windows',
        value: { allowed_sandbox_implementations: ['elevated'], sandbox_private_desktop: true },
        sources: [elevatedOnly],
      },
    ]);
  });

  it('an unset windows.sandbox under a list takes the fallback silently', async ({ expect }) => {
    const req = dir.write('unelevated-only.toml', '[windows]\nallowed_sandbox_implementations = ["unelevated"]\n');
    const out = await resolveJson(['--requirements', req, '--config', dir.write('empty.toml', '')]);
    expect(out.effective.windows).toEqual({ sandbox: 'unelevated' });
    expect(out.warnings).toEqual([]);
  });

  it('without requirements the user values stand, and -c overrides them', async ({ expect }) => {
    const out = await resolveJson([
      '--no-default-sources',
      '--config',
      wantsUnelevated,
      '-c',
      'windows.sandbox_private_desktop=true',
    ]);
    expect(out.effective.windows).toEqual({ sandbox: 'unelevated', sandbox_private_desktop: true });
  });

  it('unknown keys in [windows] are warnings, in requirements (stderr) and in config.toml', async ({ expect }) => {
    const req = dir.write('typo.toml', '[windows]\nallowed_sandbox_implementation = ["elevated"]\n');
    const config = dir.write('typo-config.toml', '[windows]\nsandboxx = "elevated"\n');
    const result = await runRatchet(['resolve', '--requirements', req, '--config', config, '--json']);
    expect(result.status).toBe(0);
    expect(lines(result.stderr)).toEqual([
      expect.stringContaining('windows.allowed_sandbox_implementation: unknown key'),
    ]);
    const out = JSON.parse(result.stdout) as { warnings: { key: string; suggestion?: string }[] };
    expect(out.warnings.find((w) => w.key === 'windows.sandboxx')?.suggestion).toBe('did you mean "windows.sandbox"?');
  });

  it('explain windows.sandbox tells the story', async ({ expect }) => {
    const result = await runRatchet([
      'explain',
      'windows.sandbox',
      '--requirements',
      elevatedOnly,
      '--config',
      wantsUnelevated,
    ]);
    const out = lines(result.stdout);
    expect(out[0]).toBe('windows.sandbox = "elevated"');
    expect(out).toContain('  rule: fallback: elevated if allowed, else unelevated');
  });
});

describe.concurrent('enforce_residency end to end', () => {
  it('"us" is the effective enforce_residency, constrained by the file that set it', async ({ expect }) => {
    const req = dir.write('residency.toml', 'enforce_residency = "us"\n');
    const out = await resolveJson(['--requirements', req, '--config', dir.write('plain.toml', '')]);
    expect(out.effective.enforce_residency).toBe('us');
    expect(out.provenance.enforce_residency!.constraints).toEqual([
      { field: 'enforce_residency', value: 'us', sources: [req] },
    ]);
  });

  it('is absent when no layer requires it', async ({ expect }) => {
    const out = await resolveJson(['--no-default-sources', '--config', dir.write('none.toml', '')]);
    expect(out.effective).not.toHaveProperty('enforce_residency');
  });
});

describe.concurrent('ratchet schema covers the new keys', () => {
  it('lists windows and enforce_residency with their spellings', async ({ expect }) => {
    const schema = parseJson<{ properties: Record<string, { enum?: string[]; properties?: Record<string, unknown> }> }>(
      await runRatchet(['schema']),
    );
    expect(schema.properties.enforce_residency!.enum).toEqual(['us']);
    expect(Object.keys(schema.properties.windows!.properties!)).toEqual([
      'allowed_sandbox_implementations',
      'sandbox_private_desktop',
      'require_mxc',
    ]);
  });
});
