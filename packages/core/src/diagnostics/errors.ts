import { formatDiagnostic, type Diagnostic, type FatalKind } from './diagnostic.js';

/** Base of every error Ratchet throws on purpose; `code` is stable and safe to match on. */
export abstract class RatchetError extends Error {
  abstract readonly code: string;
  /** Exit status the command line uses for this error. */
  readonly exitCode: number = 2;
}

/** A fatal loading problem (bad requirements, config or rules input); carries every diagnostic found, warnings included. */
export abstract class InputError extends RatchetError {
  constructor(
    readonly diagnostic: Diagnostic,
    readonly diagnostics: readonly Diagnostic[] = [diagnostic],
  ) {
    super(formatDiagnostic(diagnostic));
  }

  /** The diagnostics of severity `error`, the first of which is this error's message. */
  get errors(): readonly Diagnostic[] {
    return this.diagnostics.filter((d) => d.severity === 'error');
  }

  get source(): string | undefined {
    return this.diagnostic.source;
  }

  get key(): string | undefined {
    return this.diagnostic.key;
  }

  get suggestion(): string | undefined {
    return this.diagnostic.suggestion;
  }
}

export class TomlSyntaxError extends InputError {
  readonly code = 'RATCHET_TOML_SYNTAX';
}
export class SourceReadError extends InputError {
  readonly code = 'RATCHET_SOURCE_READ';
}
/** A file or payload that is not valid UTF-8 (the message gives the byte offset). */
export class InvalidEncodingError extends InputError {
  readonly code = 'RATCHET_INVALID_ENCODING';
}
export class InputTooLargeError extends InputError {
  readonly code = 'RATCHET_INPUT_TOO_LARGE';
}
export class InvalidTypeError extends InputError {
  readonly code = 'RATCHET_INVALID_TYPE';
}
export class UnknownValueError extends InputError {
  readonly code = 'RATCHET_UNKNOWN_VALUE';
}
export class InvalidValueError extends InputError {
  readonly code = 'RATCHET_INVALID_VALUE';
}
export class MissingKeyError extends InputError {
  readonly code = 'RATCHET_MISSING_KEY';
}
export class ConflictError extends InputError {
  readonly code = 'RATCHET_CONFLICT';
}
export class UnknownKeyError extends InputError {
  readonly code = 'RATCHET_UNKNOWN_KEY';
}

const errorClasses: Record<FatalKind, new (d: Diagnostic, all: readonly Diagnostic[]) => InputError> = {
  'toml-syntax': TomlSyntaxError,
  'read-failed': SourceReadError,
  'invalid-encoding': InvalidEncodingError,
  'too-large': InputTooLargeError,
  'invalid-type': InvalidTypeError,
  'unknown-value': UnknownValueError,
  'invalid-value': InvalidValueError,
  'missing-key': MissingKeyError,
  'unknown-key': UnknownKeyError,
  conflict: ConflictError,
  // A value requirements refuse (a config write they would override) is an invalid value for this input.
  'disallowed-value': InvalidValueError,
};

/** Throws the error subclass for the first error among `diagnostics`, if there is one; it carries them all. */
export function throwIfErrors(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) if (d.severity === 'error') throw new errorClasses[d.kind](d, diagnostics);
}

/** A host or plugin author wired the engine wrongly (duplicate provider id, unknown dependency, cycle). */
export class ProviderSetupError extends RatchetError {
  readonly code = 'RATCHET_PROVIDER_SETUP';
}

/** A runtime `set` on a constrained value was refused by a requirement. */
export class ConstraintRefusedError extends RatchetError {
  readonly code = 'RATCHET_CONSTRAINT_REFUSED';

  constructor(
    message: string,
    readonly key: string,
    readonly value: unknown,
    readonly field: string,
    readonly sources: readonly string[],
  ) {
    super(message);
  }
}
