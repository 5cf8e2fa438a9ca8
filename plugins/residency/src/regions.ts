/** The data residency regions requirements.toml may enforce; Codex knows one. */
export const RESIDENCIES = ['us'] as const;

/** A data residency region. */
export type Residency = (typeof RESIDENCIES)[number];
