import { EVENTS, type HookEvent } from '../events.js';

/**
 * The JSON a command hook may print on stdout, per event, as Codex's `schema.rs` wire types declare it
 * (camelCase, `deny_unknown_fields`). Parsing follows serde: `null` in an optional field means absent,
 * a missing required field, an unknown field or a value of the wrong type rejects the whole output.
 */
type Kind =
  | { readonly t: 'string' }
  | { readonly t: 'bool' }
  | { readonly t: 'any' }
  | { readonly t: 'enum'; readonly values: readonly string[] }
  | { readonly t: 'object'; readonly fields: Fields };

interface Field {
  readonly kind: Kind;
  readonly required?: boolean;
}

type Fields = Readonly<Record<string, Field>>;

const str: Field = { kind: { t: 'string' } };
const bool: Field = { kind: { t: 'bool' } };
const any: Field = { kind: { t: 'any' } };
const oneOf = (...values: string[]): Field => ({ kind: { t: 'enum', values } });
const object = (fields: Fields): Field => ({ kind: { t: 'object', fields } });
const eventName: Field = { kind: { t: 'enum', values: EVENTS }, required: true };

/** `continue`, `stopReason`, `suppressOutput`, `systemMessage`: flattened into every event's output. */
const UNIVERSAL: Fields = { continue: bool, stopReason: str, suppressOutput: bool, systemMessage: str };

const blockDecision: Fields = { decision: oneOf('block'), reason: str };
const contextOnly = object({ hookEventName: eventName, additionalContext: str });

const WIRE: Readonly<Record<HookEvent, Fields>> = {
  PreToolUse: {
    ...UNIVERSAL,
    decision: oneOf('approve', 'block'),
    reason: str,
    hookSpecificOutput: object({
      hookEventName: eventName,
      permissionDecision: oneOf('allow', 'deny', 'ask'),
      permissionDecisionReason: str,
      updatedInput: any,
      additionalContext: str,
    }),
  },
  PermissionRequest: {
    ...UNIVERSAL,
    hookSpecificOutput: object({
      hookEventName: eventName,
      decision: object({
        behavior: { kind: { t: 'enum', values: ['allow', 'deny'] }, required: true },
        updatedInput: any,
        updatedPermissions: any,
        message: str,
        interrupt: bool,
      }),
    }),
  },
  PostToolUse: {
    ...UNIVERSAL,
    ...blockDecision,
    hookSpecificOutput: object({ hookEventName: eventName, additionalContext: str, updatedMCPToolOutput: any }),
  },
  UserPromptSubmit: { ...UNIVERSAL, ...blockDecision, hookSpecificOutput: contextOnly },
  Stop: { ...UNIVERSAL, ...blockDecision },
  SubagentStop: { ...UNIVERSAL, ...blockDecision },
  SessionStart: { ...UNIVERSAL, hookSpecificOutput: contextOnly },
  SubagentStart: { ...UNIVERSAL, hookSpecificOutput: contextOnly },
  PreCompact: UNIVERSAL,
  PostCompact: UNIVERSAL,
  // The events Codex 0.171 added: their output is read for the universal fields only, so it never blocks.
  PreModelRequest: UNIVERSAL,
  PostModelRequest: UNIVERSAL,
  SessionEnd: UNIVERSAL,
  Interrupt: UNIVERSAL,
};

/** A parsed output object: only known fields, `null`s dropped. */
export type Wire = { readonly [field: string]: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function check(kind: Kind, value: unknown): { ok: true; value: unknown } | { ok: false } {
  switch (kind.t) {
    case 'string':
      return typeof value === 'string' ? { ok: true, value } : { ok: false };
    case 'bool':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false };
    case 'any':
      return { ok: true, value };
    case 'enum':
      return typeof value === 'string' && kind.values.includes(value) ? { ok: true, value } : { ok: false };
    case 'object': {
      const parsed = parseFields(kind.fields, value);
      return parsed === undefined ? { ok: false } : { ok: true, value: parsed };
    }
  }
}

function parseFields(fields: Fields, value: unknown): Wire | undefined {
  if (!isObject(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(value)) {
    const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (field === undefined) return undefined;
    // serde: `null` is `None` for an optional field, but not a bool with a default nor a required field.
    if (raw === null && !field.required && field.kind.t !== 'bool') continue;
    const result = check(field.kind, raw);
    if (!result.ok) return undefined;
    out[name] = result.value;
  }
  for (const [name, field] of Object.entries(fields)) if (field.required && !(name in out)) return undefined;
  return out;
}

/** Parses trimmed stdout as the event's output object, or undefined when it is not one (Codex `parse_json`). */
export function parseWire(event: HookEvent, stdout: string): Wire | undefined {
  const trimmed = stdout.trim();
  if (trimmed === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  return parseFields(WIRE[event], value);
}

/** Codex `looks_like_json`: output starting with `{` or `[` was meant as JSON, so failing to parse it is an error. */
export const looksLikeJson = (stdout: string) => /^\s*[{[]/.test(stdout);
