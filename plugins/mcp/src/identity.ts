import {
  abbreviate,
  expectArray,
  expectString,
  expectTable,
  rustRegex,
  suggestion,
  type RustPattern,
  type Reporter,
  type Table,
} from '@ratchet/core';

/** How one string is matched: exactly, by prefix, or by a regular expression anchored at both ends. */
export type ValueMatcher =
  | { readonly match: 'exact'; readonly value: string }
  | { readonly match: 'prefix'; readonly value: string }
  | { readonly match: 'regex'; readonly expression: string };

/** What an allowlisted server must look like: a stdio command (args optional, one matcher per arg) or an HTTP url. */
export type Identity =
  { readonly command: string; readonly args?: readonly ValueMatcher[] } | { readonly url: ValueMatcher };

/** How a configured server is reached. */
export type Transport = { readonly command: string; readonly args: readonly string[] } | { readonly url: string };

/** The anchored form of a Rust-syntax expression (`\A(?:…)\z` in Codex's terms); throws when invalid. */
function anchored(expression: string): RustPattern {
  const result = rustRegex(expression, { anchored: true });
  if (!result.ok) throw new SyntaxError(result.reason);
  return result.regex;
}

function matchValue(matcher: ValueMatcher, value: string): boolean {
  switch (matcher.match) {
    case 'exact':
      return value === matcher.value;
    case 'prefix':
      return value.startsWith(matcher.value);
    case 'regex':
      return anchored(matcher.expression).test(value);
  }
}

/** Whether a server's transport fits an identity; a command identity never matches a url, nor the reverse. */
export function matches(identity: Identity, transport: Transport): boolean {
  if ('command' in identity) {
    if (!('command' in transport) || transport.command !== identity.command) return false;
    const args = identity.args;
    return (
      args === undefined ||
      (args.length === transport.args.length && args.every((m, i) => matchValue(m, transport.args[i]!)))
    );
  }
  return 'url' in transport && matchValue(identity.url, transport.url);
}

/** The identity as a user reads it: `command "docs-mcp"`, `url "https://…"`, `url matching ^https://…$`. */
export function describeIdentity(identity: Identity): string {
  const value = (m: ValueMatcher) =>
    m.match === 'exact'
      ? JSON.stringify(m.value)
      : m.match === 'prefix'
        ? `starting with ${JSON.stringify(m.value)}`
        : `matching /${m.expression}/`;
  if ('command' in identity)
    return `command ${JSON.stringify(identity.command)}${identity.args ? ` with args [${identity.args.map(value).join(', ')}]` : ''}`;
  return `url ${value(identity.url)}`;
}

export function describeTransport(transport: Transport): string {
  return 'command' in transport
    ? `command ${JSON.stringify(transport.command)}`
    : `url ${JSON.stringify(transport.url)}`;
}

/** How a matcher compares: the whole value, a prefix of it, or an anchored regular expression. */
export const MATCHES = ['exact', 'prefix', 'regex'] as const;

/** Unknown keys in identity and matcher tables are errors: a misspelt matcher must not match more than meant. */
function rejectUnknownKeys(table: Table, key: string, known: readonly string[], report: Reporter): void {
  for (const name of Object.keys(table)) {
    if (!known.includes(name))
      report({
        severity: 'error',
        kind: 'unknown-key',
        key: `${key}.${name}`,
        message: `unknown key "${abbreviate(name)}" in an MCP identity`,
        suggestion: suggestion(name, known),
      });
  }
}

function parseMatcher(raw: unknown, key: string, server: string, report: Reporter): ValueMatcher | undefined {
  if (typeof raw === 'string') return { match: 'exact', value: raw };
  const table = expectTable(raw, key, report);
  if (!table) return undefined;
  const match = table.match;
  if (match === 'regex') {
    rejectUnknownKeys(table, key, ['match', 'expression'], report);
    const expression = expectString(table.expression, `${key}.expression`, report);
    if (expression === undefined) return undefined;
    try {
      anchored(expression);
    } catch (error) {
      report({
        severity: 'error',
        kind: 'invalid-value',
        key: `${key}.expression`,
        message: `invalid regular expression for MCP server "${server}": ${(error as Error).message}`,
        suggestion: 'write a valid regular expression; it is anchored at both ends',
      });
      return undefined;
    }
    return { match, expression };
  }
  if (match === 'exact' || match === 'prefix') {
    rejectUnknownKeys(table, key, ['match', 'value'], report);
    const value = expectString(table.value, `${key}.value`, report);
    return value === undefined ? undefined : { match, value };
  }
  report({
    severity: 'error',
    kind: match === undefined ? 'missing-key' : 'unknown-value',
    key: `${key}.match`,
    message:
      match === undefined
        ? 'a matcher needs match = "exact", "prefix" or "regex"'
        : `unknown match ${JSON.stringify(match)}`,
    suggestion: `write match = ${MATCHES.map((m) => `"${m}"`).join(' | ')}`,
  });
  return undefined;
}

/** Parses `[mcp_servers.<server>.identity]`: exactly one of `command` (string or `{ executable, args }`) and `url` (string or matcher). */
export function parseIdentity(raw: unknown, key: string, server: string, report: Reporter): Identity | undefined {
  const table = expectTable(raw, key, report);
  if (!table) return undefined;
  const hasCommand = table.command !== undefined;
  if (hasCommand === (table.url !== undefined)) {
    report({
      severity: 'error',
      kind: hasCommand ? 'conflict' : 'missing-key',
      key,
      message: `identity of MCP server "${server}" must set exactly one of command and url`,
      suggestion: `write command = "..." for a stdio server or url = "..." for an HTTP server`,
    });
    return undefined;
  }
  rejectUnknownKeys(table, key, ['command', 'url'], report);
  if (!hasCommand) {
    const url = parseMatcher(table.url, `${key}.url`, server, report);
    return url && { url };
  }
  if (typeof table.command === 'string') return { command: table.command };
  const command = expectTable(table.command, `${key}.command`, report);
  if (!command) return undefined;
  rejectUnknownKeys(command, `${key}.command`, ['executable', 'args'], report);
  const executable = expectString(command.executable, `${key}.command.executable`, report);
  if (command.args === undefined) return executable === undefined ? undefined : { command: executable };
  const list = expectArray(command.args, `${key}.command.args`, report, 'matchers');
  const args = (list ?? []).map((m, i) => parseMatcher(m, `${key}.command.args[${i}]`, server, report));
  if (executable === undefined || !list || args.some((a) => a === undefined)) return undefined;
  return { command: executable, args: args as ValueMatcher[] };
}

/** Back to TOML: strings where the plain form says it all. */
export function printIdentity(identity: Identity): Record<string, unknown> {
  const matcher = (m: ValueMatcher): unknown => (m.match === 'exact' && 'value' in m ? m.value : { ...m });
  if ('command' in identity) {
    return identity.args
      ? { command: { executable: identity.command, args: identity.args.map((m) => ({ ...m })) } }
      : { command: identity.command };
  }
  return { url: matcher(identity.url) };
}
