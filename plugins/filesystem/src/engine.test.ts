import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createEngine,
  createProvider,
  effectiveObject,
  loadUserConfig,
  requirementsFileSource,
  requirementsTextSource,
  type AnyProvider,
  type RequirementsSourceLoader,
  providerKey,
} from '@ratchet/core';
import { DENY_READ_FIELD as DENY_READ } from './entries.js';
import { readGate } from './gate.js';
import { filesystemProvider } from './provider.js';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ratchet-fs-engine-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): RequirementsSourceLoader {
  const path = join(dir, name);
  writeFileSync(path, text);
  return requirementsFileSource(path);
}

async function load(
  sources: RequirementsSourceLoader[],
  providers: AnyProvider[] = [filesystemProvider({ homedir: () => '/home/alice' })],
) {
  const policy = await createEngine({ providers, sources }).load();
  const resolved = policy.resolve(loadUserConfig({ file: { text: '', name: 'config.toml' } }));
  return { policy, resolved, effective: effectiveObject(resolved) };
}

describe('the filesystem provider in an engine', () => {
  it("joins the layers' lists, resolving relative entries against each file's folder, and outputs the effective list", async () => {
    const { effective, resolved } = await load([
      file('cloud.toml', '[permissions.filesystem]\ndeny_read = ["~/.ssh", "./private/**/*.txt"]\n'),
      file('system.toml', '[permissions.filesystem]\ndeny_read = ["/home/alice/.ssh", "/etc/shadow"]\n'),
    ]);
    expect(effective).toEqual({
      permissions: { filesystem: { deny_read: ['/home/alice/.ssh', `${dir}/private/**/*.txt`, '/etc/shadow'] } },
    });
    expect(resolved.entries.get(DENY_READ)!.constraints).toEqual([
      {
        field: DENY_READ,
        value: ['/home/alice/.ssh', `${dir}/private/**/*.txt`, '/etc/shadow'],
        sources: [join(dir, 'cloud.toml'), join(dir, 'system.toml')],
      },
    ]);
  });

  it('refuses a relative entry in a layer without a file, naming the layer and the fix', async () => {
    await expect(
      load([requirementsTextSource('[permissions.filesystem]\ndeny_read = ["private"]\n', 'host text')]),
    ).rejects.toThrow('relative');
  });

  it('readGate answers under the loaded policy', async () => {
    const { policy } = await load([
      file('req.toml', '[permissions.filesystem]\ndeny_read = ["./secret", "**/.env"]\n'),
    ]);
    const gate = readGate(policy);
    expect(gate(join(dir, 'secret', 'key'))).toMatchObject({ allowed: false, rule: join(dir, 'secret') });
    expect(gate(join(dir, 'app', '.env'))).toMatchObject({ allowed: false, rule: `${dir}/**/.env` });
    expect(gate(join(dir, 'app', 'main.ts')).allowed).toBe(true);
    expect(gate('/elsewhere/.env').allowed).toBe(true);
  });

  it('readGate needs the provider', async () => {
    const other = createProvider({
      key: providerKey<object, object>('other'),
      docs: { summary: 's', description: 'd' },
      requirementKeys: ['other'],
      fields: {},
      settings: {},
      schema: {},
      parse: () => ({}),
      tighten: (a) => a,
      allows: () => true,
      resolve: () => ({ values: {} }),
      print: () => ({}),
    });
    const { policy } = await load([], [other]);
    expect(() => readGate(policy)).toThrow('readGate needs the filesystem provider to be loaded');
  });

  it('without requirements the effective list is empty and every path may be read', async () => {
    const { effective, policy } = await load([]);
    expect(effective).toEqual({ permissions: { filesystem: { deny_read: [] } } });
    expect(readGate(policy)('/etc/shadow').allowed).toBe(true);
  });
});
