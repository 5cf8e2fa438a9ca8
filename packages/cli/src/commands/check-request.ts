/** A request that is not a command to check: the reason, for a JSON-RPC "invalid params" answer or a batch line. */
export class BadCheckRequest extends Error {}

/**
 * The argv one check request names: `["git", "push"]`, `{ "command": ["git", "push"] }`, or
 * `{ "script": "git add . && git push" }`, which is judged as `bash -lc SCRIPT` (what a shell tool runs).
 */
export function checkRequest(value: unknown): string[] {
  const argv = (words: unknown, what: string) => {
    if (!Array.isArray(words) || words.length === 0 || !words.every((w) => typeof w === 'string'))
      throw new BadCheckRequest(`${what} must be a non-empty list of strings`);
    return words;
  };
  if (Array.isArray(value)) return argv(value, 'a command');
  if (typeof value !== 'object' || value === null)
    throw new BadCheckRequest('expected {"command": [...]}, {"script": "..."} or a list of strings');
  const { command, script, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw new BadCheckRequest(`unknown field "${unknown}" (use command or script)`);
  if ((command === undefined) === (script === undefined))
    throw new BadCheckRequest('give exactly one of "command" (a list of strings) and "script" (a string)');
  if (script !== undefined) {
    if (typeof script !== 'string' || script === '') throw new BadCheckRequest('"script" must be a non-empty string');
    return ['bash', '-lc', script];
  }
  return argv(command, '"command"');
}
