import { describeFsError, InputError, isFsError, RatchetError } from '@ratchet/core';
import { UsageError } from '../args.js';
import { BadParams, JsonText, METHODS } from './methods.js';
import { describe, ReloadError, type PolicyService } from './service.js';

/** The protocol's version, also in the JSON Schema (`docs/serve-protocol.schema.json`). */
export const PROTOCOL_VERSION = '1.0.0';

/** JSON-RPC 2.0 error codes: the standard ones, then the service's own. */
export const ERRORS = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  /** Invalid input, where the command exits 2 (a source that does not load, an unknown key): `data.errors`. */
  input: -32000,
  /** A reload that did not take; the previous policy stays in force. */
  reloadFailed: -32001,
  /** A request line over the size cap. */
  tooLarge: -32002,
} as const;

type Id = string | number | null;

const failure = (id: Id, code: number, message: string, data?: unknown) =>
  JSON.stringify({ jsonrpc: '2.0', id, error: { code, message, ...(data !== undefined && { data }) } });

function errorReply(id: Id, error: unknown): string {
  if (error instanceof BadParams || error instanceof UsageError)
    return failure(id, ERRORS.invalidParams, error.message);
  if (error instanceof ReloadError)
    return failure(id, ERRORS.reloadFailed, error.message, { generation: error.generation });
  if (error instanceof InputError)
    return failure(id, ERRORS.input, describe(error), { code: error.code, errors: error.errors });
  if (error instanceof RatchetError) return failure(id, ERRORS.input, error.message, { code: error.code });
  if (isFsError(error)) {
    const { reason, fix } = describeFsError(error.code);
    const where = typeof error.path === 'string' ? `${error.path}: ` : '';
    return failure(id, ERRORS.input, `${where}cannot ${error.syscall ?? 'use it'} ${reason} (fix: ${fix})`);
  }
  return failure(id, ERRORS.internal, `internal error: ${describe(error)}`);
}

/** A reply line, none (a notification), or one later. */
export type Reply = string | undefined | Promise<string | undefined>;

function dispatch(service: PolicyService, method: string, params: unknown): unknown {
  if (method === 'reload') {
    if (params !== undefined && (typeof params !== 'object' || params === null || Object.keys(params).length > 0))
      throw new BadParams('reload takes no params');
    return service.reload().then((s) => ({ reloaded: true, generation: s.generation }));
  }
  if (method === 'status') {
    const s = service.snapshot;
    return {
      protocol: PROTOCOL_VERSION,
      generation: s.generation,
      sources: s.policy.requirements.layers.map((l) => l.source.label),
    };
  }
  const run = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  if (!run) return undefined;
  return run({ snapshot: service.snapshot, sources: service.sources, params });
}

const success = (id: Id, result: unknown) =>
  result instanceof JsonText
    ? `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${result.text}}`
    : JSON.stringify({ jsonrpc: '2.0', id, result });

/** Answers one request object (never throws). */
function one(message: unknown, service: PolicyService): Reply {
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    return failure(null, ERRORS.invalidRequest, 'a request must be a JSON object');
  const { jsonrpc, id, method, params } = message as Record<string, unknown>;
  const validId = id === undefined || id === null || typeof id === 'string' || typeof id === 'number';
  const replyId: Id = validId ? (id ?? null) : null;
  if (jsonrpc !== '2.0' || !validId || typeof method !== 'string')
    return failure(
      replyId,
      ERRORS.invalidRequest,
      'a request needs "jsonrpc": "2.0", a string "method" and an id that is a string, a number or null',
    );
  const notification = id === undefined;
  let result: unknown;
  try {
    result = method === '__proto__' ? undefined : dispatch(service, method, params);
  } catch (error) {
    return notification ? undefined : errorReply(replyId, error);
  }
  if (result === undefined)
    return notification
      ? undefined
      : failure(replyId, ERRORS.methodNotFound, `unknown method "${method}"; methods: ${methodNames().join(', ')}`);
  if (!(result instanceof Promise)) return notification ? undefined : success(replyId, result);
  return result.then(
    (value) => (notification ? undefined : success(replyId, value)),
    (error) => (notification ? undefined : errorReply(replyId, error)),
  );
}

/** Every method the service answers. */
export function methodNames(): string[] {
  return [...Object.keys(METHODS), 'reload', 'status'];
}

/** Answers one line of the protocol: a request, a notification or a batch (never throws). */
export function handleLine(text: string, service: PolicyService): Reply {
  if (text.trim() === '') return undefined;
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return failure(null, ERRORS.parse, 'parse error: the line is not JSON');
  }
  if (!Array.isArray(message)) return one(message, service);
  if (message.length === 0) return failure(null, ERRORS.invalidRequest, 'a batch must hold at least one request');
  const replies = message.map((m) => one(m, service));
  const join = (all: (string | undefined)[]) => {
    const sent = all.filter((r): r is string => r !== undefined);
    return sent.length === 0 ? undefined : `[${sent.join(',')}]`;
  };
  return replies.some((r) => r instanceof Promise)
    ? Promise.all(replies.map(async (r) => r)).then(join)
    : join(replies as (string | undefined)[]);
}

/** The reply to a line over the cap. */
export function tooLargeReply(bytes: number, max: number): string {
  return failure(null, ERRORS.tooLarge, `request of ${bytes} bytes is over the ${max}-byte cap`);
}
