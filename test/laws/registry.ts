import type { AnyProvider } from '@ratchet/core';
import type { LawArbitraries } from '@ratchet/testkit';
import { approvalsProvider } from '@ratchet/plugin-approvals';
import { approvalsArbitraries } from '@ratchet/plugin-approvals/arbitraries';
import { appsProvider } from '@ratchet/plugin-apps';
import { appsArbitraries } from '@ratchet/plugin-apps/arbitraries';
import { commandRulesProvider } from '@ratchet/plugin-command-rules';
import { commandRulesArbitraries } from '@ratchet/plugin-command-rules/arbitraries';
import { featuresProvider } from '@ratchet/plugin-features';
import { filesystemProvider } from '@ratchet/plugin-filesystem';
import { filesystemArbitraries } from '@ratchet/plugin-filesystem/arbitraries';
import { featuresArbitraries } from '@ratchet/plugin-features/arbitraries';
import { hooksProvider } from '@ratchet/plugin-hooks';
import { hooksArbitraries } from '@ratchet/plugin-hooks/arbitraries';
import { mcpProvider } from '@ratchet/plugin-mcp';
import { networkProvider } from '@ratchet/plugin-network';
import { networkArbitraries } from '@ratchet/plugin-network/arbitraries';
import { mcpArbitraries } from '@ratchet/plugin-mcp/arbitraries';
import { residencyProvider } from '@ratchet/plugin-residency';
import { residencyArbitraries } from '@ratchet/plugin-residency/arbitraries';
import { sandboxProvider } from '@ratchet/plugin-sandbox';
import { sandboxArbitraries } from '@ratchet/plugin-sandbox/arbitraries';
import {
  applicationProvider,
  configServerProvider,
  loginProvider,
  modelProvidersProvider,
} from '@ratchet/plugin-services';
import {
  applicationArbitraries,
  configServerArbitraries,
  loginArbitraries,
  modelProvidersArbitraries,
} from '@ratchet/plugin-services/arbitraries';
import { surfacesProvider } from '@ratchet/plugin-surfaces';
import { surfacesArbitraries } from '@ratchet/plugin-surfaces/arbitraries';
import { webSearchProvider } from '@ratchet/plugin-web-search';
import { webSearchArbitraries } from '@ratchet/plugin-web-search/arbitraries';
import { windowsProvider } from '@ratchet/plugin-windows';
import { windowsArbitraries } from '@ratchet/plugin-windows/arbitraries';

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
  { provider: appsProvider(), arbitraries: appsArbitraries },
  { provider: filesystemProvider(), arbitraries: filesystemArbitraries },
  { provider: networkProvider(), arbitraries: networkArbitraries },
  { provider: windowsProvider(), arbitraries: windowsArbitraries },
  { provider: residencyProvider(), arbitraries: residencyArbitraries },
  { provider: surfacesProvider(), arbitraries: surfacesArbitraries },
  { provider: loginProvider(), arbitraries: loginArbitraries },
  { provider: modelProvidersProvider(), arbitraries: modelProvidersArbitraries },
  { provider: applicationProvider(), arbitraries: applicationArbitraries },
  // The laws and the diff never reach the network: this config server answers "no requirements" at once.
  {
    provider: configServerProvider({ fetch: () => Promise.resolve({ status: 200, body: '' }) }),
    arbitraries: configServerArbitraries,
  },
] as unknown as readonly { provider: AnyProvider; arbitraries: LawArbitraries<object, object> }[];
