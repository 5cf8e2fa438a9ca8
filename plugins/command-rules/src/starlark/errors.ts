/** A problem in a `.rules` file, at a 1-based line and column: `<file>:<line>:<column>: <reason>`. */
export class RulesFileError extends Error {
  override readonly name = 'RulesFileError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
  }
}

/** A 1-based position in a file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}
