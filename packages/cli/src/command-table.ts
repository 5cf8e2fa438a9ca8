import { checkFlags, exitCodeFlag, jsonFlag, policyOptions, rulesOption, type Flags } from './args.js';
import type { Output } from './output.js';

/** A command's body: the arguments after its name; returns the exit status. */
export type Command = (args: readonly string[], out: Output, err: Output) => Promise<number>;

/** One row of the command table: help, flags, completion and did-you-mean are all derived from it. */
export interface CommandSpec {
  /** `resolve`, or a group and its subcommand: `mcp list`. */
  readonly name: string;
  /** The positionals in the synopsis: `KEY`, `-- COMMAND [ARG]...`. */
  readonly args?: string;
  /** One line, lower case, no final stop. */
  readonly summary: string;
  /** More lines of help, shown under the summary by `--help`. */
  readonly details?: readonly string[];
  readonly flags: Flags;
  /** Exit statuses beyond 0 (answered), 2 (invalid input) and 1 (internal error). */
  readonly exits?: readonly (readonly [number, string])[];
  /** It takes a command line after `--`: an option-looking argument before `--` is probably part of it. */
  readonly takesCommand?: boolean;
  /**
   * The command's body. For a subcommand (`mcp list`) it receives the arguments after the group's name, the
   * subcommand's name first.
   */
  readonly load: () => Promise<Command>;
}

/** Flags every command takes, handled before the command runs. */
export const globalFlags = {
  plugin: {
    type: 'string',
    multiple: true,
    value: 'MODULE',
    help: 'load a plugin package or file, found from the current folder as import finds it; its default export is a provider, a list of providers, or a function returning either (repeatable). RATCHET_PLUGINS lists more, separated by commas or spaces',
  },
  'decision-log': {
    type: 'string',
    value: 'FILE',
    help: 'append every decision to FILE as JSON lines (docs/decision-log.schema.json; - for stderr). OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_LOGS_ENDPOINT also sends them as OpenTelemetry logs over OTLP/HTTP',
  },
  help: { type: 'boolean', short: 'h', help: "this command's help" },
} as const satisfies Flags;

export const checkDomainFlags = {
  port: { type: 'string', value: 'N', help: 'the port the agent would connect to' },
  'resolved-address': {
    type: 'string',
    multiple: true,
    default: [],
    value: 'IP',
    help: 'an address the host name resolved to (repeatable): a denied address denies the host',
  },
  ...rulesOption,
  ...exitCodeFlag,
  ...policyOptions,
} as const satisfies Flags;

export const hookFlags = {
  tool: { type: 'string', value: 'NAME', help: 'the tool the event is about (matched against matchers)' },
  source: { type: 'string', value: 'NAME', help: 'the session source (SessionStart: startup, resume, clear...)' },
  payload: { type: 'string', value: 'JSON|@FILE', help: "the event's JSON payload, or @FILE holding it" },
  ...policyOptions,
} as const satisfies Flags;

export const configFlags = {
  file: { type: 'string', value: 'PATH', help: 'the config.toml to change (default --config, else the user file)' },
  ...policyOptions,
} as const satisfies Flags;

export const validateFlags = {
  strict: {
    type: 'boolean',
    default: false,
    help: 'fail (exit 1) on any warning too: an unknown key, a hook that can never run, an ignored setting',
  },
  hostname: policyOptions.hostname,
  ...jsonFlag,
} as const satisfies Flags;

export const schemaFlags = {
  config: { type: 'boolean', default: false, help: 'the schema of config.toml instead of requirements.toml' },
} as const satisfies Flags;

export const completionFlags = {} as const satisfies Flags;

export const mcpCheckFlags = {
  command: { type: 'string', value: 'CMD', help: 'the command that would start the server (a stdio server)' },
  arg: {
    type: 'string',
    multiple: true,
    default: [],
    value: 'ARG',
    help: "one of the command's arguments (repeatable)",
  },
  url: { type: 'string', value: 'URL', help: 'the url of a streamable HTTP server' },
  'from-plugin': { type: 'string', value: 'PLUGIN', help: 'the plugin that brings the server' },
  ...policyOptions,
} as const satisfies Flags;

