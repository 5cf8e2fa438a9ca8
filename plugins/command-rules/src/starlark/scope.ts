import type { DefStatement } from './ast.js';
import type { Value } from './values.js';

/**
 * Where names live while a file runs: the module (binds any name), a function call (binds its `def`'s locals)
 * or a comprehension (binds its loop variables); a name a scope does not bind is looked up in `parent`.
 */
export class Scope {
  readonly values = new Map<string, Value>();

  constructor(
    readonly names: ReadonlySet<string> | undefined,
    readonly parent: Scope | undefined,
  ) {}

  /** The innermost scope that binds `name`: the module scope when no function or comprehension does. */
  owner(name: string): Scope {
    if (this.names === undefined || this.names.has(name) || this.parent === undefined) return this;
    return this.parent.owner(name);
  }
}

/** A function made by a `def` statement: the definition, its default values, and the scope it was defined in. */
export class StarlarkFunction {
  constructor(
    readonly def: DefStatement,
    readonly defaults: ReadonlyMap<string, Value>,
    readonly closure: Scope,
  ) {}
}
