import { EVENTS, isEvent, type HookEvent } from '@ratchet/plugin-hooks';
import { recordReplaced } from '../decision-log.js';
import { resolveJson } from '../render/report.js';
import { checkJson } from '../render/check.js';
import { BadCheckRequest, checkRequest } from '../commands/check-request.js';
import type { CommandCheck } from '@ratchet/plugin-command-rules';
import type { CommandChecker } from '../commands/check-answer.js';
import { checkWriteJson, judgeWrite, parseEdits } from '../commands/check-write.js';
import { domainAnswer, domainJson } from '../commands/check-domain.js';
import { explainJson } from '../commands/explain.js';
import { hooksRunJson, runHooks } from '../commands/hooks.js';
import { mcpCheckJson, mcpListJson } from '../commands/mcp.js';
import { validateFiles } from '../commands/validate.js';
import { take, type ServeSources, type Snapshot } from './snapshot.js';

/** Params a method cannot take: answered with JSON-RPC's "invalid params". */
export class BadParams extends Error {}

type Params = Readonly<Record<string, unknown>>;

/** The params as an object with only the `allowed` fields (absent params are `{}`). */
function fields(params: unknown, allowed: readonly string[]): Params {
  if (params === undefined) return {};
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw new BadParams(`params must be an object${allowed.length > 0 ? ` with ${allowed.join(', ')}` : ''}`);
  const unknown = Object.keys(params).find((k) => !allowed.includes(k));
  if (unknown !== undefined)
    throw new BadParams(
      `unknown param "${unknown}"${allowed.length > 0 ? ` (this method takes ${allowed.join(', ')})` : ' (this method takes none)'}`,
    );
  return params as Params;
}

