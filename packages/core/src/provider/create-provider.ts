import type { Reporter } from '../diagnostics/diagnostic.js';
import { ProviderSetupError } from '../diagnostics/errors.js';
import type { Table } from '../shape/shape.js';
import type { Combined, Provider, RequirementShape, SettingsShape } from './contract.js';
import type { ProviderKey } from './keys.js';

type Defaulted = 'after' | 'outputs' | 'configTables' | 'validate' | 'normalize' | 'fromManagedConfig';

/**
 * What a provider author writes: the provider's key (made once with `providerKey`, exported for readers) and its
 * members; optional members get neutral defaults.
 */
export type ProviderDefinition<R extends RequirementShape, V extends SettingsShape> = Omit<
  Provider<NoInfer<R>, NoInfer<V>>,
  Defaulted | 'id'
> &
  Partial<Pick<Provider<NoInfer<R>, NoInfer<V>>, Defaulted>> & { readonly key: ProviderKey<R, V> };

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Makes a provider from its definition, filling defaults and checking its declaration. */
export function createProvider<R extends RequirementShape, V extends SettingsShape>(
  definition: ProviderDefinition<R, V>,
): Provider<R, V> {
  const { key } = definition;
  if (!ID.test(key.id)) {
    throw new ProviderSetupError(`provider id "${key.id}" must be kebab-case`);
  }
  if (definition.requirementKeys.length === 0 && Object.keys(definition.settings).length === 0) {
    throw new ProviderSetupError(`provider "${key.id}" owns no requirement key and no setting`);
  }
  const defaults: Pick<Provider<R, V>, Defaulted> = {
    after: [],
    outputs: [],
    configTables: [],
    validate: (_requirement: Combined<R>, _report: Reporter) => {},
    normalize: (value) => value,
    fromManagedConfig: (_managed: Table) => ({}),
  };
  // The definition's members are copied as written: a getter (a schema built on first use) stays a getter.
  const members = Object.getOwnPropertyDescriptors(definition) as PropertyDescriptorMap;
  delete members.key;
  // Last: a definition spread from another provider carries that provider's id.
  const provider = Object.defineProperties(defaults, { ...members, id: { value: key.id, enumerable: true } });
  return Object.freeze(provider as Provider<R, V>);
}
