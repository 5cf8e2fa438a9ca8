import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  createEngine,
  formatDiagnostic,
  defaultConfigPath,
  loadUserConfig,
  throwIfErrors,
  type AnyProvider,
  type Engine,
  type Platform,
  type Policy,
  type Resolved,
  type UserConfig,
} from '@ratchet/core';
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
import { line, type Output } from './output.js';
import { sourcesFor } from './sources.js';

/** The providers the `ratchet` command loads. */
export function builtinProviders(): AnyProvider[] {
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
  ];
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
  return { os: process.platform, env: process.env, homedir: homedir() };
}

/** Builds the engine the flags describe: named requirement files, or the default sources. */
export function engineFor(flags: PolicyFlags): Engine {
  return createEngine({
    providers: builtinProviders().map((provider) => ({ provider, origin: 'built-in' })),
    sources: sourcesFor(flags, currentPlatform(), process.env),
    mode: flags.strict ? 'strict' : 'precedence',
    ...(flags.hostname !== undefined && { hostname: () => flags.hostname }),
  });
}

/** Loads the policy the flags describe; warnings about the requirements themselves go to stderr, one line each. */
export async function loadPolicy(flags: PolicyFlags, err: Output): Promise<Policy> {
  const policy = await engineFor(flags).load();
  for (const d of policy.requirements.diagnostics)
    if (d.severity === 'warning') line(err, `ratchet: warning: ${formatDiagnostic(d)}`);
  return policy;
}

/** The user's configuration the flags name, with the `hooks.json` beside config.toml (as Codex reads it) just below it. */
function userConfigFor(flags: PolicyFlags, policy: Policy, err: Output): UserConfig {
  const file = flags.config ?? defaultConfigPath(currentPlatform());
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
  const config = loadUserConfig(
    hooks.table ? { ...options, besideFile: [{ table: hooks.table, source: path }] } : options,
  );
  const both =
    hooks.table &&
    hooksInBoth(
      path,
      hooks.table.hooks,
      config.layers.find((l) => l.layer === 'config' && l.source === file)?.table.hooks,
    );
  if (both) line(err, `ratchet: warning: ${formatDiagnostic(both)}`);
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
