import { abbreviate } from '../shape/values.js';

/** How serious a diagnostic is: `error` stops loading, `warning` is shown to the user, `info` is reported quietly. */
export type Severity = 'error' | 'warning' | 'info';

/** The stable kinds of problem Ratchet reports; each fatal kind has its own Error subclass. */
export type DiagnosticKind =
  | 'toml-syntax'
  | 'read-failed'
  | 'invalid-encoding'
  | 'too-large'
  | 'invalid-type'
  | 'unknown-value'
  | 'invalid-value'
  | 'missing-key'
  | 'unknown-key'
  | 'conflict'
  | 'disallowed-value'
  | 'replaced-default'
  | 'normalized-value'
  | 'deprecated-key'
  | 'not-enforced';

/** A problem or notice as data: where it came from, which key, what happened and what to do. */
export interface Diagnostic {
  readonly kind: DiagnosticKind;
  readonly severity: Severity;
  /** Display name of the file, payload or layer the problem is in. */
  readonly source?: string;
  /** Dotted key path the diagnostic is about (`allowed_sandbox_modes[1]`, `approval_policy`). */
  readonly key?: string;
  readonly message: string;
  /** What the user can do about it. */
  readonly suggestion?: string;
  /** Id of the provider that reported it. */
  readonly provider?: string;
}

/** Collects diagnostics for one source and key prefix; handed to providers while they parse or resolve. */
export interface Reporter {
  error(key: string, kind: DiagnosticKind, message: string, suggestion?: string): void;
  warn(key: string, kind: DiagnosticKind, message: string, suggestion?: string): void;
  info(key: string, kind: DiagnosticKind, message: string, suggestion?: string): void;
}

/** A reporter that appends to an array, stamping every entry with its source (fixed, or found from the key) and provider. */
export class DiagnosticBag implements Reporter {
  readonly items: Diagnostic[] = [];

  constructor(
    private readonly source?: string | ((key: string) => string | undefined),
    private readonly provider?: string,
  ) {}

  error(key: string, kind: DiagnosticKind, message: string, suggestion?: string): void {
    this.push('error', key, kind, message, suggestion);
  }

  warn(key: string, kind: DiagnosticKind, message: string, suggestion?: string): void {
    this.push('warning', key, kind, message, suggestion);
  }

  info(key: string, kind: DiagnosticKind, message: string, suggestion?: string): void {
    this.push('info', key, kind, message, suggestion);
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  private push(severity: Severity, key: string, kind: DiagnosticKind, message: string, suggestion?: string): void {
    const source = typeof this.source === 'function' ? this.source(key) : this.source;
    this.items.push({
      kind,
      severity,
      ...(source !== undefined && { source }),
      ...(key !== '' && { key }),
      message,
      ...(suggestion !== undefined && { suggestion }),
      ...(this.provider !== undefined && { provider: this.provider }),
    });
  }
}

/** One line a user can act on: `source: key: message (fix: suggestion)`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.source, d.key && abbreviate(d.key, 200)]
    .filter((part) => part !== undefined && part !== '')
    .join(': ');
  const fix = d.suggestion ? ` (fix: ${d.suggestion})` : '';
  return `${where ? `${where}: ` : ''}${d.message}${fix}`.replace(/\s*\n\s*/g, ' ');
}
