/** A feature's lifecycle stage, as data (Codex: under development, experimental, stable, deprecated, removed). */
export type FeatureStage = 'under-development' | 'experimental' | 'stable' | 'deprecated' | 'removed';

/** One feature flag: its canonical key, default, stage, prerequisites and older spellings. */
export interface FeatureSpec {
  /** Canonical key under `[features]` in config.toml and requirements.toml. */
  readonly key: string;
  readonly default: boolean;
  readonly stage: FeatureStage;
  /** Features this one needs: turning it on turns them on (never the reverse). A feature with prerequisites defaults off. */
  readonly requires?: readonly string[];
  /** Older keys under `[features]` that users may still write; requirements accept only the canonical key. */
  readonly aliases?: readonly string[];
  /** Other keys requirements accept as a pin of this feature (Codex reads `auto_review` as `guardian_approval`); the canonical key wins when a table has both. */
  readonly pinAliases?: readonly string[];
  /** Older top-level config keys that toggle this feature (`experimental_use_unified_exec_tool`). */
  readonly legacyToggles?: readonly string[];
  /** Whether `[features.<key>]` may be a table whose `enabled` key holds the value (the feature has its own settings). */
  readonly tableForm?: boolean;
  /** One line on what the feature does. */
  readonly docs?: string;
}

/** A set of features and who contributes them: the built-in catalogue, a host, or a third-party plugin. */
export interface FeatureContribution {
  /** Names the contributor in every message about its features (`codex`, `acme-plugin`). */
  readonly source: string;
  readonly features: readonly FeatureSpec[];
}

/** Declares a contribution; every contributor, built-in or not, registers through this. */
export function defineFeatures(source: string, features: readonly FeatureSpec[]): FeatureContribution {
  return Object.freeze({ source, features: Object.freeze([...features]) });
}
