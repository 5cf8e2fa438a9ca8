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
  return {
    key: f.key,
    default: f.platformDefault?.[platform] ?? f.default,
    stage: f.stage as FeatureStage,
    ...(f.docs !== undefined && { docs: f.docs }),
    ...(f.aliases && { aliases: f.aliases }),
    ...(f.pinAliases && { pinAliases: f.pinAliases }),
    ...(f.requires && { requires: f.requires }),
    ...(f.legacyToggles && { legacyToggles: f.legacyToggles }),
    ...((f.tableForm || f.enableRequires) && { tableForm: true }),
    ...(f.enableRequires && { enableRequires: f.enableRequires }),
    ...(f.userValue === 'ignored' && { ignoresUserValue: true }),
    ...(f.pin === 'ignored' && { ignoredPinReason: f.pinWarning ?? '' }),
  };
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
