import {
  createProvider,
  formatValue,
  type Decision,
  type DependencyReader,
  type Diagnostic,
  type ResolveContext,
} from '@ratchet/core';
import { PERMISSION_PROFILE, SANDBOX_MODE } from '@ratchet/plugin-sandbox/keys';
import { NETWORK_PROVIDER } from './keys.js';
import { effectivePolicy } from './policy.js';
import {
  meet,
  NETWORK_FIELDS,
  parseNetworkTable,
  PINS,
  printNetworkTable,
  UNSATISFIABLE,
  validateNetwork,
  type NetworkRequirement,
  type NetworkTable,
} from './requirement.js';
import { keysWith, mapOf } from './rules.js';
import { networkSchema } from './schema.js';
import { FLAG_SETTINGS, foldSettings, networkSettingSpecs, type NetworkSettings } from './settings.js';
import { domainQuestion } from './question.js';

/** Runtime values the provider adds under `network.*`: what the proxy enforces in the effective sandbox mode. */
export const NETWORK_OUTPUTS = [
  'network.allowed_domains',
  'network.denied_domains',
  'network.allowlist_miss',
  'network.managed_allowed_domains_only',
  'network.danger_full_access_denylist_only',
  'network.local_binding_allowed',
  'network.upstream_proxy_allowed',
  'network.all_unix_sockets_allowed',
  'network.allowed_unix_sockets',
  'network.denied_unix_sockets',
  'network.review_domains',
] as const;

const hasAllow = (map: Readonly<Record<string, string>> | undefined) => Object.values(map ?? {}).includes('allow');
const withoutAllow = <T extends string>(map: Readonly<Record<string, T>>) =>
  mapOf(Object.entries(map).filter(([, d]) => d !== 'allow'));

type Values = Record<string, Decision<unknown>>;

/**
 * The permission profile whose network table applies: the one the sandbox provider put in force (requirements may
 * have replaced or cleared the user's), else, without that provider, the user's default_permissions. `loaded` is
 * false when the sandbox provider is not loaded (or no dependency reader was given).
 */
function profileInForce(dependency: DependencyReader | undefined, asked: string | undefined) {
  if (dependency === undefined || dependency(SANDBOX_MODE) === undefined) return { loaded: false, name: asked };
  return { loaded: true, name: dependency(PERMISSION_PROFILE) };
}

