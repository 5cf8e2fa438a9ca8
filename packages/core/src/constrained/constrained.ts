import type { ConstraintRefusedError } from '../diagnostics/errors.js';

/** The outcome of asking whether a value may be set. */
export type CanSet<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ConstraintRefusedError };

/**
 * A value a host keeps at run time under a requirement. `set` normalizes, then validates; a refused
 * value leaves the old one in place and throws an error naming the requirement and where it was set.
 */
export class Constrained<T> {
  #value: T;

  constructor(
    initial: T,
    private readonly check: (value: T) => ConstraintRefusedError | undefined,
    private readonly normalize: (value: T) => T = (value) => value,
  ) {
    const error = check(normalize(initial));
    if (error) throw error;
    this.#value = normalize(initial);
  }

  get value(): T {
    return this.#value;
  }

  /** Whether `value` would be accepted, and in which normalized form. */
  canSet(value: T): CanSet<T> {
    const normalized = this.normalize(value);
    const error = this.check(normalized);
    return error ? { ok: false, error } : { ok: true, value: normalized };
  }

  /** Sets the value or throws the refusal; on refusal the previous value stays. */
  set(value: T): T {
    const result = this.canSet(value);
    if (!result.ok) throw result.error;
    this.#value = result.value;
    return result.value;
  }
}
