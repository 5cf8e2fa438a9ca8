import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLaws, lawSeed, resolveWith } from '@ratchet/testkit';
import { describeLaws } from '@ratchet/testkit/vitest';
import { intersect, verdict, type Allowlist, type McpRequirement, type ServerRef } from './allowlist.js';
import {
  allowlistArbitrary,
  identityArbitrary,
  mcpArbitraries,
  NAMES,
  serverArbitrary,
  serversArbitrary,
} from './arbitraries.js';
import { matches, type Identity, type Transport } from './identity.js';
import { mcpProvider, type McpSettings } from './provider.js';
import type { McpServer, McpServers } from './servers.js';

const seed = lawSeed();
const provider = mcpProvider();
describeLaws(provider, mcpArbitraries);

const SOURCES = { mcp_servers: 'req.toml', plugins: 'req.toml' };
const PLUGINS = ['sample@test', 'acme@market'] as const;

/** The transport written in a server, built here rather than through the plugin's own helper. */
const transport = (s: McpServer): Transport =>
  s.command !== undefined ? { command: s.command, args: s.args ?? [] } : { url: s.url! };
/** The rule, stated independently of `verdict`: no allowlist, or a listed name whose every identity matches. */
const oracle = (list: Allowlist | undefined, name: string, t: Transport) =>
  list === undefined || (Object.hasOwn(list, name) && list[name]!.every((id) => matches(id, t)));
const allowed = (r: McpRequirement, ref: ServerRef) => verdict(r, ref, SOURCES).allowed;
const resolved = (list: Allowlist | undefined, servers: McpServers) =>
  resolveWith(provider, list === undefined ? {} : { mcp_servers: list }, { mcp_servers: servers }).effective
    .mcp_servers as McpServers;

/** Allowlists as layers produce them: absent, parsed (one identity per name) or tightened (several). */
const anyAllowlist = fc.option(
  fc.oneof(
    allowlistArbitrary,
    fc.tuple(allowlistArbitrary, allowlistArbitrary).map(([a, b]) => intersect(a, b)),
  ),
  { nil: undefined },
);
const transportArbitrary = serverArbitrary.map(transport);
const nameArbitrary = fc.constantFrom(...NAMES, 'unlisted');
const refArbitrary: fc.Arbitrary<ServerRef> = fc.record(
  { name: nameArbitrary, transport: transportArbitrary, plugin: fc.constantFrom(...PLUGINS) },
  { requiredKeys: ['name', 'transport'] },
);

