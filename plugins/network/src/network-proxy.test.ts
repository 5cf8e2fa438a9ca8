import { describe, expect, it } from 'vitest';
import type { Table } from '@ratchet/core';
import { loadPolicy, parseSlice, userConfig } from '@ratchet/testkit';
import { diagnosticLike, type DiagnosticExpectation as Expected } from '@ratchet/testkit/vitest';
import { sandboxProvider } from '@ratchet/plugin-sandbox';
import { networkGate } from './gate.js';
import { networkProvider } from './provider.js';
import type { NetworkRequirement } from './requirement.js';

const provider = networkProvider();
const like = (expected: Expected) => diagnosticLike({ source: 'req.toml', severity: 'error', ...expected });

describe('[network_proxy] and review_domains parse: valid slices', () => {
  const cases: { name: string; input: Table; expected: Partial<NetworkRequirement> }[] = [
    {
      name: '[network_proxy] is read as the network requirement',
      input: { network_proxy: { allowed_domains: ['api.example.com'] } },
      expected: { experimental_network: { domains: { 'api.example.com': 'allow' } } },
    },
    {
      name: 'review_domains inside [experimental_network], normalized, sorted and without repeats',
      input: { experimental_network: { review_domains: ['Review.Example.com.', '*.b.example', 'review.example.com'] } },
      expected: { experimental_network: { review_domains: ['*.b.example', 'review.example.com'] } },
    },
    {
      name: 'review_domains inside [network_proxy], the global wildcard included',
      input: { network_proxy: { review_domains: ['*'] } },
      expected: { experimental_network: { review_domains: ['*'] } },
    },
    {
      name: 'an empty [network_proxy] is still a table (it masks lower layers)',
      input: { network_proxy: {} },
      expected: { experimental_network: {} },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parseSlice(provider, input);
    expect(requirement).toStrictEqual(expected);
    expect(diagnostics).toEqual([]);
    expect(parseSlice(provider, provider.print(requirement)).requirement).toStrictEqual(requirement);
  });
});

describe('[network_proxy] and review_domains parse: invalid slices', () => {
  const cases: { name: string; input: Table; expected: Expected[] }[] = [
    {
      name: 'both names in one file: Codex refuses the duplicate field',
      input: { network_proxy: { enabled: true }, experimental_network: { denied_domains: ['b.example.com'] } },
      expected: [{ kind: 'conflict', key: 'network_proxy', message: 'duplicate field `network_proxy`' }],
    },
    {
      name: 'review_domains must be a list',
      input: { experimental_network: { review_domains: 'x.example.com' } },
      expected: [{ kind: 'invalid-type', key: 'experimental_network.review_domains', message: 'a list of strings' }],
    },
    {
      name: 'an invalid review pattern is refused',
      input: { network_proxy: { review_domains: ['https://x.example.com/'] } },
      expected: [{ kind: 'invalid-value', key: 'network_proxy.review_domains[0]', message: 'invalid domain pattern' }],
    },
    {
      name: 'messages name the table as written',
      input: { network_proxy: { enabled: 'yes' } },
      expected: [{ kind: 'invalid-type', key: 'network_proxy.enabled', message: 'a boolean' }],
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parseSlice(provider, input);
    expect(diagnostics).toEqual(expected.map(like));
    expect(requirement.experimental_network?.review_domains).toBeUndefined();
  });

  it('review_domains at the top level is not a network key: it is left to the unknown-key warning', () => {
    expect(provider.requirementKeys).not.toContain('review_domains');
  });
});

describe('review_domains at run time', () => {
  const gateFor = async (requirements: string | string[], config = '') => {
    const policy = await loadPolicy([sandboxProvider(), networkProvider()], requirements);
    return networkGate(policy, policy.resolve(userConfig(config)));
  };

  it('an allowed host a review entry matches is asked about; others keep their decision', async () => {
    const gate = await gateFor(
      '[network_proxy]\nreview_domains = ["*.example.com"]\n[network_proxy.domains]\n"api.example.com" = "allow"\n"docs.rs" = "allow"\n"bad.example.com" = "deny"\n',
    );
    expect(gate.host('api.example.com')).toMatchObject({ decision: 'ask', reason: 'review' });
    expect(gate.host('docs.rs')).toMatchObject({ decision: 'allow' });
    expect(gate.host('bad.example.com')).toMatchObject({ decision: 'deny', reason: 'denylisted' });
  });

  it('the highest layer with the table wins it whole, whichever name each layer uses', async () => {
    const proxy = '[network_proxy]\nallowed_domains = ["a.example.com"]\n';
    const experimental = '[experimental_network]\nallowed_domains = ["b.example.com"]\n';
    const decisions = async (layers: string[]) => {
      const gate = await gateFor(layers);
      return [gate.host('a.example.com').decision, gate.host('b.example.com').decision];
    };
    expect(await decisions([proxy, experimental])).toEqual(['allow', 'ask']);
    expect(await decisions([experimental, proxy])).toEqual(['ask', 'allow']);
  });

  it('strict layering unites the review lists', () => {
    const met = provider.tighten(
      { experimental_network: { review_domains: ['a.example'] } },
      { experimental_network: { review_domains: ['b.example', 'a.example'] } },
    );
    expect(met.experimental_network?.review_domains).toEqual(['a.example', 'b.example']);
  });
});
