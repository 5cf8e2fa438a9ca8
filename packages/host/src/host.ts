import './reflect.js';
import { container, inject, injectable, type DependencyContainer, type InjectionToken } from 'tsyringe';
import {
  createEngine,
  defaultRequirementsSources,
  loadUserConfig,
  managedConfigFileSource,
  requirementsFileSource,
  requirementsSchema,
  configSchema,
  type AnyProvider,
  type DefaultSourcesOptions,
  type Engine,
  type FileSourceOptions,
  type JsonSchema,
  type LayeringMode,
  type ProviderRegistration,
  type RequirementsSourceLoader,
  type UserConfig,
  type UserConfigOptions,
} from '@ratchet/core';
import { nodeServices, type Clock, type PlatformServices } from './services.js';
import { SERVICE_TOKENS, TOKENS } from './tokens.js';

/** A plugin as a host hands it over: a provider, or a provider with who contributed it (`built-in`, a package name). */
export type Plugin = AnyProvider | ProviderRegistration;

/** What a host chooses once: its plugins, any platform services it replaces, and how layers combine. */
export interface HostSetup {
  /** The plugins to load; built-in and third-party ones register the same way (default: none). */
  readonly plugins?: readonly Plugin[];
  /** Platform services to replace; the others are the Node process's (`nodeServices()`). */
  readonly services?: Partial<PlatformServices>;
  /** `precedence` (default, Codex's documented behaviour) or `strict` (every field combined with `tighten`). */
  readonly mode?: LayeringMode;
  /** Whether unknown top-level requirement keys warn (default) or stop loading. */
  readonly unknownKeys?: 'warn' | 'error';
}

/** What one engine may choose differently from its host. */
export interface EngineChoices extends Pick<HostSetup, 'mode' | 'unknownKeys'> {
  readonly hostname?: PlatformServices['hostname'];
}

/** The default sources' options a host gives; the host fills in its services (reader, fetch, clock, runner). */
export type HostSourcesOptions = Omit<DefaultSourcesOptions, 'read'>;

/** The host's own container, so the host can list its plugins and make children. */
const CONTAINER: InjectionToken<DependencyContainer> = Symbol('ratchet.container');
/** The layering choices of `HostSetup`. */
const OPTIONS: InjectionToken<Pick<HostSetup, 'mode' | 'unknownKeys'>> = Symbol('ratchet.options');

const registration = (plugin: Plugin): ProviderRegistration =>
  'provider' in plugin ? plugin : { provider: plugin, origin: 'host' };

/**
 * A composed host: the one place where plugins are selected and platform services chosen. Everything it builds
 * (sources, the user's configuration, engines) uses the injected services, so a test or an embedding host swaps
 * the file system, the network, the clock, the host name or the process runner here and nowhere else.
 */
@injectable()
export class RatchetHost {
  constructor(
    @inject(TOKENS.FILE_READER) readonly readFile: PlatformServices['readFile'],
    @inject(TOKENS.FETCH) readonly fetch: PlatformServices['fetch'],
    @inject(TOKENS.CLOCK) readonly clock: Clock,
    @inject(TOKENS.HOSTNAME) readonly hostname: PlatformServices['hostname'],
    @inject(TOKENS.PROCESS_RUNNER) readonly runProcess: PlatformServices['runProcess'],
    @inject(TOKENS.PLATFORM) readonly platform: PlatformServices['platform'],
    @inject(CONTAINER) private readonly scope: DependencyContainer,
  ) {}

  /** The plugins registered under the one plugin token, each with who contributed it, in registration order. */
  plugins(): ProviderRegistration[] {
    return this.scope.isRegistered(TOKENS.PLUGIN, true) ? this.scope.resolveAll(TOKENS.PLUGIN) : [];
  }

  /** The loaded providers. */
  providers(): AnyProvider[] {
    return this.plugins().map((p) => p.provider);
  }

