import { line, type Output } from '../output.js';
import { LineSplitter } from '../serve/lines.js';
import { checkJson } from '../render/check.js';
import { baselineWasmOnly, type CommandChecker } from './check-answer.js';
import { BadCheckRequest, checkRequest } from './check-request.js';

/** A batch line is capped as a service request is: 1 MiB. */
const MAX_LINE_BYTES = 1 << 20;

/**
 * `ratchet check --batch`: one command per line of `input` (a JSON list of words, `{"command": [...]}` or
 * `{"script": "..."}`), one `check --json` document per line of output, in order. A line that is not a command gets
 * `{"error": {"line": N, "message": ...}}` in its place, and the run ends with exit 2 once every line is answered.
 */
export async function checkBatch(checker: CommandChecker, input: NodeJS.ReadableStream, out: Output): Promise<number> {
  baselineWasmOnly(); // any line may be a script that needs the shell grammar
  const splitter = new LineSplitter(MAX_LINE_BYTES);
  let number = 0;
  let failed = false;
  const answer = async (text: string | undefined, tooLong?: number) => {
    number++;
    if (text !== undefined && text.trim() === '') return;
    let argv: string[];
    try {
      if (text === undefined) throw new BadCheckRequest(`line is ${tooLong} bytes, over the ${MAX_LINE_BYTES} cap`);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new BadCheckRequest('not JSON');
      }
      argv = checkRequest(value);
    } catch (error) {
      if (!(error instanceof BadCheckRequest)) throw error;
      failed = true;
      line(out, JSON.stringify({ error: { line: number, message: error.message } }));
      return;
    }
    const check = await checker.commands.checkAsync(argv);
    checker.record?.(argv, check);
    line(out, JSON.stringify(checkJson(check, checker.warnings)));
  };
  for await (const chunk of input) {
    for (const l of splitter.push(chunk)) await ('text' in l ? answer(l.text) : answer(undefined, l.tooLong));
  }
  for (const l of splitter.end()) await ('text' in l ? answer(l.text) : answer(undefined, l.tooLong));
  return failed ? 2 : 0;
}
