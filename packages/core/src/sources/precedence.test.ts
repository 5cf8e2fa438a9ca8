/**
 * Source precedence end to end (Codex's documented order, seed 003 "Locations and precedence"): per field the
 * highest source that sets it wins — cloud, then MDM, then the system requirements.toml, then the legacy
 * managed_config.toml (whose approval_policy / sandbox_mode become single-value requirements) — and lower sources
 * fill the fields higher ones leave unset. Every field's provenance names the source that set it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../resolve/create-engine.js';
import { InputError } from '../diagnostics/errors.js';
import type { Provider } from '../provider/contract.js';
import { createProvider } from '../provider/create-provider.js';
import { providerKey } from '../provider/keys.js';
import { expectStringList, type Table } from '../shape/shape.js';
import { cloudRequirementsSource } from './cloud.js';
import { reply, single, startServer, type TestServer } from './cloud-server.test-helper.js';
import { managedConfigFileSource, requirementsFileSource } from './loaders.js';
import { mdmRequirementsSource, type CommandRunner } from './mdm.js';
import type { RequirementsSourceLoader } from './source.js';

const FIELDS = [
  'allowed_approval_policies',
  'allowed_sandbox_modes',
  'allowed_web_search_modes',
  'allowed_approvals_reviewers',
] as const;
type Lists = Partial<Record<(typeof FIELDS)[number], string[]>>;

const LISTS_PROVIDER = providerKey<Lists, object>('lists');

/** A fake provider with four precedence list fields; the legacy managed config converts as Codex does. */
function listsProvider() {
  return createProvider({
    key: LISTS_PROVIDER,
    docs: { summary: 'lists', description: 'test provider' },
    requirementKeys: FIELDS,
    fields: Object.fromEntries(FIELDS.map((f) => [f, { docs: f }])) as Provider<Lists, object>['fields'],
    settings: {},
    schema: {},
    parse(slice, ctx) {
      const out: Lists = {};
      for (const f of FIELDS) if (slice[f] !== undefined) out[f] = expectStringList(slice[f], f, ctx.report);
      return out;
    },
    tighten: (a) => a,
    allows: () => true,
    resolve: () => ({ values: {} }),
    print: (r) => ({ ...r }),
    fromManagedConfig(managed: Table) {
      const out: Record<string, unknown> = {};
      if (typeof managed.approval_policy === 'string') out.allowed_approval_policies = [managed.approval_policy];
      if (typeof managed.sandbox_mode === 'string') {
        out.allowed_sandbox_modes =
          managed.sandbox_mode === 'read-only' ? ['read-only'] : ['read-only', managed.sandbox_mode];
      }
      if (typeof managed.approvals_reviewer === 'string')
        out.allowed_approvals_reviewers = [managed.approvals_reviewer];
      return out;
    },
  });
}

let dir: string;
let server: TestServer;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ratchet-precedence-'));
  server = await startServer(reply(200, single('allowed_approval_policies = ["on-request"]\n')));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const MDM = 'MDM com.openai.codex:requirements_toml_base64';
const mdmRunner =
  (toml: string): CommandRunner =>
  () =>
    Promise.resolve({ status: 0, stdout: Buffer.from(toml).toString('base64'), stderr: '' });

function sources(mdmToml = 'allowed_approval_policies = ["never"]\nallowed_sandbox_modes = ["read-only"]\n'): {
  list: RequirementsSourceLoader[];
  system: string;
  legacy: string;
} {
  const system = join(dir, 'requirements.toml');
  writeFileSync(
    system,
    'allowed_approval_policies = ["untrusted"]\nallowed_sandbox_modes = ["workspace-write"]\nallowed_web_search_modes = ["cached"]\n',
  );
  const legacy = join(dir, 'managed_config.toml');
  writeFileSync(
    legacy,
    'approval_policy = "never"\nsandbox_mode = "danger-full-access"\napprovals_reviewer = "user"\n',
  );
  const list = [
    cloudRequirementsSource({
      endpoint: server.url,
      token: 't',
      identity: 'me',
      cacheFile: join(dir, 'cache'),
      cacheKey: 'k',
      retries: 0,
    }),
    mdmRequirementsSource({ os: 'darwin', runner: mdmRunner(mdmToml) }),
    requirementsFileSource(system, { kind: 'system', optional: true }),
    managedConfigFileSource(legacy),
  ];
  return { list, system, legacy };
}