function text(p: Params, name: string, required: true): string;
function text(p: Params, name: string, required?: false): string | undefined;
function text(p: Params, name: string, required = false): string | undefined {
  const value = p[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') throw new BadParams(`"${name}" must be a non-empty string`);
  return value;
}

function texts(p: Params, name: string): string[] | undefined {
  const value = p[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new BadParams(`"${name}" must be a list of strings`);
  return value;
}

function eventOf(p: Params): HookEvent {
  const event = text(p, 'event', true);
  if (!isEvent(event)) throw new BadParams(`unknown event "${event}"; events: ${EVENTS.join(', ')}`);
  return event;
}

/** What a method gets: the snapshot the request is answered from, and the service's own sources. */
interface Call {
  readonly snapshot: Snapshot;
  readonly sources: ServeSources;
  readonly params: unknown;
}

type Method = (call: Call) => unknown;

/** A method's result already written as JSON: the reply holds the text as it is. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** A `check` answer and its JSON text. */
interface Answer {
  readonly check: CommandCheck;
  readonly text: string;
}

/**
 * `check` answers as JSON text by argv, for one checker: a reload makes a new checker, so never an old policy's answer.
 * Two generations of at most `size` answers each: when the young one is full it becomes the old one, and an old answer
 * asked for again moves back to the young one, so the commands in use stay and memory stays bounded.
 */
class Answers {
  #young = new Map<string, Answer>();
  #old = new Map<string, Answer>();

  constructor(readonly size: number) {}

  get(key: string): Answer | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, answer: Answer): void {
    if (this.#young.size >= this.size) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, answer);
  }
}

const answers = new WeakMap<CommandChecker, Answers>();

function checkMethod({ snapshot, params }: Call): unknown {
  let argv: string[];
  try {
    argv = checkRequest(params ?? {});
  } catch (error) {
    if (error instanceof BadCheckRequest) throw new BadParams(error.message);
    throw error;
  }
  const checker = take(snapshot.checker);
  const { commands, warnings, record } = checker;
  // Agents repeat commands (`git status`, `npm test`): a decision depends on the argv and the checker alone, so an
  // answer is kept and given again as it was written (and recorded again, as every answer is).
  let memo = answers.get(checker);
  if (memo === undefined) answers.set(checker, (memo = new Answers(4096)));
  const key = JSON.stringify(argv);
  const known = memo.get(key);
  if (known !== undefined) return (record?.(argv, known.check), new JsonText(known.text));
  // Synchronous unless a script needs the shell grammar: pipelined requests are then answered in one pass. An answer
  // that waited for the grammar is not kept (once it has loaded, the next request is answered synchronously and kept).
  const first = commands.check(argv);
  if (first.grammarNeeded)
    return commands.checkAsync(argv).then((check) => (record?.(argv, check), checkJson(check, warnings)));
  record?.(argv, first);
  const text = JSON.stringify(checkJson(first, warnings));
  memo.set(key, { check: first, text });
  return new JsonText(text);
}

/**
 * The service's methods, named as the commands and answering what `ratchet <command> --json` prints (the same code
 * makes both). Sources are the service's; params are the command's other options.
 */
export const METHODS: Readonly<Record<string, Method>> = {
  resolve: ({ snapshot, params }) => {
    fields(params, []);
    const { resolved } = take(snapshot.resolution);
    recordReplaced(snapshot.policy, resolved);
    return resolveJson(snapshot.policy, resolved);
  },
  explain: ({ snapshot, params }) => {
    const key = text(fields(params, ['key']), 'key', true);
    return explainJson(snapshot.policy, take(snapshot.resolution).resolved, key);
  },
  check: checkMethod,
  'check-domain': ({ snapshot, params }) => {
    const p = fields(params, ['host', 'port', 'resolved_address']);
    const host = text(p, 'host', true);
    const port = p.port;
    if (port !== undefined && !(Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535))
      throw new BadParams('"port" must be a number from 1 to 65535');
    const { resolved } = take(snapshot.resolution);
    const answer = domainAnswer(snapshot.policy, resolved, take(snapshot.networkRules), {
      host,
      ...(port !== undefined && { port: port as number }),
      resolvedAddresses: texts(p, 'resolved_address') ?? [],
    });
    return domainJson(answer);
  },
  'mcp list': ({ snapshot, params }) => {
    fields(params, []);
    return mcpListJson(take(snapshot.resolution).resolved);
  },
  'mcp check': ({ snapshot, params }) => {
    const p = fields(params, ['name', 'command', 'args', 'url', 'from_plugin']);
    const name = text(p, 'name', true);
    const command = text(p, 'command');
    const url = text(p, 'url');
    if ((command === undefined) === (url === undefined)) throw new BadParams('give exactly one of "command" and "url"');
    const plugin = text(p, 'from_plugin');
    return mcpCheckJson(snapshot.policy, {
      name,
      ...(command !== undefined && { command, args: texts(p, 'args') ?? [] }),
      ...(url !== undefined && { url }),
      ...(plugin !== undefined && { plugin }),
    });
  },
  'hooks run': async ({ snapshot, params }) => {
    const p = fields(params, ['event', 'tool', 'source', 'payload']);
    const event = eventOf(p);
    const payload = p.payload ?? {};
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
      throw new BadParams('"payload" must be a JSON object');
    const { resolved } = take(snapshot.resolution);
    const target = { tool: text(p, 'tool'), source: text(p, 'source') };
    return hooksRunJson(
      await runHooks(snapshot.policy, resolved, event, payload as Record<string, unknown>, target),
      resolved,
    );
  },
  'check-write': ({ snapshot, params }) => {
    const edits = texts(fields(params, ['edits']), 'edits');
    if (edits === undefined || edits.length === 0) throw new BadParams('"edits" must list at least one "KEY=VALUE"');
    return checkWriteJson(snapshot.policy, judgeWrite(snapshot.policy, take(snapshot.configFile), parseEdits(edits)));
  },
  validate: async ({ sources, params }) => {
    const p = fields(params, ['files', 'hostname', 'strict']);
    const files = texts(p, 'files') ?? sources.flags.requirements;
    if (files.length === 0) throw new BadParams('"files" must name at least one requirements file');
    if (p.strict !== undefined && typeof p.strict !== 'boolean') throw new BadParams('"strict" must be true or false');
    const { status: _status, ...report } = await validateFiles(
      files,
      text(p, 'hostname') ?? sources.flags.hostname,
      p.strict === true,
    );
    return report;
  },
};
