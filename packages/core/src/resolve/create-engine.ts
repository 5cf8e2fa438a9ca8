import { ProviderSetupError } from '../diagnostics/errors.js';
import type { LayeringMode } from '../layering/combine.js';
import type { AnyProvider } from '../provider/contract.js';
import { Engine } from './engine.js';
import { systemHostname, type HostnameResolver } from '../sources/hostname.js';
import type { RequirementsSourceLoader } from '../sources/source.js';

/** A provider and who contributed it (`built-in`, a package name, a host). */
export interface ProviderRegistration {
  readonly provider: AnyProvider;
  readonly origin: string;
}

/** Everything a host chooses when it builds an engine. */
export interface EngineSetup {
  /** Providers to load: built-in and third-party ones register the same way. */
  readonly providers: readonly (AnyProvider | ProviderRegistration)[];
  /** Requirements sources, highest precedence first. */
  readonly sources: readonly RequirementsSourceLoader[];
  /** `precedence` (default, Codex's documented behaviour) or `strict` (every field combined with `tighten`). */
  readonly mode?: LayeringMode;
  /** Whether unknown top-level requirement keys warn (default) or stop loading. */
  readonly unknownKeys?: 'warn' | 'error';
  /** Resolves the machine's name for host-specific requirements; defaults to the system's name. */
  readonly hostname?: HostnameResolver;
  /** Whether sources the requirements name (a config server) are read once the others are (default true). */
  readonly namedSources?: boolean;
}

function registrations(entries: EngineSetup['providers']): AnyProvider[] {
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

/**
 * The plain API's entry: an engine over the given providers and sources, with no container and no global state
 * (hosts that want dependency injection use `@ratchet/host`, which builds on this).
 */
export function createEngine(setup: EngineSetup): Engine {
  return new Engine(registrations(setup.providers), [...setup.sources], {
    mode: setup.mode ?? 'precedence',
    unknownKeys: setup.unknownKeys ?? 'warn',
    hostname: setup.hostname ?? systemHostname,
    ...(setup.namedSources !== undefined && { namedSources: setup.namedSources }),
  });
}