/** Effective settings and runtime values; user values requirements override or ignore are noted (silently, as Codex). */
function resolveNetwork({ requirement, requested, dependency }: ResolveContext<NetworkRequirement, NetworkSettings>) {
  const r: NetworkTable = requirement.value.experimental_network ?? {};
  const by = (requirement.origins.experimental_network ?? []).map((s) => s.label).join(', ') || 'requirements';
  const managed = requirement.value.experimental_network ? ['experimental_network'] : [];
  const wanted = requested['network.permission_profile']?.value;
  const inForce = profileInForce(dependency, wanted);
  const asked = foldSettings({
    ...Object.fromEntries(Object.entries(requested).map(([k, v]) => [k, v?.value])),
    'network.permission_profile': inForce.name,
  });
  const profile = requested['network.permission_profiles'];
  const originOf = (key: keyof NetworkSettings) => requested[key]?.origin.source ?? profile?.origin.source;
  const diagnostics: Diagnostic[] = [];
  const note = (key: keyof NetworkSettings, message: string) => {
    const source = originOf(key);
    diagnostics.push({
      kind: 'disallowed-value',
      severity: 'info',
      ...(source !== undefined && { source }),
      key,
      provider: 'network',
      message,
    });
  };
  const values: Values = {};
  const settings: { -readonly [K in keyof NetworkSettings]?: NetworkSettings[K] } = {};

  for (const [key, pin] of FLAG_SETTINGS) {
    const pinned = r[pin];
    const want = asked[key];
    if (typeof pinned === 'boolean') {
      settings[key] = pinned;
      values[key] = { value: pinned, rule: `pinned by experimental_network.${pin}`, constrainedBy: managed };
      if (want !== undefined && want !== pinned)
        note(key, `${key} = ${want} is replaced by experimental_network.${pin} = ${pinned} (set by ${by})`);
    } else {
      settings[key] = want ?? false;
      values[key] = { value: settings[key], rule: want === undefined ? 'default: false' : 'requested value' };
    }
  }
  const domains = asked['network.domains'];
  if (domains !== undefined && r.managed_allowed_domains_only === true && hasAllow(domains)) {
    settings['network.domains'] = withoutAllow(domains);
    values['network.domains'] = {
      value: settings['network.domains'],
      rule: 'managed_allowed_domains_only: user allow entries are ignored',
      constrainedBy: managed,
    };
    note(
      'network.domains',
      `allow entries ${formatValue(keysWith(domains, 'allow'))} are ignored: managed_allowed_domains_only = true (set by ${by})`,
    );
  } else {
    settings['network.domains'] = domains;
    values['network.domains'] = {
      value: domains,
      rule: domains === undefined ? 'no user domain rules' : 'requested value',
    };
  }
  const sockets = asked['network.unix_sockets'];
  if (sockets !== undefined && r.unix_sockets !== undefined && hasAllow(sockets)) {
    settings['network.unix_sockets'] = withoutAllow(sockets);
    values['network.unix_sockets'] = {
      value: settings['network.unix_sockets'],
      rule: 'the managed unix_sockets map replaces user allow entries',
      constrainedBy: managed,
    };
    note(
      'network.unix_sockets',
      `allow entries ${formatValue(keysWith(sockets, 'allow'))} are ignored: experimental_network.unix_sockets (set by ${by}) replaces them`,
    );
  } else {
    settings['network.unix_sockets'] = sockets;
    values['network.unix_sockets'] = {
      value: sockets,
      rule: sockets === undefined ? 'no user socket rules' : 'requested value',
    };
  }
  const name = inForce.name;
  values['network.permission_profile'] = {
    value: name,
    rule:
      name === wanted
        ? name === undefined
          ? 'no default_permissions: [network] only'
          : 'default_permissions'
        : name === undefined
          ? `the sandbox cleared default_permissions = ${JSON.stringify(wanted)}: [network] only`
          : 'the permission profile the sandbox put in force',
  };
  values['network.permission_profiles'] = {
    value: undefined,
    rule: "the active profile's network table is folded into network.*",
  };

  const policy = effectivePolicy({ requirement: r, settings, sandboxMode: dependency(SANDBOX_MODE) });
  const out = (key: (typeof NETWORK_OUTPUTS)[number], value: unknown, rule: string) =>
    (values[key] = { value, rule, constrainedBy: managed });
  out(
    'network.allowed_domains',
    policy.allow.map((e) => e.pattern),
    policy.rules.allow,
  );
  out(
    'network.denied_domains',
    policy.deny.map((e) => e.pattern),
    policy.rules.deny,
  );
  out('network.allowlist_miss', policy.onMiss, policy.rules.onMiss);
  out(
    'network.managed_allowed_domains_only',
    policy.managedAllowedDomainsOnly,
    'experimental_network.managed_allowed_domains_only',
  );
  out(
    'network.danger_full_access_denylist_only',
    policy.denylistOnly,
    'danger_full_access_denylist_only applies under danger-full-access only',
  );
  const relaxed = policy.denylistOnly
    ? 'danger_full_access_denylist_only under danger-full-access'
    : 'the effective setting';
  out('network.local_binding_allowed', policy.allowLocalBinding, relaxed);
  out('network.upstream_proxy_allowed', policy.allowUpstreamProxy, relaxed);
  out('network.all_unix_sockets_allowed', policy.allowAllUnixSockets, relaxed);
  out(
    'network.allowed_unix_sockets',
    policy.allowedUnixSockets.map((e) => e.path),
    policy.rules.sockets,
  );
  out(
    'network.review_domains',
    policy.review.map((e) => e.pattern),
    'managed review_domains: allowed hosts they match need review (an approval prompt)',
  );
  out(
    'network.denied_unix_sockets',
    policy.deniedUnixSockets.map((e) => e.path),
    'deny entries of every source',
  );
  return { values: values as Values & { [K in keyof NetworkSettings]: Decision<NetworkSettings[K]> }, diagnostics };
}

