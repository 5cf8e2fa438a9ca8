import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { throwIfErrors } from '../diagnostics/errors.js';
import type { LayeringMode } from '../layering/combine.js';
import { loadRequirements } from '../layering/requirements.js';
import type { AnyProvider } from '../provider/contract.js';
import { orderProviders } from '../provider/order.js';
import type { HostnameResolver } from '../sources/hostname.js';
import type { RequirementsSourceLoader, SourceDetail } from '../sources/source.js';
import { Policy } from './policy.js';

/** Engine-wide choices a host makes. */
export interface EngineOptions {
  readonly mode: LayeringMode;
  readonly unknownKeys: 'warn' | 'error';
  readonly hostname: HostnameResolver;
  /** Whether sources the requirements name (a config server) are read (default true); a file check reads none. */
  readonly namedSources?: boolean;
}

/** What each source yielded on the last load, for `ratchet sources`-style reports. */
export interface SourceReport {
  readonly id: string;
  readonly description: string;
  readonly layers: number;
  readonly diagnostics: readonly Diagnostic[];
  /** Where the layer was read from and how old it is (cloud: `cache` or `network`), when the source says. */
  readonly detail?: SourceDetail;
}

/** The policy engine: ordered providers over ordered sources. Build it with `createEngine`. */
export class Engine {
  readonly providers: readonly AnyProvider[];

  constructor(
    providers: readonly AnyProvider[],
    readonly sources: readonly RequirementsSourceLoader[],
    readonly options: EngineOptions,
  ) {
    this.providers = orderProviders(providers);
  }

  /** Reads every source (highest first) and combines the requirements; bad input throws an InputError. */
  async load(): Promise<Policy> {
    const reports: SourceReport[] = [];
    const fromSources: Diagnostic[] = [];
    const read = async (sources: readonly RequirementsSourceLoader[]) => {
      const results = await Promise.all(sources.map(async (s) => s.load()));
      results.forEach((r, i) =>
        reports.push({
          id: sources[i]!.id,
          description: sources[i]!.description,
          layers: r.layers.length,
          diagnostics: r.diagnostics,
          ...(r.detail && { detail: r.detail }),
        }),
      );
      fromSources.push(...results.flatMap((r) => r.diagnostics));
      throwIfErrors(fromSources);
      return results.flatMap((r) => r.layers);
    };
    const layers = await read(this.sources);
    let requirements = loadRequirements(this.providers, layers, this.options);
    // Sources the requirements name (a config server) load once, after the others; their layers rank first.
    const named = (this.options.namedSources === false ? [] : this.providers).flatMap(
      (p) => p.sources?.(requirements.combined.get(p.id) ?? { value: {}, origins: {} }) ?? [],
    );
    if (named.length > 0)
      requirements = loadRequirements(this.providers, [...(await read(named)), ...layers], this.options);
    // What the sources said (a cloud layer dropped, a cache not used) travels with the requirements, so every
    // command that loads them warns about it, not only a report of the sources.
    return new Policy(
      this.providers,
      { ...requirements, diagnostics: [...fromSources, ...requirements.diagnostics] },
      reports,
    );
  }
}
