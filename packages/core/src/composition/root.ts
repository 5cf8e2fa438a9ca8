import 'reflect-metadata';
import { container, inject, injectable } from 'tsyringe';
import { ProviderSetupError } from '../diagnostics/errors.js';
import type { LayeringMode } from '../layering/combine.js';
import type { Provider } from '../provider/contract.js';
import { Engine, type EngineOptions } from '../resolve/engine.js';
import { systemHostname, type HostnameResolver } from '../sources/hostname.js';
import type { RequirementsSourceLoader } from '../sources/source.js';
import { TOKENS } from './tokens.js';

@injectable()
class EngineAssembly {
  constructor(
    @inject(TOKENS.Providers) private readonly providers: readonly Provider[],
    @inject(TOKENS.Sources) private readonly sources: readonly RequirementsSourceLoader[],
    @inject(TOKENS.Options) private readonly options: EngineOptions,
  ) {}

  build(): Engine {
    return new Engine(this.providers, this.sources, this.options);
  }
}

/** A provider and who contributed it (`built-in`, a package name, a host). */
export interface ProviderRegistration {
  readonly provider: Provider;
  readonly origin: string;
}

/** Everything a host chooses when it builds an engine. */
export interface EngineSetup {
  /** Providers to load: built-in and third-party ones register the same way. */
  readonly providers: readonly (Provider | ProviderRegistration)[];
  /** Requirements sources, highest precedence first. */
  readonly sources: readonly RequirementsSourceLoader[];
  /** `precedence` (default, Codex's documented behaviour) or `strict` (every field combined with `tighten`). */
  readonly mode?: LayeringMode;
  /** Whether unknown top-level requirement keys warn (default) or stop loading. */
  readonly unknownKeys?: 'warn' | 'error';
  /** Resolves the machine's name for host-specific requirements; defaults to the system's name. */
  readonly hostname?: HostnameResolver;
}

function registrations(entries: EngineSetup['providers']): Provider[] {
  const seen = new Map<string, string>();
  return entries.map((entry) => {
    const { provider, origin } = 'provider' in entry ? entry : { provider: entry, origin: 'host' };
    const previous = seen.get(provider.id);
    if (previous !== undefined) {
      throw new ProviderSetupError(`provider "${provider.id}" is registered twice: by ${previous} and by ${origin}`);
    }
    seen.set(provider.id, origin);
    return provider;
  });
}

/** The composition root: wires providers, sources and options into an engine. */
export function createEngine(setup: EngineSetup): Engine {
  const scope = container.createChildContainer();
  scope.register(TOKENS.Providers, { useValue: registrations(setup.providers) });
  scope.register(TOKENS.Sources, { useValue: [...setup.sources] });
  scope.register(TOKENS.Options, {
    useValue: {
      mode: setup.mode ?? 'precedence',
      unknownKeys: setup.unknownKeys ?? 'warn',
      hostname: setup.hostname ?? systemHostname,
    } satisfies EngineOptions,
  });
  return scope.resolve(EngineAssembly).build();
}
