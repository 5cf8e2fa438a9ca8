import type { Provider } from '@ratchet/core';
import type { LawArbitraries } from '@ratchet/testkit';
import { approvalsProvider } from '@ratchet/plugin-approvals';
import { approvalsArbitraries } from '@ratchet/plugin-approvals/arbitraries';
import { commandRulesProvider } from '@ratchet/plugin-command-rules';
import { commandRulesArbitraries } from '@ratchet/plugin-command-rules/arbitraries';
import { featuresProvider } from '@ratchet/plugin-features';
import { featuresArbitraries } from '@ratchet/plugin-features/arbitraries';
import { hooksProvider } from '@ratchet/plugin-hooks';
import { hooksArbitraries } from '@ratchet/plugin-hooks/arbitraries';
import { mcpProvider } from '@ratchet/plugin-mcp';
import { mcpArbitraries } from '@ratchet/plugin-mcp/arbitraries';
import { sandboxProvider } from '@ratchet/plugin-sandbox';
import { sandboxArbitraries } from '@ratchet/plugin-sandbox/arbitraries';
import { webSearchProvider } from '@ratchet/plugin-web-search';
import { webSearchArbitraries } from '@ratchet/plugin-web-search/arbitraries';

const features = featuresProvider();

/** Every bundled provider with its law arbitraries. */
export const bundled = [
  { provider: approvalsProvider(), arbitraries: approvalsArbitraries },
  { provider: sandboxProvider(), arbitraries: sandboxArbitraries },
  { provider: webSearchProvider(), arbitraries: webSearchArbitraries },
  { provider: features, arbitraries: featuresArbitraries(features.catalogue) },
  { provider: mcpProvider(), arbitraries: mcpArbitraries },
  { provider: commandRulesProvider(), arbitraries: commandRulesArbitraries },
  { provider: hooksProvider(), arbitraries: hooksArbitraries },
] as unknown as readonly { provider: Provider; arbitraries: LawArbitraries<object, object> }[];
