import type { Reporter } from '../diagnostics/diagnostic.js';
import { ProviderSetupError } from '../diagnostics/errors.js';
import type { Table } from '../shape/shape.js';
import type { Combined, Provider, RequirementShape, SettingsShape } from './contract.js';

/** What a provider author writes; optional members get neutral defaults. */
export type ProviderDefinition<R extends RequirementShape, V extends SettingsShape> = Omit<
  Provider<R, V>,
  'after' | 'outputs' | 'configTables' | 'validate' | 'normalize' | 'fromManagedConfig'
> &
  Partial<Pick<Provider<R, V>, 'after' | 'outputs' | 'configTables' | 'validate' | 'normalize' | 'fromManagedConfig'>>;

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Makes a provider from its definition, filling defaults and checking its declaration. */
export function createProvider<R extends RequirementShape, V extends SettingsShape>(
  definition: ProviderDefinition<R, V>,
): Provider<R, V> {
  if (!ID.test(definition.id)) {
    throw new ProviderSetupError(`provider id "${definition.id}" must be kebab-case`);
  }
  if (definition.requirementKeys.length === 0 && Object.keys(definition.settings).length === 0) {
    throw new ProviderSetupError(`provider "${definition.id}" owns no requirement key and no setting`);
  }
  const provider: Provider<R, V> = {
    after: [],
    outputs: [],
    configTables: [],
    validate: (_requirement: Combined<R>, _report: Reporter) => {},
    normalize: (value) => value,
    fromManagedConfig: (_managed: Table) => ({}),
    ...definition,
  };
  return Object.freeze(provider);
}
