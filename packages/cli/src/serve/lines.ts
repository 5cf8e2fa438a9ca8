/** One line read from a stream, or a line that went over the size cap (its text dropped). */
export type Line = { readonly text: string } | { readonly tooLong: number };

/**
 * Splits a byte stream into lines (`\n`, an optional `\r` before it dropped) without ever holding more than `maxBytes`
 * of one line: a longer line is reported as too long and skipped up to its end. UTF-8 is decoded across chunks;
 * invalid bytes become U+FFFD, which the JSON parser then refuses as it would any other bad text.
 */
export class LineSplitter {
  // node:string_decoder is loaded with the first splitter, not with every command whose bundle holds this class.
  readonly #decoder = new (process.getBuiltinModule('node:string_decoder').StringDecoder)('utf8');
  #pending = '';
  /** Bytes of the current line skipped so far, once it went over the cap. */
  #skipping = -1;

  constructor(readonly maxBytes: number) {}

  /** The complete lines in `chunk` (with what came before it). */
  push(chunk: Buffer | string): Line[] {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.write(chunk);
    const lines: Line[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const piece = text.slice(start, end);
      start = end + 1;
      if (this.#skipping >= 0) {
        lines.push({ tooLong: this.#skipping + Buffer.byteLength(piece) });
        this.#skipping = -1;
        continue;
      }
      const whole = this.#pending === '' ? piece : this.#pending + piece;
      this.#pending = '';
      if (whole.length > this.maxBytes / 4 && Buffer.byteLength(whole) > this.maxBytes)
        lines.push({ tooLong: Buffer.byteLength(whole) });
      else lines.push({ text: whole.endsWith('\r') ? whole.slice(0, -1) : whole });
    }
    const rest = text.slice(start);
    if (this.#skipping >= 0) this.#skipping += Buffer.byteLength(rest);
    else {
      this.#pending += rest;
      if (this.#pending.length > this.maxBytes / 4 && Buffer.byteLength(this.#pending) > this.maxBytes) {
        this.#skipping = Buffer.byteLength(this.#pending);
        this.#pending = '';
      }
    }
    return lines;
  }

  /** The last line, when the stream ended without a newline. */
  end(): Line[] {
    const rest = this.#pending + this.#decoder.end();
    this.#pending = '';
    if (this.#skipping >= 0) return [{ tooLong: this.#skipping + Buffer.byteLength(rest) }];
    return rest.trim() === '' ? [] : this.push(`${rest}\n`);
  }
}
