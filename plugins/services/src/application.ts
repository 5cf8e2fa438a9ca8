import { abbreviate, createProvider, isTable, type JsonSchema, type Reporter } from '@ratchet/core';
import { APPLICATION_PROVIDER } from './keys.js';
import { readClosedTable, readVariant, tableValue, wrongType } from './read.js';
import { DOMAIN_PERMISSIONS, type DomainPermission } from './values.js';

/** `[application.network]`: when enabled, the application may reach only the domains marked `allow`. */
export interface ApplicationNetwork {
  readonly enabled: boolean;
  readonly domains: Readonly<Record<string, DomainPermission>>;
}

/** `[application.storage]`: absolute folders the application keeps projects in. */
export interface ApplicationStorage {
  readonly default_project_parent?: string;
  readonly projectless_workspace_root?: string;
}

/** The `[application]` table as read: the parts set. */
export interface ApplicationTable {
  readonly network?: ApplicationNetwork;
  readonly storage?: ApplicationStorage;
}

/** The application provider's requirement: the whole `[application]` table (the highest layer that sets it wins). */
export interface ApplicationRequirement {
  readonly application?: ApplicationTable;
}

const KEY = 'application';
const PARTS = ['network', 'storage'] as const;
const NETWORK_FIELDS = ['enabled', 'domains'] as const;
const STORAGE_FIELDS = ['default_project_parent', 'projectless_workspace_root'] as const;
/** An exact ASCII domain name: labels of letters, digits and hyphens; no scheme, port, path or wildcard. */
const DOMAIN = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;

function readNetwork(raw: unknown, report: Reporter): ApplicationNetwork | undefined {
  const key = `${KEY}.network`;
  const table = readClosedTable(raw, key, NETWORK_FIELDS, report);
  if (!table) return undefined;
  const enabled =
    table.enabled === undefined
      ? true
      : typeof table.enabled === 'boolean'
        ? table.enabled
        : wrongType(report, `${key}.enabled`, 'a boolean', table.enabled, `write ${key}.enabled = true or false`);
  const domains: Record<string, DomainPermission> = {};
  let ok = enabled !== undefined;
  if (table.domains !== undefined) {
    if (!isTable(table.domains))
      return wrongType(
        report,
        `${key}.domains`,
        'a table of domain = "allow" | "deny"',
        table.domains,
        `write [${key}.domains] with "example.com" = "allow"`,
      );
    for (const [name, value] of Object.entries(table.domains)) {
      const permission = readVariant(value, `${key}.domains.${name}`, DOMAIN_PERMISSIONS, report);
      const domain = name.toLowerCase();
      if (!DOMAIN.test(domain)) {
        report({
          severity: 'error',
          kind: 'invalid-value',
          key: `${key}.domains`,
          message: `${key}.domains requires exact ASCII domain names without URLs, ports, or wildcards (found "${abbreviate(name)}")`,
          suggestion: 'write each domain as a plain host name, such as "api.example.com"',
        });
        ok = false;
      }
      if (permission === undefined) ok = false;
      else domains[domain] = permission;
    }
  }
  return ok ? { enabled: enabled!, domains } : undefined;
}

function readStorage(raw: unknown, report: Reporter): ApplicationStorage | undefined {
  const key = `${KEY}.storage`;
  const table = readClosedTable(raw, key, STORAGE_FIELDS, report);
  if (!table) return undefined;
  const out: Record<string, string> = {};
  let ok = true;
  for (const field of STORAGE_FIELDS) {
    const value = table[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      wrongType(report, `${key}.${field}`, 'an absolute path', value, `write ${key}.${field} = "/absolute/path"`);
      ok = false;
    } else if (!value.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(value)) {
      report({
        severity: 'error',
        kind: 'invalid-value',
        key: `${key}.${field}`,
        message: `path is not absolute: ${abbreviate(value)}`,
        suggestion: `write ${key}.${field} as an absolute path`,
      });
      ok = false;
    } else out[field] = value;
  }
  return ok ? out : undefined;
}

/** Whether a network requirement lets the application reach `domain`: a `deny` always denies (even when not enabled). */
const reaches = (network: ApplicationNetwork | undefined, domain: string) =>
  network === undefined ||
  (network.domains[domain] !== 'deny' && (!network.enabled || network.domains[domain] === 'allow'));

