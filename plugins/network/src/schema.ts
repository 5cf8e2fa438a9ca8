import type { JsonSchema } from '@ratchet/core';
import { DOMAIN_DECISIONS, SOCKET_DECISIONS } from './rules.js';

const flag = (description: string) => ({ type: 'boolean', description });
const list = (description: string) => ({ type: 'array', items: { type: 'string' }, description });

/** JSON Schema of the network provider's requirement key. */
export const networkSchema: JsonSchema = {
  properties: {
    experimental_network: {
      type: 'object',
      description:
        'Managed network requirements. The canonical maps and the legacy lists cannot be combined in one table.',
      properties: {
        enabled: flag('Pins whether the network proxy runs.'),
        allow_upstream_proxy: flag('Pins whether the proxy may use an upstream HTTP(S) proxy.'),
        dangerously_allow_all_unix_sockets: flag('Pins whether any absolute unix socket path may be used.'),
        allow_local_binding: flag(
          'Pins whether loopback and private destinations are reachable without an exact allow entry.',
        ),
        managed_allowed_domains_only: flag(
          'Only managed allow entries count; user allow entries are ignored and misses are denied.',
        ),
        danger_full_access_denylist_only: flag(
          'Under danger-full-access only: allow every host except managed denies (removed in newest Codex).',
        ),
        domains: {
          type: 'object',
          description:
            '"<pattern>" = "allow" | "deny": exact host, *.domain (subdomains), **.domain (apex and subdomains), * (allow only).',
          properties: { '*': { const: 'allow', description: 'The global wildcard may allow, never deny.' } },
          additionalProperties: { enum: [...DOMAIN_DECISIONS] },
        },
        unix_sockets: {
          type: 'object',
          description: '"/absolute/path" = "allow" | "none" | "deny"; replaces the user\'s socket allow entries.',
          additionalProperties: { enum: [...SOCKET_DECISIONS] },
        },
        allowed_domains: list('Legacy: allow patterns (normalized into domains).'),
        denied_domains: {
          ...list('Legacy: deny patterns (normalized into domains; deny wins); never the global wildcard "*".'),
          not: { type: 'array', contains: { const: '*' } },
        },
        allow_unix_sockets: list('Legacy: allowed socket paths (normalized into unix_sockets).'),
        http_port: { type: 'integer', minimum: 0, maximum: 65535, description: 'Read, not enforced.' },
        socks_port: { type: 'integer', minimum: 0, maximum: 65535, description: 'Read, not enforced.' },
        dangerously_allow_non_loopback_proxy: flag('Read, not enforced.'),
        header_injections: { type: 'array', description: 'Read, not enforced.' },
      },
      // The legacy lists are read into the maps, so a block has one form or the other.
      allOf: [
        { not: { required: ['unix_sockets', 'allow_unix_sockets'] } },
        { not: { anyOf: [{ required: ['domains', 'allowed_domains'] }, { required: ['domains', 'denied_domains'] }] } },
      ],
    },
  },
};
