import fc from 'fast-check';
import type { LawArbitraries } from '@ratchet/testkit';
import type { Allowlist, McpRequirement } from './allowlist.js';
import type { Identity, ValueMatcher } from './identity.js';
import type { McpSettings } from './provider.js';
import type { McpServer } from './servers.js';

export const NAMES = ['docs', 'remote', 'hello_world', 'other'] as const;
export const COMMANDS = ['docs-mcp', 'hello-world-mcp', 'other-mcp'] as const;
export const URLS = ['https://example.com/mcp', 'https://example.com/mcp/v2', 'https://evil.example.net/mcp'] as const;
const ARGS = ['--verbose', '--port=1', 'serve'] as const;

const argMatcher: fc.Arbitrary<ValueMatcher> = fc.oneof(
  fc.constantFrom(...ARGS).map((value): ValueMatcher => ({ match: 'exact', value })),
  fc.constantFrom('--', 's').map((value): ValueMatcher => ({ match: 'prefix', value })),
  fc.constantFrom('--port=\\d+', 'serve|run').map((expression): ValueMatcher => ({ match: 'regex', expression })),
);

/** Identities over a small pool, so generated servers often (but not always) match them. */
export const identityArbitrary: fc.Arbitrary<Identity> = fc.oneof(
  fc.constantFrom(...COMMANDS).map((command): Identity => ({ command })),
  fc
    .tuple(fc.constantFrom(...COMMANDS), fc.array(argMatcher, { maxLength: 2 }))
    .map(([command, args]): Identity => ({ command, args })),
  fc.constantFrom(...URLS).map((value): Identity => ({ url: { match: 'exact', value } })),
  fc.constant<Identity>({ url: { match: 'prefix', value: 'https://example.com/' } }),
  fc.constant<Identity>({ url: { match: 'regex', expression: 'https://example\\.com/mcp(/v\\d+)?' } }),
);

export const allowlistArbitrary: fc.Arbitrary<Allowlist> = fc
  .subarray([...NAMES])
  .chain((names) =>
    fc
      .tuple(...names.map(() => identityArbitrary))
      .map((ids) => Object.fromEntries(names.map((n, i) => [n, [ids[i]!]]))),
  );

export const serverArbitrary: fc.Arbitrary<McpServer> = fc.oneof(
  fc.record({
    enabled: fc.boolean(),
    command: fc.constantFrom(...COMMANDS),
    args: fc.array(fc.constantFrom(...ARGS), { maxLength: 2 }),
  }),
  fc.record({ enabled: fc.boolean(), url: fc.constantFrom(...URLS) }),
);

export const serversArbitrary = fc.dictionary(fc.constantFrom(...NAMES), serverArbitrary, { maxKeys: 4 });

/** Law generators for the MCP provider. */
export const mcpArbitraries: LawArbitraries<McpRequirement, McpSettings> = {
  requirement: fc.record(
    {
      mcp_servers: allowlistArbitrary,
      plugins: fc.dictionary(fc.constantFrom('sample@test', 'acme@market'), allowlistArbitrary, { maxKeys: 2 }),
    },
    { requiredKeys: [] },
  ),
  requested: fc.record({ mcp_servers: serversArbitrary }, { requiredKeys: [] }),
};
