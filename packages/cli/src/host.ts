import { dirname, join } from 'node:path';
import {
  formatDiagnostic,
  defaultConfigPath,
  throwIfErrors,
  type Engine,
  type Platform,
  type Policy,
  type ProviderRegistration,
  type Resolved,
  type UserConfig,
} from '@ratchet/core';
import { createHost, type RatchetHost } from '@ratchet/host';
import { approvalsProvider } from '@ratchet/plugin-approvals';
import { appsProvider } from '@ratchet/plugin-apps';
import { commandRulesProvider } from '@ratchet/plugin-command-rules';
import { featuresProvider } from '@ratchet/plugin-features';
import { filesystemProvider } from '@ratchet/plugin-filesystem';
import { hooksInBoth, hooksProvider, readHooksFile } from '@ratchet/plugin-hooks';
import { mcpProvider } from '@ratchet/plugin-mcp';
import { networkProvider } from '@ratchet/plugin-network';
import { residencyProvider } from '@ratchet/plugin-residency';
import { sandboxProvider } from '@ratchet/plugin-sandbox';
import { surfacesProvider } from '@ratchet/plugin-surfaces';
import { webSearchProvider } from '@ratchet/plugin-web-search';
import { windowsProvider } from '@ratchet/plugin-windows';
import { useRequiredExporter } from './decision-log.js';
import { warnLine, type Output } from './output.js';
import { sourcesFor } from './sources.js';

/** The providers the `ratchet` command loads before any third-party plugin. */
export function builtinPlugins(): ProviderRegistration[] {
  return [
    approvalsProvider(),
    sandboxProvider(),
    webSearchProvider(),
    featuresProvider(),
    mcpProvider(),
    commandRulesProvider(),
    hooksProvider(),
    appsProvider(),
    filesystemProvider(),
    networkProvider(),
    windowsProvider(),
    residencyProvider(),
    surfacesProvider(),
  ].map((provider) => ({ provider, origin: 'built-in' }));
}

let current: RatchetHost | undefined;

/**
 * The command is a host composed through `@ratchet/host`: the built-in plugins, the third-party ones named for
 * this run (`useHost`, from `run`), Node's platform services.
 */
export function cliHost(): RatchetHost {
  return (current ??= createHost({ plugins: builtinPlugins() }));
}

let thirdParty = false;

/** Makes `host` the one every command of this run uses; `withThirdParty` when plugins were named for the run. */
export function useHost(host: RatchetHost, withThirdParty = false): void {
  current = host;
  thirdParty = withThirdParty;
}

/** Whether this run loaded third-party plugins (whose answers no cache entry may hold). */
export function usesThirdPartyPlugins(): boolean {
  return thirdParty;
}

/** The flags shared by commands that load a policy. */
export interface PolicyFlags {
  readonly requirements: readonly string[];
  readonly noDefaultSources: boolean;
  /** A legacy managed_config.toml read below the named requirement files. */
  readonly managedConfig?: string;
  readonly config?: string;
  readonly profile?: string;
  readonly overrides: readonly string[];
  readonly hostname?: string;
  readonly strict: boolean;
}

export function currentPlatform(): Platform {
  return cliHost().platform;
}

/** Builds the engine the flags describe: named requirement files, or the default sources. */
export function engineFor(flags: PolicyFlags): Engine {
  const host = cliHost();
  return host.engine(sourcesFor(flags, host), {
    mode: flags.strict ? 'strict' : 'precedence',
    ...(flags.hostname !== undefined && { hostname: () => flags.hostname }),
  });
}

/** Loads the policy the flags describe; warnings about the requirements themselves go to stderr, one line each. */
export async function loadPolicy(flags: PolicyFlags, err: Output): Promise<Policy> {
  const policy = await engineFor(flags).load();
  for (const d of policy.requirements.diagnostics) if (d.severity === 'warning') warnLine(err, formatDiagnostic(d));
  await useRequiredExporter(policy, (text) => warnLine(err, text));
  return policy;
}

/** The user's configuration the flags name, with the `hooks.json` beside config.toml (as Codex reads it) just below it. */
export function userConfigFor(flags: PolicyFlags, policy: Policy, err: Output): UserConfig {
  const host = cliHost();
  const file = flags.config ?? defaultConfigPath(host.platform);
  const options = {
    file,
    fileRequired: flags.config !== undefined,
    ...(flags.profile !== undefined && { profile: flags.profile }),
    overrides: flags.overrides,
    managedConfigs: policy.requirements.managedConfigs,
  };
  const path = join(dirname(file), 'hooks.json');
  const hooks = readHooksFile(path);
  throwIfErrors(hooks.diagnostics);
  const config = host.userConfig(
    hooks.table ? { ...options, besideFile: [{ table: hooks.table, source: path }] } : options,
  );
  const both =
    hooks.table &&
    hooksInBoth(
      path,
      hooks.table.hooks,
      config.layers.find((l) => l.layer === 'config' && l.source === file)?.table.hooks,
    );
  if (both) warnLine(err, formatDiagnostic(both));
  return config;
}

/** Loads the policy and the user's configuration, then resolves. */
export async function resolveFlags(
  flags: PolicyFlags,
  err: Output,
): Promise<{ policy: Policy; config: UserConfig; resolved: Resolved }> {
  const policy = await loadPolicy(flags, err);
  const config = userConfigFor(flags, policy, err);
  return { policy, config, resolved: policy.resolve(config) };
}