async function load(list: RequirementsSourceLoader[]) {
  return createEngine({ providers: [listsProvider()], sources: list, hostname: () => undefined }).load();
}

/** The combined requirement of the fake provider, typed. */
async function lists(list: RequirementsSourceLoader[]) {
  const policy = await load(list);
  return { policy, requirement: policy.requirementOf(LISTS_PROVIDER) };
}

describe('requirements source precedence: cloud > MDM > system > legacy, per field', () => {
  it('each field comes from the highest source that sets it, and names it', async () => {
    const { list, system, legacy } = sources();
    const { policy, requirement } = await lists(list);
    expect(requirement.value).toEqual({
      allowed_approval_policies: ['on-request'],
      allowed_sandbox_modes: ['read-only'],
      allowed_web_search_modes: ['cached'],
      allowed_approvals_reviewers: ['user'],
    });
    const labels = Object.fromEntries(
      Object.entries(requirement.origins).map(([k, v]) => [k, (v ?? []).map((s) => s.label)]),
    );
    expect(labels).toEqual({
      allowed_approval_policies: ['cloud requirements'],
      allowed_sandbox_modes: [MDM],
      allowed_web_search_modes: [system],
      allowed_approvals_reviewers: [legacy],
    });
    expect(policy.requirements.layers.map((l) => l.source.kind)).toEqual(['cloud', 'mdm', 'system', 'legacy']);
  });

  it('reports every source, with where the cloud and MDM layers came from', async () => {
    const policy = await load(sources().list);
    expect(policy.sources.map((s) => [s.id.split(':')[0], s.layers])).toEqual([
      ['cloud', 1],
      ['mdm', 1],
      ['system', 1],
      ['legacy', 1],
    ]);
    expect(policy.sources[0]!.detail).toEqual({ from: 'network', location: server.url, ageMs: 0 });
    expect(policy.sources[1]!.detail).toEqual({
      from: 'preferences',
      location: '/Library/Managed Preferences/com.openai.codex:requirements_toml_base64',
    });
    expect(policy.sources[2]!.detail).toBeUndefined();
  });

  it('without the cloud layer (service down, fail-open), MDM wins the field', async () => {
    server.handle(reply(503, 'down'));
    const { policy, requirement } = await lists(sources().list);
    expect(requirement.value.allowed_approval_policies).toEqual(['never']);
    expect(requirement.origins.allowed_approval_policies).toEqual([{ kind: 'mdm', label: MDM }]);
    expect(policy.sources[0]!.diagnostics.some((d) => d.severity === 'warning')).toBe(true);
  });

  it('legacy approval_policy and sandbox_mode fill only what every higher source left unset, as single values', async () => {
    const { list, legacy } = sources('');
    const system = join(dir, 'requirements.toml');
    writeFileSync(system, 'allowed_web_search_modes = ["cached"]\n');
    const { requirement } = await lists(list);
    expect(requirement.value.allowed_approval_policies).toEqual(['on-request']);
    expect(requirement.value.allowed_sandbox_modes).toEqual(['read-only', 'danger-full-access']);
    expect(requirement.origins.allowed_sandbox_modes).toEqual([{ kind: 'legacy', label: legacy, path: legacy }]);
  });

  it('an empty list set by a higher source counts as set', async () => {
    const { requirement } = await lists(sources('allowed_sandbox_modes = []\n').list);
    expect(requirement.value.allowed_sandbox_modes).toEqual([]);
  });

  it('a broken MDM payload stops loading, naming the MDM source', async () => {
    const list = sources().list;
    list[1] = mdmRequirementsSource({
      os: 'darwin',
      runner: () => Promise.resolve({ status: 0, stdout: '%%%', stderr: '' }),
    });
    const error = await load(list).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).source).toBe(MDM);
  });
});