export const serveFlags = {
  socket: {
    type: 'string',
    value: 'PATH',
    help: 'listen on a Unix socket (created 0600) for several clients instead of stdio',
  },
  'watch-interval': {
    type: 'string',
    default: '500',
    value: 'MS',
    help: 'how often the source files are checked for a change, in milliseconds (default 500)',
  },
  'max-request-bytes': {
    type: 'string',
    default: String(1 << 20),
    value: 'N',
    help: 'the largest request line accepted, in bytes (default 1 MiB)',
  },
  ...rulesOption,
  ...policyOptions,
} as const satisfies Flags;

export const testFlags = {
  reporter: { type: 'string', default: 'text', value: 'text|json|junit|tap', help: 'how results are printed' },
} as const satisfies Flags;

export const diffFlags = {
  ...rulesOption,
  hostname: policyOptions.hostname,
  strict: policyOptions.strict,
  'max-witnesses': {
    type: 'string',
    default: '5',
    value: 'N',
    help: 'at most N witnesses per loosened or tightened field (default 5)',
  },
  ...jsonFlag,
} as const satisfies Flags;

const { config: _config, ...policyOptionsButConfig } = policyOptions;

export const simulateFlags = {
  corpus: {
    type: 'string',
    value: 'PATH',
    help: 'a folder (or file) of config.toml files and command logs (*.jsonl) to run the policy over',
  },
  candidate: {
    type: 'string',
    multiple: true,
    default: [],
    value: 'FILE',
    help: 'a candidate requirements layer to compare against the current policy (repeatable)',
  },
  examples: { type: 'string', default: '5', value: 'N', help: 'at most N examples per change (default 5)' },
  ...rulesOption,
  ...policyOptionsButConfig,
} as const satisfies Flags;

const CHECK_EXITS = [
  [3, 'with --exit-code: the decision is prompt'],
  [4, 'with --exit-code: the decision is forbidden'],
] as const;

