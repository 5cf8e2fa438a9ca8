import {
  effectiveObject,
  toPlain,
  type Diagnostic,
  type EffectiveEntry,
  type Policy,
  type Resolved,
} from '@ratchet/core';

function diagnosticJson(d: Diagnostic) {
  return {
    key: d.key ?? null,
    kind: d.kind,
    message: d.message,
    ...(d.source !== undefined && { source: d.source }),
    ...(d.suggestion !== undefined && { suggestion: d.suggestion }),
    ...(d.provider !== undefined && { provider: d.provider }),
  };
}

/** The warnings among `diagnostics`, as JSON: what every command's `--json` output carries in `warnings`. */
export function warningsJson(diagnostics: readonly Diagnostic[]) {
  return diagnostics.filter((d) => d.severity === 'warning').map(diagnosticJson);
}

/** Warnings as every `--json` answer carries them. */
export type WarningsJson = ReturnType<typeof warningsJson>;

/** An effective entry's provenance as JSON. */
export function provenanceJson(entry: EffectiveEntry) {
  return {
    value: toPlain(entry.value) ?? null,
    provider: entry.provider,
    rule: entry.rule,
    requested: entry.requested ? { value: toPlain(entry.requested.value), ...entry.requested.origin } : null,
    constraints: entry.constraints,
  };
}

/** The `resolve --json` document: effective values, warnings, notices, provenance and layers. */
export function resolveJson(policy: Policy, resolved: Resolved) {
  return {
    effective: effectiveObject(resolved),
    warnings: warningsJson(resolved.diagnostics),
    notices: resolved.diagnostics.filter((d) => d.severity === 'info').map(diagnosticJson),
    provenance: Object.fromEntries([...resolved.entries.values()].map((e) => [e.key, provenanceJson(e)])),
    layers: policy.requirements.layers.map((l) => ({ source: l.source.label, kind: l.source.kind, keys: l.keys })),
  };
}