describe(`MCP allowlist properties (fast-check seed ${seed})`, () => {
  const params = { seed, numRuns: 300 };

  it('(a) no enabled server in the resolved result violates the allowlist, and none is dropped or re-enabled', () => {
    fc.assert(
      fc.property(anyAllowlist, serversArbitrary, (list, servers) => {
        const out = resolved(list, servers);
        expect(Object.keys(out).sort()).toEqual(Object.keys(servers).sort());
        for (const [name, server] of Object.entries(out)) {
          if (server.enabled) expect(oracle(list, name, transport(server))).toBe(true);
          if (!servers[name]!.enabled) expect(server.enabled).toBe(false);
          // A server the allowlist admits keeps what the user asked for, without a reason.
          if (oracle(list, name, transport(server)))
            expect(server).toStrictEqual({ ...servers[name], enabled: servers[name]!.enabled });
          else if (servers[name]!.enabled) expect(server.disabled_reason).toContain('req.toml');
        }
      }),
      params,
    );
  });

  it('(b) adding an allowlist entry under a new name never disables a server that was allowed', () => {
    const scenario = fc
      .tuple(allowlistArbitrary, serversArbitrary, identityArbitrary, fc.boolean())
      .chain(([list, servers, identity, fromConfig]) => {
        const unused = [...Object.keys(servers), 'added'].filter((n) => !Object.hasOwn(list, n));
        const candidates = fromConfig ? unused : ['added'];
        return fc
          .constantFrom(...candidates)
          .map((name) => ({ list, servers, bigger: { ...list, [name]: [identity] } }));
      });
    fc.assert(
      fc.property(scenario, ({ list, servers, bigger }) => {
        const before = resolved(list, servers);
        const after = resolved(bigger, servers);
        for (const [name, server] of Object.entries(before))
          if (server.enabled) expect(after[name]!.enabled).toBe(true);
      }),
      params,
    );

    // The same for plugin servers, whichever allowlist (top level or the plugin's) grows.
    fc.assert(
      fc.property(
        mcpArbitraries.requirement,
        refArbitrary,
        identityArbitrary,
        fc.boolean(),
        (r, ref, identity, inPlugin) => {
          const grow = (list: Allowlist) => (Object.hasOwn(list, 'added') ? list : { ...list, added: [identity] });
          const plugin = PLUGINS[0];
          const bigger: McpRequirement =
            inPlugin && r.plugins?.[plugin]
              ? { ...r, plugins: { ...r.plugins, [plugin]: grow(r.plugins[plugin]) } }
              : { ...r, ...(r.mcp_servers && { mcp_servers: grow(r.mcp_servers) }) };
          return !allowed(r, ref) || allowed(bigger, ref);
        },
      ),
      params,
    );
  });

  it('(c) tightening two allowlists allows exactly the servers both allow', () => {
    fc.assert(
      fc.property(allowlistArbitrary, allowlistArbitrary, nameArbitrary, transportArbitrary, (a, b, name, t) => {
        const both = intersect(a, b);
        const ref = { name, transport: t };
        expect(oracle(both, name, t)).toBe(oracle(a, name, t) && oracle(b, name, t));
        expect(allowed({ mcp_servers: both }, ref)).toBe(
          allowed({ mcp_servers: a }, ref) && allowed({ mcp_servers: b }, ref),
        );
      }),
      params,
    );
  });

  it("(c) the provider's tighten is exact for configured servers and never loosens for plugin servers", () => {
    const req = mcpArbitraries.requirement;
    const exactly = (t: Transport): Identity =>
      'url' in t ? { url: { match: 'exact', value: t.url } } : { command: t.command };
    // Half the time `b` admits a plugin server through its plugin's allowlist, so the plugin rules are exercised.
    const scenario = fc
      .tuple(req, req, refArbitrary, fc.boolean())
      .map(([a, b, ref, admit]): [McpRequirement, McpRequirement, ServerRef] => {
        if (!admit || ref.plugin === undefined) return [a, b, ref];
        const list = { ...b.plugins?.[ref.plugin], [ref.name]: [exactly(ref.transport)] };
        return [a, { ...b, plugins: { ...b.plugins, [ref.plugin]: list } }, ref];
      });
    fc.assert(
      fc.property(scenario, ([a, b, ref]) => {
        const met = provider.tighten(a, b);
        const each = allowed(a, ref) && allowed(b, ref);
        if (ref.plugin === undefined) expect(allowed(met, ref)).toBe(each);
        else if (allowed(met, ref)) expect(each).toBe(true);
      }),
      params,
    );
  });

  it("(d) a server's fate never depends on its name alone", () => {
    fc.assert(
      fc.property(
        allowlistArbitrary,
        nameArbitrary,
        transportArbitrary,
        transportArbitrary,
        nameArbitrary,
        (list, name, t, other, stranger) => {
          const r = { mcp_servers: list };
          fc.pre(allowed(r, { name, transport: t }));
          // Same name, a transport that fails one of the name's identities: not allowed.
          if (list[name]!.some((id) => !matches(id, other))) expect(allowed(r, { name, transport: other })).toBe(false);
          // Same name, the other kind of transport: never allowed.
          const swapped: Transport = 'url' in t ? { command: t.url, args: [] } : { url: t.command };
          expect(allowed(r, { name, transport: swapped })).toBe(false);
          // The same transport under a name the allowlist does not list: not allowed.
          if (!Object.hasOwn(list, stranger)) expect(allowed(r, { name: stranger, transport: t })).toBe(false);
        },
      ),
      { ...params, numRuns: 200 },
    );

    // Likewise inside a plugin's allowlist.
    fc.assert(
      fc.property(allowlistArbitrary, nameArbitrary, transportArbitrary, transportArbitrary, (list, name, t, other) => {
        const r: McpRequirement = { plugins: { 'sample@test': list } };
        const ref = { name, plugin: 'sample@test', transport: other };
        return !allowed(r, ref) || oracle(list, name, other);
      }),
      params,
    );
  });
});

describe('the laws catch broken MCP providers', () => {
  const failed = (variant: typeof provider) => checkLaws(variant, mcpArbitraries, { numRuns: 200 }).map((f) => f.law);

  it('the real provider passes every law', () => {
    expect(failed(provider)).toEqual([]);
  });

  it('an allows that checks names only (ignoring identity) is caught', () => {
    const namesOnly = {
      ...provider,
      allows: (r: Partial<McpRequirement>, v: Partial<McpSettings>) =>
        Object.entries(v.mcp_servers ?? {}).every(
          ([name, s]) => !s.enabled || !r.mcp_servers || Object.hasOwn(r.mcp_servers, name),
        ),
    };
    const laws = failed(namesOnly);
    expect(laws.length).toBeGreaterThan(0);
    expect(laws).toContain('stability');
  });

  it('a resolve that keeps disallowed servers enabled is caught', () => {
    const keeping = {
      ...provider,
      resolve: (ctx: Parameters<typeof provider.resolve>[0]) => {
        const out = provider.resolve(ctx);
        const asked = ctx.requested.mcp_servers?.value ?? {};
        const value = Object.fromEntries(
          Object.entries(out.values.mcp_servers.value).map(([n, s]) => [n, { ...s, enabled: asked[n]!.enabled }]),
        );
        return { ...out, values: { ...out.values, mcp_servers: { ...out.values.mcp_servers, value } } };
      },
    };
    expect(failed(keeping)).toContain('compliance');
  });

  it('a tighten that unions allowlists is caught', () => {
    const union = {
      ...provider,
      tighten: (a: Partial<McpRequirement>, b: Partial<McpRequirement>) =>
        a.mcp_servers && b.mcp_servers
          ? { ...a, mcp_servers: { ...b.mcp_servers, ...a.mcp_servers } }
          : provider.tighten(a, b),
    };
    expect(failed(union)).toContain('never-loosen');
  });
});