  /** A host like this one with more plugins and/or other services (a child container: this host is unchanged). */
  with(changes: { readonly plugins?: readonly Plugin[]; readonly services?: Partial<PlatformServices> }): RatchetHost {
    const child = this.scope.createChildContainer();
    // A child's registrations of a token replace its parent's for resolveAll, so every plugin is registered again.
    for (const plugin of [...this.plugins(), ...(changes.plugins ?? []).map(registration)])
      child.register(TOKENS.PLUGIN, { useValue: plugin });
    registerServices(child, changes.services ?? {});
    child.register(CONTAINER, { useValue: child });
    child.register(OPTIONS, { useValue: this.scope.resolve(OPTIONS) });
    return child.resolve(RatchetHost);
  }

  /** The default requirements sources for this host's platform, read with its services. */
  defaultSources(options: HostSourcesOptions = {}): RequirementsSourceLoader[] {
    const withRunner = <T extends object>(mdm: T | false | undefined) =>
      mdm === false ? false : { runner: this.runProcess, ...mdm };
    return defaultRequirementsSources(this.platform, {
      ...(options.cloud && { cloud: { fetch: this.fetch, now: this.clock, ...options.cloud } }),
      mdm: withRunner(options.mdm),
      mdmManagedConfig: withRunner(options.mdmManagedConfig),
      read: this.readFile,
    });
  }

  /** A requirements file, read with this host's file reader. */
  requirementsFile(path: string, options: Omit<FileSourceOptions, 'read'> = {}): RequirementsSourceLoader {
    return requirementsFileSource(path, { ...options, read: this.readFile });
  }

  /** A legacy managed_config.toml, read with this host's file reader. */
  managedConfigFile(path: string, options: { readonly optional?: boolean } = {}): RequirementsSourceLoader {
    return managedConfigFileSource(path, { ...options, read: this.readFile });
  }

  /**
   * An engine over this host's plugins and the given sources (default: `defaultSources()`); `options` may change,
   * for this engine only, the host name (default: the host's service) or how layers combine.
   */
  engine(sources: readonly RequirementsSourceLoader[] = this.defaultSources(), options: EngineChoices = {}): Engine {
    const chosen = { ...this.scope.resolve(OPTIONS), ...options };
    return createEngine({
      providers: this.plugins(),
      sources,
      hostname: chosen.hostname ?? this.hostname,
      ...(chosen.mode !== undefined && { mode: chosen.mode }),
      ...(chosen.unknownKeys !== undefined && { unknownKeys: chosen.unknownKeys }),
    });
  }

  /** The user's configuration, a config.toml path read with this host's file reader. */
  userConfig(options: Omit<UserConfigOptions, 'read'>): UserConfig {
    return loadUserConfig({ ...options, read: this.readFile });
  }

  /** The JSON Schema of requirements.toml for this host's plugins. */
  schema(): JsonSchema {
    return requirementsSchema(this.providers());
  }

  /** The JSON Schema of the config.toml keys this host's plugins read. */
  configSchema(): JsonSchema {
    return configSchema(this.providers());
  }
}

function registerServices(scope: DependencyContainer, services: Partial<PlatformServices>): void {
  for (const name of Object.keys(services) as (keyof PlatformServices)[]) {
    const value = services[name];
    if (value !== undefined) scope.register(SERVICE_TOKENS[name], { useValue: value });
  }
}

/**
 * Composes a host: a container of its own (never the global one), each plugin registered under the one plugin
 * token, the platform services (Node's, with the given ones swapped in) under theirs.
 */
export function createHost(setup: HostSetup = {}): RatchetHost {
  const scope = container.createChildContainer();
  for (const plugin of setup.plugins ?? []) scope.register(TOKENS.PLUGIN, { useValue: registration(plugin) });
  registerServices(scope, { ...nodeServices(), ...setup.services });
  scope.register(CONTAINER, { useValue: scope });
  scope.register(OPTIONS, {
    useValue: {
      ...(setup.mode !== undefined && { mode: setup.mode }),
      ...(setup.unknownKeys !== undefined && { unknownKeys: setup.unknownKeys }),
    },
  });
  return scope.resolve(RatchetHost);
}
