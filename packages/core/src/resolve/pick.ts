import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Decision, Requested } from '../provider/contract.js';
import type { RequirementSource } from '../sources/source.js';
import { formatValue } from '../shape/values.js';

/** What `pickAllowed` needs to choose one setting's value under one requirement field. */
export interface PickOptions<T> {
  readonly provider: string;
  /** The setting's key in the effective configuration (`approval_policy`). */
  readonly key: string;
  readonly requested: Requested<T> | undefined;
  /** The value used when the user set nothing. */
  readonly defaultValue: T;
  /** The requirement field, or undefined when nothing constrains the setting. */
  readonly field: string | undefined;
  /** The field's value as written, for messages (`["on-request"]`). */
  readonly fieldValue?: unknown;
  readonly sources?: readonly RequirementSource[];
  allowed(value: T): boolean;
  /** The compliant replacement, and the rule that names it. */
  fallback(): { readonly value: T; readonly rule: string };
  readonly format?: (value: T) => string;
  /** How loudly to report a forbidden default: `info` (default) or, where Codex warns, `warning`. */
  readonly defaultSeverity?: 'info' | 'warning';
}

/**
 * Chooses a setting's value the way Codex does: a requested value that the requirement allows is kept;
 * a requested value it forbids falls back with a warning; a forbidden default falls back with a notice
 * (or a warning, where the provider says so).
 */
export function pickAllowed<T>(options: PickOptions<T>): { decision: Decision<T>; diagnostics: Diagnostic[] } {
  const { requested, key, field } = options;
  const format = options.format ?? formatValue;
  const candidate = requested ? requested.value : options.defaultValue;
  const constrainedBy = field !== undefined ? [field] : [];
  if (field === undefined || options.allowed(candidate)) {
    const rule = requested ? 'requested value' : 'default value';
    return {
      decision: { value: candidate, rule: field === undefined ? rule : `${rule}, allowed by ${field}`, constrainedBy },
      diagnostics: [],
    };
  }
  const fallback = options.fallback();
  const setBy = (options.sources ?? []).map((s) => s.label).join(', ') || 'requirements';
  const details = `invalid value for \`${key}\`: ${format(candidate)} is not in the allowed set ${formatValue(options.fieldValue)} (set by ${setBy})`;
  const diagnostic: Diagnostic = requested
    ? {
        kind: 'disallowed-value',
        severity: 'warning',
        source: requested.origin.source,
        key,
        provider: options.provider,
        message: `Configured value for \`${key}\`${requested.origin.key === key ? '' : ` (${requested.origin.key})`} is disallowed by requirements; falling back to required value ${format(fallback.value)}. Details: ${details}`,
        suggestion: `set ${requested.origin.key} to a value in ${field} or remove it`,
      }
    : {
        kind: 'replaced-default',
        severity: options.defaultSeverity ?? 'info',
        key,
        provider: options.provider,
        message: `default value ${format(candidate)} for \`${key}\` is not allowed by ${field} (set by ${setBy}); using ${format(fallback.value)}`,
      };
  return {
    decision: { value: fallback.value, rule: `fallback: ${fallback.rule}`, constrainedBy },
    diagnostics: [diagnostic],
  };
}
