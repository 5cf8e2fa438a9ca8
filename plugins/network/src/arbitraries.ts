import fc from 'fast-check';
import type { LawArbitraries } from '@ratchet/testkit';
import type { NetworkRequirement, NetworkTable } from './requirement.js';
import { mapOf, type DomainDecision, type DomainMap, type SocketDecision, type SocketMap } from './rules.js';
import type { NetworkSettings, UserNetworkTable } from './settings.js';

/** Normalized patterns over a small pool of names, so generated hosts often (not always) match them. */
export const PATTERNS = [
  'example.com',
  '*.example.com',
  '**.example.com',
  'api.example.com',
  'blocked.example.com',
  'a.b.example.com',
  'openai.com',
  '*.openai.com',
  'region*.v2.argotunnel.com',
  'localhost',
  '127.0.0.1',
  '10.0.0.1',
  '::1',
  'xn--bcher-kva.example',
] as const;

/** Hosts as callers may write them: cases, trailing dots, ports, IP forms, IDN, and some that are not host names at all. */
export const HOSTS = [
  'example.com',
  'EXAMPLE.com.',
  'api.example.com',
  'API.Example.Com:443',
  'a.b.example.com',
  'blocked.example.com',
  'x.blocked.example.com',
  'openai.com',
  'chat.openai.com',
  'region1.v2.argotunnel.com',
  'xregion1.v2.argotunnel.com',
  'localhost',
  'LOCALHOST.',
  '127.0.0.1',
  '2130706433',
  '0x7f.0.0.1',
  '0177.0.0.1',
  '127.1',
  '[::1]:8080',
  '::ffff:127.0.0.1',
  '10.0.0.1',
  '0xa000001',
  '8.8.8.8',
  '169.254.169.254',
  'bücher.example',
  'evil.com@example.com',
  'example.com/path',
  'other.org',
  '',
] as const;

export const SOCKETS = ['/tmp/a.sock', '/var/run/docker.sock', '/tmp/b.sock'] as const;
export const MODES = ['read-only', 'workspace-write', 'danger-full-access', 'external-sandbox'] as const;
const PROFILES = ['workspace', 'dev'] as const;

const pattern = fc.constantFrom<string>('*', ...PATTERNS);
const domainDecision = fc.constantFrom<DomainDecision>('allow', 'deny');

/** Domain maps (the global wildcard only ever allowed, as parsing demands). */
export const domainMapArbitrary: fc.Arbitrary<DomainMap> = fc
  .array(fc.tuple(pattern, domainDecision), { maxLength: 5 })
  .map((entries) => mapOf(entries.filter(([p, d]) => !(p === '*' && d === 'deny'))));

/** Deny patterns only (never `*`). */
export const denyPatternArbitrary = fc.constantFrom<string>(...PATTERNS);

export const socketMapArbitrary: fc.Arbitrary<SocketMap> = fc
  .array(fc.tuple(fc.constantFrom<string>(...SOCKETS), fc.constantFrom<SocketDecision>('allow', 'none', 'deny')), {
    maxLength: 3,
  })
  .map((entries) => mapOf(entries));

const nonEmpty = <T extends object>(map: T | undefined) => (map && Object.keys(map).length > 0 ? map : undefined);

/** `[experimental_network]` tables as parsing leaves them (no empty maps). */
export const networkTableArbitrary: fc.Arbitrary<NetworkTable> = fc
  .record(
    {
      enabled: fc.boolean(),
      allow_upstream_proxy: fc.boolean(),
      dangerously_allow_all_unix_sockets: fc.boolean(),
      allow_local_binding: fc.boolean(),
      managed_allowed_domains_only: fc.boolean(),
      danger_full_access_denylist_only: fc.boolean(),
      domains: domainMapArbitrary,
      unix_sockets: socketMapArbitrary,
      empty_allowlist: fc.constant(true as const),
      review_domains: fc.uniqueArray(pattern, { maxLength: 3 }).map((list) => [...list].sort()),
    },
    { requiredKeys: [] },
  )
  .map(({ domains, unix_sockets, empty_allowlist, review_domains, ...flags }) => {
    const d = nonEmpty(domains);
    const s = nonEmpty(unix_sockets);
    // An emptied allowlist only exists where no allow entry survived.
    const emptied = empty_allowlist && !Object.values(d ?? {}).includes('allow');
    return {
      ...flags,
      ...(d && { domains: d }),
      ...(s && { unix_sockets: s }),
      ...(emptied && { empty_allowlist }),
      ...(review_domains && review_domains.length > 0 && { review_domains }),
    };
  });

const userTable: fc.Arbitrary<UserNetworkTable> = fc.record(
  {
    enabled: fc.boolean(),
    allow_local_binding: fc.boolean(),
    domains: domainMapArbitrary,
    unix_sockets: socketMapArbitrary,
  },
  { requiredKeys: [] },
);

/** The user's network settings, sometimes through a permission profile's network table. */
export const settingsArbitrary: fc.Arbitrary<Partial<NetworkSettings>> = fc.record(
  {
    'network.enabled': fc.boolean(),
    'network.allow_upstream_proxy': fc.boolean(),
    'network.dangerously_allow_all_unix_sockets': fc.boolean(),
    'network.allow_local_binding': fc.boolean(),
    'network.domains': domainMapArbitrary,
    'network.unix_sockets': socketMapArbitrary,
    'network.permission_profile': fc.constantFrom<string>(...PROFILES),
    'network.permission_profiles': fc.dictionary(fc.constantFrom<string>(...PROFILES), userTable, { maxKeys: 2 }),
  },
  { requiredKeys: [] },
);

/** Law generators for the network provider; the effective sandbox mode varies too. */
export const networkArbitraries: LawArbitraries<NetworkRequirement, NetworkSettings> = {
  requirement: fc.record({ experimental_network: networkTableArbitrary }, { requiredKeys: [] }),
  requested: settingsArbitrary,
  dependencies: fc.record(
    { sandbox_mode: fc.constantFrom<string>(...MODES), permission_profile: fc.constantFrom<string>(...PROFILES) },
    { requiredKeys: ['sandbox_mode'] },
  ),
};