/** The strict meet of two network requirements: enabled when either is, a domain reached only when both reach it. */
function meetNetwork(
  a: ApplicationNetwork | undefined,
  b: ApplicationNetwork | undefined,
): ApplicationNetwork | undefined {
  if (!a || !b) return a ?? b;
  const names = new Set([...Object.keys(a.domains), ...Object.keys(b.domains)]);
  const domains = Object.fromEntries(
    [...names].sort().map((d) => [d, reaches(a, d) && reaches(b, d) ? 'allow' : 'deny'] as const),
  );
  return { enabled: a.enabled || b.enabled, domains };
}

const applicationSchema: JsonSchema = {
  properties: {
    [KEY]: {
      type: 'object',
      additionalProperties: false,
      properties: {
        network: {
          type: 'object',
          additionalProperties: false,
          properties: {
            enabled: {
              type: 'boolean',
              description: 'Restrict the application to the allowed domains (default true).',
            },
            domains: {
              type: 'object',
              propertyNames: { pattern: '^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*$' },
              additionalProperties: { enum: [...DOMAIN_PERMISSIONS] },
              description: 'Exact ASCII domain names (no URL, port or wildcard) to "allow" or "deny".',
            },
          },
        },
        storage: {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(
            STORAGE_FIELDS.map((f) => [
              f,
              { type: 'string', pattern: '^(/|[A-Za-z]:[\\\\/])', description: 'An absolute path.' },
            ]),
          ),
        },
      },
      description:
        "The application's network allowlist and storage folders, reported for hosts to enforce. Unknown fields are errors.",
    },
  },
};

/** The application provider: `[application]` read as Codex 0.171 reads it and reported as the runtime value `application`. */
export function applicationProvider() {
  return createProvider({
    key: APPLICATION_PROVIDER,
    docs: {
      summary: "Reads [application]: the application's network allowlist and storage folders.",
      description:
        '[application] takes network (enabled, default true, and domains: exact ASCII domain names to "allow" or ' +
        '"deny") and storage (default_project_parent, projectless_workspace_root: absolute paths); any other field, ' +
        'a URL, port or wildcard as a domain, or a relative path stops loading. An empty [application] sets nothing. ' +
        'There is no config.toml key: the effective runtime value application is reported for hosts to enforce. ' +
        'Strict layering enables the network restriction when either layer does and allows a domain only when both do.',
    },
    requirementKeys: [KEY],
    fields: { application: { docs: "The application's network allowlist and storage folders." } },
    settings: {},
    outputs: [KEY],
    schema: applicationSchema,
    parse(slice, { report }) {
      if (slice[KEY] === undefined) return {};
      const table = readClosedTable(slice[KEY], KEY, PARTS, report);
      if (!table) return {};
      const network = table.network === undefined ? undefined : readNetwork(table.network, report);
      const storage = table.storage === undefined ? undefined : readStorage(table.storage, report);
      if ((table.network !== undefined && !network) || (table.storage !== undefined && !storage)) return {};
      const application: ApplicationTable = { ...(network && { network }), ...(storage && { storage }) };
      return Object.keys(application).length === 0 ? {} : { application };
    },
    tighten(a, b) {
      if (!a.application || !b.application)
        return a.application || b.application ? { application: (a.application ?? b.application)! } : {};
      const network = meetNetwork(a.application.network, b.application.network);
      const storage =
        a.application.storage || b.application.storage
          ? { ...b.application.storage, ...a.application.storage }
          : undefined;
      return { application: { ...(network && { network }), ...(storage && { storage }) } };
    },
    allows: () => true,
    resolve({ requirement: { value } }) {
      return {
        values: {
          application: tableValue(value.application, KEY, `required by [${KEY}]; reported for hosts to enforce`),
        },
      };
    },
    print: (r) => (r.application ? { application: structuredClone(r.application) } : {}),
  });
}

/** Whether the `[application]` requirement in force lets the application reach `domain` (lower-cased first). */
export function applicationReaches(application: ApplicationTable | undefined, domain: string): boolean {
  return reaches(application?.network, domain.toLowerCase());
}