/** The network provider: `[experimental_network]` requirements, the user's network settings, and the runtime policy. */
export function networkProvider() {
  return createProvider({
    key: NETWORK_PROVIDER,
    docs: {
      summary: 'Managed network domains, unix sockets and proxy flags; the effective network policy per sandbox mode.',
      description:
        'Managed allow entries are a baseline the user adds to in read-only and workspace-write; under danger-full-access ' +
        'and external-sandbox the allowlist is pinned to them and misses are denied. managed_allowed_domains_only keeps ' +
        'the managed allow entries only and denies misses everywhere. Deny entries of every source always win. Flags ' +
        'pin the user value. Legacy allowed_domains/denied_domains/allow_unix_sockets lists are read in requirements only. ' +
        'review_domains turns an allowed host it matches into an approval prompt (never a denied one into a prompt). ' +
        '[network_proxy] and [experimental_network] are one requirement under two names (both in one file is an error). ' +
        'The highest requirements layer with an [experimental_network] table wins the whole table (flags and maps, an ' +
        "empty table included); lower layers' tables are ignored. Strict layering meets every layer's table instead.",
    },
    after: ['sandbox'],
    questions: [domainQuestion],
    requirementKeys: [...NETWORK_FIELDS],
    fields: {
      experimental_network: {
        docs: 'Network requirements ([network_proxy], or [experimental_network]): flags, [domains] and [unix_sockets] maps (legacy lists normalized into them), review_domains; the highest layer with the table wins it whole.',
      },
    },
    settings: networkSettingSpecs,
    outputs: [...NETWORK_OUTPUTS],
    schema: networkSchema,
    parse(slice, { report }) {
      const written = NETWORK_FIELDS.filter((field) => slice[field] !== undefined);
      if (written.length > 1) {
        // One field under two names in Codex 0.171: it refuses the file ("duplicate field `network_proxy`").
        report({
          severity: 'error',
          kind: 'conflict',
          key: 'network_proxy',
          message:
            'duplicate field `network_proxy`: [network_proxy] and [experimental_network] are the same requirement',
          suggestion: 'keep one of the two tables',
        });
        return {};
      }
      const field = written[0];
      if (field === undefined) return {};
      const table = parseNetworkTable(slice[field], report, field);
      return table ? { experimental_network: table } : {};
    },
    validate: validateNetwork,
    tighten(a, b) {
      const x = a.experimental_network;
      const y = b.experimental_network;
      const met = x && y ? meet(x, y) : (x ?? y);
      return met ? { experimental_network: met } : {};
    },
    allows(r, v, dependency) {
      // The profile whose network table applies is the sandbox's: settings naming another, or holding a table for
      // the one in force without naming it, would not stand.
      const named = v['network.permission_profile'];
      const inForce = profileInForce(dependency, named);
      const tables = v['network.permission_profiles'];
      if (inForce.loaded && named !== inForce.name) {
        const folded =
          named === undefined && inForce.name !== undefined && tables && Object.hasOwn(tables, inForce.name);
        if (named !== undefined || folded) return false;
      }
      const t = r.experimental_network;
      if (!t) return true;
      if (PINS.some((pin) => t[pin] === UNSATISFIABLE)) return false;
      const s = foldSettings(v);
      if (FLAG_SETTINGS.some(([key, pin]) => s[key] !== undefined && s[key] !== t[pin] && t[pin] !== undefined))
        return false;
      if (t.managed_allowed_domains_only === true && hasAllow(s['network.domains'])) return false;
      return !(t.unix_sockets !== undefined && hasAllow(s['network.unix_sockets']));
    },
    normalize: foldSettings,
    resolve: resolveNetwork,
    print: (r) => (r.experimental_network ? printNetworkTable(r.experimental_network) : {}),
  });
}
