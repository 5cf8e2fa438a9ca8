/** A feature's lifecycle stage, as data (Codex: under development, experimental, stable, deprecated, removed). */
export type FeatureStage = 'under-development' | 'experimental' | 'stable' | 'deprecated' | 'removed';

/** One feature flag: its canonical key, default, stage, prerequisites and older spellings. */
export interface FeatureSpec {
  /** Canonical key under `[features]` in config.toml and requirements.toml; `<table>.<key>` names a setting inside a table-form feature. */
  readonly key: string;
  readonly default: boolean;
  readonly stage: FeatureStage;
  /** Features this one needs: turning it on turns them on (never the reverse). A feature with prerequisites defaults off. */
  readonly requires?: readonly string[];
  /** Older keys under `[features]`: a user value is read as this feature's, a requirements pin is applied with a warning naming the canonical key. */
  readonly aliases?: readonly string[];
  /** Other keys requirements accept as a pin of this feature (Codex reads `auto_review` as `guardian_approval`); the canonical key wins when a table has both. */
  readonly pinAliases?: readonly string[];
  /** Older top-level config keys that toggle this feature (`experimental_use_unified_exec_tool`). */
  readonly legacyToggles?: readonly string[];
  /** Whether `[features.<key>]` may be a table whose `enabled` key holds the value (the feature has its own settings). */
  readonly tableForm?: boolean;
  /**
   * Settings of the feature's own `[features.<key>]` table, one of which enabling it needs (Codex refuses to start
   * otherwise): a bare `true`, a table without any of them, or a pin of `true` stops loading.
   */
  readonly enableRequires?: readonly string[];
  /** The user's value is ignored (Codex keeps the default, or the pin): a feature that no longer does anything, or one the host decides. */
  readonly ignoresUserValue?: boolean;
  /** A requirements pin is ignored too, warned about with this reason (empty: Codex ignores it silently). */
  readonly ignoredPinReason?: string;
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
