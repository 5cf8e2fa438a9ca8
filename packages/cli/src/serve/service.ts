import { formatDiagnostic, InputError } from '@ratchet/core';
import { line, type Output } from '../output.js';
import { loadSnapshot, lostParts, sourcesState, watchedPaths, type ServeSources, type Snapshot } from './snapshot.js';

/** A reload that did not take: the previous policy stays in force. `errors` are what the new sources gave. */
export class ReloadError extends Error {
  constructor(
    readonly errors: readonly unknown[],
    readonly generation: number,
  ) {
    super(`reload failed, the previous policy stays in force: ${errors.map(describe).join('; ')}`);
  }
}

/** One line about an error, as the command would print it. */
export function describe(error: unknown): string {
  if (error instanceof InputError) return error.errors.map(formatDiagnostic).join('; ');
  return (error as Error)?.message ?? String(error);
}

export interface ServiceOptions {
  /** How often the sources are compared with what was loaded, in ms; 0 turns watching off (`reload` still works). */
  readonly watchMs: number;
}

/**
 * The policy a decision service answers from, reloaded atomically: a new snapshot is built while the old one keeps
 * answering, then swapped in one assignment. A source that no longer loads keeps the old snapshot and reports why.
 */
export class PolicyService {
  #current: Snapshot;
  #state: string;
  #reloading: Promise<Snapshot> | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #paths: readonly string[];

  private constructor(
    readonly sources: ServeSources,
    first: Snapshot,
    state: string,
    readonly err: Output,
  ) {
    this.#current = first;
    this.#state = state;
    this.#paths = watchedPaths(sources);
  }

  /** Loads the first snapshot (bad input throws, as for any command) and starts watching the sources. */
  static async start(sources: ServeSources, err: Output, options: ServiceOptions): Promise<PolicyService> {
    const state = sourcesState(watchedPaths(sources));
    const service = new PolicyService(sources, await loadSnapshot(sources, 1, err), state, err);
    for (const key of ['checker', 'resolution', 'networkRules', 'configFile'] as const) {
      const p = service.#current[key];
      if (!p.ok)
        line(err, `ratchet serve: warning: ${describe(p.error)} (methods that need it answer with this error)`);
    }
    if (options.watchMs > 0) {
      service.#timer = setInterval(() => service.#poll(), options.watchMs);
      service.#timer.unref();
    }
    return service;
  }

  /** The snapshot answering now: a request takes it once and answers from it alone. */
  get snapshot(): Snapshot {
    return this.#current;
  }

  /** Reloads now (after any reload already under way); resolves to the snapshot in force, or throws ReloadError. */
  reload(): Promise<Snapshot> {
    const next = (this.#reloading ?? Promise.resolve(this.#current)).catch(() => undefined).then(() => this.#load());
    const settled = next.finally(() => {
      if (this.#reloading === settled) this.#reloading = undefined;
    });
    this.#reloading = settled;
    return settled;
  }

  async #load(): Promise<Snapshot> {
    const state = sourcesState(this.#paths);
    const generation = this.#current.generation;
    let next: Snapshot;
    try {
      next = await loadSnapshot(this.sources, generation + 1, this.err);
    } catch (error) {
      this.#state = state; // reported once; the next change tries again
      throw new ReloadError([error], generation);
    }
    this.#state = state;
    const lost = lostParts(this.#current, next);
    if (lost.length > 0) throw new ReloadError(lost, generation);
    this.#current = next;
    return next;
  }

  #poll(): void {
    if (this.#reloading || sourcesState(this.#paths) === this.#state) return;
    this.reload().then(
      (s) => line(this.err, `ratchet serve: sources changed, policy reloaded (generation ${s.generation})`),
      (error) => line(this.err, `ratchet serve: ${describe(error)}`),
    );
  }

  /** Stops watching. */
  close(): void {
    clearInterval(this.#timer);
  }
}
