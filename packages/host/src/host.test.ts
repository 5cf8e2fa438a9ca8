import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CloudFetch, CommandRunner, FileReader } from '@ratchet/core';
import { APPROVAL_POLICY, approvalsProvider } from '@ratchet/plugin-approvals';
import { SANDBOX_MODE, sandboxProvider } from '@ratchet/plugin-sandbox';
import { createHost } from './index.js';

/** A file reader over an in-memory folder: what a host swaps in to keep Ratchet off the disk. */
function virtualFiles(files: Record<string, string>): FileReader & { readonly reads: string[] } {
  const reads: string[] = [];
  const read: FileReader = (path, label) => {
    reads.push(path);
    const text = files[path];
    if (text !== undefined) return { ok: true, text };
    return {
      ok: false,
      code: 'ENOENT',
      diagnostic: { kind: 'read-failed', severity: 'error', source: label, message: 'no such file' },
    };
  };
  return Object.assign(read, { reads });
}

const REMOTE = `
allowed_sandbox_modes = ["read-only"]
[[remote_sandbox_config]]
hostname_patterns = ["runner-*.ci.example.com"]
allowed_sandbox_modes = ["read-only", "danger-full-access"]
`;

describe('createHost', () => {
  it('registers every plugin under one token and finds them with resolveAll, in order, with their origins', () => {
    const host = createHost({
      plugins: [{ provider: approvalsProvider(), origin: 'built-in' }, sandboxProvider()],
    });
    expect(host.providers().map((p) => p.id)).toEqual(['approvals', 'sandbox']);
    expect(host.plugins().map((p) => p.origin)).toEqual(['built-in', 'host']);
    expect(createHost().providers()).toEqual([]);
  });

  it('reads requirements and config.toml through the injected file reader, and asks the injected host name', async () => {
    const files = virtualFiles({
      '/etc/req.toml': REMOTE,
      '/home/me/config.toml': 'sandbox_mode = "danger-full-access"\napproval_policy = "never"\n',
    });
    let asked = 0;
    const host = createHost({
      plugins: [approvalsProvider(), sandboxProvider()],
      services: { readFile: files, hostname: () => (asked++, 'runner-07.ci.example.com') },
    });
    const policy = await host.engine([host.requirementsFile('/etc/req.toml')]).load();
    const resolved = policy.resolve(host.userConfig({ file: '/home/me/config.toml' }));
    expect(resolved.value(SANDBOX_MODE)).toBe('danger-full-access');
    expect(resolved.value(APPROVAL_POLICY)).toBe('never');
    expect(asked).toBe(1);
    expect(files.reads).toEqual(['/etc/req.toml', '/home/me/config.toml']);
  });

  it('builds the default sources from its platform and services: the file reader, and the MDM process runner', async () => {
    const payload = Buffer.from('allowed_approval_policies = ["on-request"]\n').toString('base64');
    const calls: string[][] = [];
    const runner: CommandRunner = (command, args) => {
      calls.push([command, ...args]);
      return Promise.resolve(
        args.includes('requirements_toml_base64')
          ? { status: 0, stdout: payload, stderr: '' }
          : { status: 1, stdout: '', stderr: 'The domain/default pair does not exist' },
      );
    };
    const files = virtualFiles({});
    const host = createHost({
      plugins: [approvalsProvider()],
      services: { readFile: files, runProcess: runner, platform: { os: 'darwin', env: {}, homedir: '/Users/me' } },
    });
    const policy = await host.engine().load();
    expect(policy.requirementOf(approvalsProvider()).value.allowed_approval_policies).toEqual(['on-request']);
    expect(calls.map((c) => c[0])).toEqual(['/usr/bin/defaults', '/usr/bin/defaults']);
    expect(files.reads).toEqual(['/etc/codex/requirements.toml', '/etc/codex/managed_config.toml']);
  });

  it('gives the cloud source its fetch and clock', async () => {
    const requests: string[] = [];
    const fetch: CloudFetch = (url) => {
      requests.push(url);
      const body = JSON.stringify({ contents: 'allowed_approval_policies = ["untrusted"]\n' });
      return Promise.resolve({ status: 200, body });
    };
    const cloud = {
      endpoint: 'https://policy.example.com/requirements',
      token: 't',
      identity: 'me',
      cacheKey: 'k',
      cacheFile: join(mkdtempSync(join(tmpdir(), 'ratchet-host-')), 'cloud.cache'),
    };
    const host = createHost({
      plugins: [approvalsProvider()],
      services: { fetch, clock: () => Date.UTC(2030, 0, 1), readFile: virtualFiles({}) },
    });
    const load = (h: typeof host) => h.engine(h.defaultSources({ cloud, mdm: false, mdmManagedConfig: false })).load();
    const policy = await load(host);
    expect(requests).toEqual([cloud.endpoint]);
    expect(policy.requirementOf(approvalsProvider()).value.allowed_approval_policies).toEqual(['untrusted']);
    expect(policy.sources[0]?.detail).toMatchObject({ from: 'network', ageMs: 0 });
    // Ten minutes later by the injected clock, the signed cache the first load wrote answers instead of the network.
    const later = await load(host.with({ services: { clock: () => Date.UTC(2030, 0, 1, 0, 10) } }));
    expect(requests).toHaveLength(1);
    expect(later.sources[0]?.detail).toMatchObject({ from: 'cache', ageMs: 10 * 60 * 1000 });
  });

  it('swaps services and adds plugins in a child, leaving the parent as it was', () => {
    const parent = createHost({ plugins: [approvalsProvider()], services: { hostname: () => 'a.example.com' } });
    const child = parent.with({ plugins: [sandboxProvider()], services: { hostname: () => 'b.example.com' } });
    expect(child.providers().map((p) => p.id)).toEqual(['approvals', 'sandbox']);
    expect(child.hostname()).toBe('b.example.com');
    expect(parent.providers().map((p) => p.id)).toEqual(['approvals']);
    expect(parent.hostname()).toBe('a.example.com');
  });

  it("combines its plugins' schemas", () => {
    const schema = createHost({ plugins: [approvalsProvider(), sandboxProvider()] }).schema();
    expect(Object.keys(schema.properties as object)).toEqual(
      expect.arrayContaining(['allowed_approval_policies', 'allowed_sandbox_modes', 'remote_sandbox_config']),
    );
  });
});
