import data from './codex-features.json' with { type: 'json' };
import { defineFeatures, type FeatureContribution, type FeatureSpec, type FeatureStage } from './spec.js';

/** One feature as `scripts/codex/features-catalogue.mjs` recorded it from the Codex binary (see the file's `observed`). */
interface RecordedFeature {
  readonly key: string;
  readonly stage: string;
  readonly default: boolean;
  readonly docs?: string;
  readonly aliases?: readonly string[];
  readonly pinAliases?: readonly string[];
  readonly requires?: readonly string[];
  readonly tableForm?: boolean;
  readonly userValue?: string;
  readonly pin?: string;
  readonly pinWarning?: string;
  readonly platformDefault?: Readonly<Record<string, boolean>>;
  readonly legacyToggles?: readonly string[];
  readonly enableRequires?: readonly string[];
}

/** The Codex release the catalogue was recorded from (`codex-cli 0.171.0`). */
export const CODEX_FEATURES_VERSION: string = data.codex;

function toSpec(f: RecordedFeature, platform: NodeJS.Platform): FeatureSpec {
  // Field by field (not spreads): a couple of hundred features are converted at every start.
  const spec: { -readonly [K in keyof FeatureSpec]: FeatureSpec[K] } = {
    key: f.key,
    default: f.platformDefault?.[platform] ?? f.default,
    stage: f.stage as FeatureStage,
  };
  if (f.docs !== undefined) spec.docs = f.docs;
  if (f.aliases) spec.aliases = f.aliases;
  if (f.pinAliases) spec.pinAliases = f.pinAliases;
  if (f.requires) spec.requires = f.requires;
  if (f.legacyToggles) spec.legacyToggles = f.legacyToggles;
  if (f.tableForm || f.enableRequires) spec.tableForm = true;
  if (f.enableRequires) spec.enableRequires = f.enableRequires;
  if (f.userValue === 'ignored') spec.ignoresUserValue = true;
  if (f.pin === 'ignored') spec.ignoredPinReason = f.pinWarning ?? '';
  return spec;
}

/**
 * Codex's feature catalogue, in registry order (the order pins are listed in messages), from the data file
 * `codex-features.json` that `scripts/codex/features-catalogue.mjs` regenerates from an installed Codex.
 * `platform` picks the platform-dependent defaults.
 */
export function codexFeatures(platform: NodeJS.Platform = process.platform): FeatureContribution {
  return defineFeatures(
    'codex',
    (data.features as readonly RecordedFeature[]).map((f) => toSpec(f, platform)),
  );
}