/** Every command, in the order `ratchet --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'resolve',
    summary: 'the effective configuration under the requirements',
    details: ['Without --json: a table (key, effective value, requested value, who constrained it), then warnings.'],
    flags: policyOptions,
    load: async () => (await import('./commands/resolve.js')).resolveCommand,
  },
  {
    name: 'explain',
    args: 'KEY',
    summary: 'why one value is what it is (KEY may point inside a table: mcp_servers.docs)',
    flags: policyOptions,
    load: async () => (await import('./commands/explain.js')).explainCommand,
  },
  {
    name: 'check',
    args: '-- COMMAND [ARG]...',
    summary: 'may this command run: allow, prompt, forbidden, or none',
    details: [
      'The command may be a shell invocation: ratchet check -- bash -lc "git add . && git push".',
      'Put -- before a command that has options: ratchet check -- rm -rf /.',
    ],
    flags: checkFlags,
    exits: CHECK_EXITS,
    takesCommand: true,
    load: async () => (await import('./commands/check.js')).checkCommand,
  },
  {
    name: 'check-domain',
    args: 'HOST',
    summary: 'may the agent reach this host: allow, ask or deny, and the entry that decided',
    flags: checkDomainFlags,
    exits: [
      [3, 'with --exit-code: the decision is ask'],
      [4, 'with --exit-code: the decision is deny'],
    ],
    load: async () => (await import('./commands/check-domain.js')).checkDomainCommand,
  },
  {
    name: 'mcp list',
    summary: 'the configured MCP servers, which may run, and why not',
    flags: policyOptions,
    load: async () => (await import('./commands/mcp.js')).mcpCommand,
  },
  {
    name: 'mcp check',
    args: 'NAME',
    summary: "may this MCP server start under the requirements' MCP allowlists",
    flags: mcpCheckFlags,
    load: async () => (await import('./commands/mcp.js')).mcpCommand,
  },
  {
    name: 'hooks run',
    args: 'EVENT',
    summary: 'run the hooks in force for an event, as a host would',
    flags: hookFlags,
    load: async () => (await import('./commands/hooks.js')).hooksCommand,
  },
  {
    name: 'check-write',
    args: 'KEY=VALUE...',
    summary: 'may a host write these config.toml values (profiles.NAME.KEY for a profile)?',
    flags: policyOptions,
    exits: [[2, 'also: a write would be refused (the requirement and its source on stderr)']],
    load: async () => (await import('./commands/check-write.js')).checkWriteCommand,
  },
  {
    name: 'config set',
    args: 'KEY VALUE',
    summary: 'change config.toml, all edits or none, refused when requirements forbid the result',
    flags: configFlags,
    exits: [[2, 'also: the write was refused; nothing was written']],
    load: async () => (await import('./commands/config.js')).configCommand,
  },
  {
    name: 'config unset',
    args: 'KEY',
    summary: 'remove a key from config.toml, refused when requirements forbid the result',
    flags: configFlags,
    exits: [[2, 'also: the write was refused; nothing was written']],
    load: async () => (await import('./commands/config.js')).configCommand,
  },
  {
    name: 'validate',
    args: 'FILE...',
    summary: 'check requirements and .rules files, and the requirements layers together, listing every problem',
    details: [
      'Requirements files are layers, highest precedence first, and are also checked together as resolve combines them.',
      '.rules files are read as Starlark, their match/not_match examples checked.',
    ],
    flags: validateFlags,
    exits: [
      [1, 'with --strict: no error, but at least one warning'],
      [2, 'a file has an error (or cannot be read), or the layers conflict'],
    ],
    load: async () => (await import('./commands/validate.js')).validateCommand,
  },
  {
    name: 'sources',
    summary: 'every requirements source looked for: not configured, absent, read (N layers), or dropped and why',
    details: [
      'Elsewhere than macOS an MDM payload comes from RATCHET_MDM_REQUIREMENTS_BASE64, or RATCHET_MDM_REQUIREMENTS_FILE',
      'naming a file that holds the base64 text of a requirements.toml (not the TOML itself).',
    ],
    flags: policyOptions,
    exits: [[2, 'a source failed']],
    load: async () => (await import('./commands/sources.js')).sourcesCommand,
  },
  {
    name: 'schema',
    summary: 'the JSON Schema of requirements.toml (--config: of config.toml), every loaded plugin included',
    flags: schemaFlags,
    load: async () => (await import('./commands/schema.js')).schemaCommand,
  },
  {
    name: 'serve',
    summary: 'a decision service: JSON-RPC 2.0, one message per line, on stdio or --socket PATH',
    details: [
      'Methods are named as the commands and answer what their --json prints (docs/serve-protocol.schema.json).',
      'The policy reloads when a source file changes, on SIGHUP, or on a reload request.',
    ],
    flags: serveFlags,
    load: async () => (await import('./commands/serve.js')).serveCommand,
  },
  {
    name: 'test',
    args: '[PATH]...',
    summary: 'run policy test files (*.test.toml)',
    flags: testFlags,
    exits: [[1, 'a test failed']],
    load: async () => (await import('./commands/test.js')).testCommand,
  },
  {
    name: 'diff',
    args: 'OLD NEW',
    summary: 'what NEW loosens or tightens against OLD (each a file or FILE,FILE layers), with witnesses',
    flags: diffFlags,
    exits: [[1, 'NEW loosens OLD']],
    load: async () => (await import('./commands/diff.js')).diffCommand,
  },
  {
    name: 'simulate',
    summary: 'the policy (and --candidate FILE) over config.toml files and command logs (*.jsonl)',
    flags: simulateFlags,
    load: async () => (await import('./commands/simulate.js')).simulateCommand,
  },
  {
    name: 'completion',
    args: 'bash|zsh|fish',
    summary: 'a shell completion script',
    details: [
      'bash: source <(ratchet completion bash)',
      'zsh:  ratchet completion zsh > "${fpath[1]}/_ratchet"',
      'fish: ratchet completion fish > ~/.config/fish/completions/ratchet.fish',
    ],
    flags: completionFlags,
    load: async () => (await import('./completion.js')).completionCommand,
  },
];

/** The first word of every command: `mcp` for `mcp list`. */
export const commandWords = (): string[] => [...new Set(COMMANDS.map((c) => c.name.split(' ')[0]!))];

/** The subcommands of a group (`list` for `mcp`); none for a plain command. */
export const subcommandsOf = (word: string): string[] =>
  COMMANDS.filter((c) => c.name.startsWith(`${word} `)).map((c) => c.name.slice(word.length + 1));
