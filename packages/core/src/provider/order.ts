import { ProviderSetupError } from '../diagnostics/errors.js';
import type { AnyProvider } from './contract.js';

/**
 * Providers in resolution order: each after the providers it declared, ties kept in the given order. An `after`
 * entry naming a provider that is not loaded is an optional dependency and is skipped (its keys read as undefined,
 * see Policy); duplicate ids, keys owned twice and cycles are errors.
 */
export function orderProviders(providers: readonly AnyProvider[]): AnyProvider[] {
  const byId = new Map<string, AnyProvider>();
  for (const p of providers) {
    if (byId.has(p.id)) throw new ProviderSetupError(`two providers share the id "${p.id}"`);
    byId.set(p.id, p);
  }
  const owner = new Map<string, string>();
  for (const p of providers) {
    for (const key of [...p.requirementKeys, ...Object.keys(p.settings), ...p.outputs]) {
      const other = owner.get(key);
      if (other !== undefined && other !== p.id) {
        throw new ProviderSetupError(`providers "${other}" and "${p.id}" both own the key "${key}"`);
      }
      owner.set(key, p.id);
    }
  }
  const ordered: AnyProvider[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: AnyProvider, path: string[]): void => {
    const s = state.get(p.id);
    if (s === 'done') return;
    if (s === 'visiting') {
      throw new ProviderSetupError(`providers depend on each other in a cycle: ${[...path, p.id].join(' -> ')}`);
    }
    state.set(p.id, 'visiting');
    for (const dep of p.after) {
      const target = byId.get(dep);
      if (target) visit(target, [...path, p.id]);
    }
    state.set(p.id, 'done');
    ordered.push(p);
  };
  for (const p of providers) visit(p, []);
  return ordered;
}
