import type { Combined, FieldSpec, Provider, RequirementShape } from '../provider/contract.js';
import type { RequirementSource } from '../sources/source.js';

/** One provider's parsed requirement from one layer. */
export interface ParsedLayer<R> {
  readonly source: RequirementSource;
  readonly requirement: Partial<R>;
}

/**
 * How layers combine. `precedence`: per field the highest layer that sets it wins (an empty list counts
 * as set), unless the field accumulates. `strict`: every layer is folded with the provider's `tighten`.
 */
export type LayeringMode = 'precedence' | 'strict';

function setFields<R>(requirement: Partial<R>): (keyof R)[] {
  return (Object.keys(requirement) as (keyof R)[]).filter((k) => requirement[k] !== undefined);
}

/** Combines a provider's layers (highest precedence first); every field remembers which layers set it. */
export function combineLayers<R extends RequirementShape, V extends object>(
  provider: Provider<R, V>,
  layers: readonly ParsedLayer<R>[],
  mode: LayeringMode = 'precedence',
): Combined<R> {
  const value: Partial<R> = {};
  const origins: { [K in keyof R]?: RequirementSource[] } = {};
  if (mode === 'strict') {
    let folded: Partial<R> | undefined;
    for (const layer of layers) {
      folded = folded === undefined ? layer.requirement : provider.tighten(folded, layer.requirement);
      for (const field of setFields(layer.requirement)) (origins[field] ??= []).push(layer.source);
    }
    return { value: folded ?? {}, origins };
  }
  for (const layer of layers) {
    for (const field of setFields(layer.requirement)) {
      const spec = provider.fields[field] as FieldSpec<NonNullable<R[typeof field]>> | undefined;
      const incoming = layer.requirement[field] as NonNullable<R[typeof field]>;
      const current = value[field] as NonNullable<R[typeof field]> | undefined;
      if (current === undefined) {
        value[field] = incoming;
        origins[field] = [layer.source];
      } else if (spec?.combine !== undefined && spec.combine !== 'precedence') {
        value[field] = spec.combine.accumulate(current, incoming);
        origins[field]!.push(layer.source);
      }
    }
  }
  return { value, origins };
}
