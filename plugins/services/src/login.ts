import {
  createProvider,
  formatValue,
  type Combined,
  type Decision,
  type Diagnostic,
  type JsonSchema,
  type Reporter,
} from '@ratchet/core';
import { LOGIN_PROVIDER } from './keys.js';
import { readStrings, readVariant, setBy, wrongType } from './read.js';
import { LOGIN_METHODS, type LoginMethod } from './values.js';

/** What requirements say about signing in; unset fields leave the user free. */
export interface LoginRequirement {
  /** The login methods users may use (Codex's default: both). */
  readonly allowed_login_methods?: readonly LoginMethod[];
  /** The ChatGPT workspaces a ChatGPT login may use (trimmed, blanks dropped); none left means no ChatGPT login. */
  readonly allowed_chatgpt_workspaces?: readonly string[];
}

/** The login settings a user configures. */
export interface LoginSettings {
  readonly forced_login_method: LoginMethod | undefined;
  /** `forced_chatgpt_workspace_id`, a string or a list in config.toml; read as a list, trimmed, blanks dropped. */
  readonly forced_chatgpt_workspace_id: readonly string[] | undefined;
}

type Req = Partial<LoginRequirement>;
type Settings = Partial<LoginSettings>;

const METHODS = 'allowed_login_methods';
const WORKSPACES = 'allowed_chatgpt_workspaces';
/** The requirement fields, in the order messages name them. */
const FIELDS = [METHODS, WORKSPACES] as const;
const NO_LOGIN = 'authentication requirements do not permit any usable login method';

/** Trimmed, blank entries dropped, each once: how Codex reads workspace ids on both sides. */
const workspaceIds = (list: readonly string[]) => [...new Set(list.map((w) => w.trim()).filter((w) => w !== ''))];

/** What a requirement leaves for these settings: the usable methods (before the user's forced one) and workspaces. */
export function usableLogin(
  r: Req,
  v: Settings,
): { methods: LoginMethod[]; workspaces: readonly string[] | undefined } {
  const allowed = r.allowed_login_methods ?? LOGIN_METHODS;
  const required = r.allowed_chatgpt_workspaces;
  const asked = v.forced_chatgpt_workspace_id;
  const workspaces = required === undefined ? asked : asked ? asked.filter((w) => required.includes(w)) : required;
  const methods = LOGIN_METHODS.filter(
    (m) => allowed.includes(m) && !(m === 'chatgpt' && required !== undefined && workspaces!.length === 0),
  );
  return { methods, workspaces };
}

function parseMethods(raw: unknown, report: Reporter): LoginMethod[] | undefined {
  if (!Array.isArray(raw))
    return wrongType(report, METHODS, 'a sequence', raw, `write ${METHODS} = ["api", "chatgpt"]`);
  const out = raw.map((item: unknown, i) => readVariant(item, `${METHODS}[${i}]`, LOGIN_METHODS, report));
  return out.every((m) => m !== undefined) ? LOGIN_METHODS.filter((m) => out.includes(m)) : undefined;
}

function parseWorkspaces(raw: unknown, report: Reporter): string[] | undefined {
  if (!Array.isArray(raw))
    return wrongType(report, WORKSPACES, 'a sequence', raw, `write ${WORKSPACES} = ["<workspace id>"]`);
  const list = readStrings(raw, WORKSPACES, report);
  return list && workspaceIds(list);
}

const intersect = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined) =>
  a === undefined ? b : b === undefined ? a : a.filter((x) => b.includes(x));

const loginSchema: JsonSchema = {
  properties: {
    [METHODS]: {
      type: 'array',
      minItems: 1,
      items: { enum: [...LOGIN_METHODS] },
      description: `Login methods users may use (default ${formatValue([...LOGIN_METHODS])}). A forced_login_method outside it stops loading; one method left becomes the forced one.`,
    },
    [WORKSPACES]: {
      type: 'array',
      items: { type: 'string' },
      description:
        "ChatGPT workspaces a ChatGPT login may use. The user's forced_chatgpt_workspace_id keeps only these; with none left, ChatGPT login is not usable.",
    },
  },
  // ChatGPT alone with no workspace leaves no login method (blank workspace ids are beyond a schema).
  allOf: [
    {
      if: {
        required: [METHODS, WORKSPACES],
        properties: {
          [METHODS]: { type: 'array', not: { contains: { const: 'api' } } },
          [WORKSPACES]: { type: 'array', maxItems: 0 },
        },
      },
      then: false,
    },
  ],
};

/** The login provider: `allowed_login_methods` and `allowed_chatgpt_workspaces` over forced_login_method and forced_chatgpt_workspace_id. */
export function loginProvider() {
  return createProvider({
    key: LOGIN_PROVIDER,
    docs: {
      summary: 'Constrains how users sign in: login methods and ChatGPT workspaces.',
      description:
        'allowed_login_methods lists the login methods users may use (default both, "api" and "chatgpt"); ' +
        "allowed_chatgpt_workspaces keeps only the listed workspaces of the user's forced_chatgpt_workspace_id (all of " +
        'them when the user names none), and with none left ChatGPT login is not usable. A forced_login_method that is ' +
        'not usable, or requirements that leave no login method, stop loading, as in Codex 0.171; when one method is ' +
        'left it becomes the effective forced_login_method. Strict layering intersects both lists.',
    },
    requirementKeys: [METHODS, WORKSPACES],
    fields: {
      allowed_login_methods: { docs: 'Login methods users may use; the default is both.' },
      allowed_chatgpt_workspaces: { docs: 'ChatGPT workspace ids a ChatGPT login may use.' },
    },
    settings: {
      forced_login_method: {
        configKey: 'forced_login_method',
        docs: 'The only login method the user wants offered.',
        constrainedBy: [METHODS, WORKSPACES],
        parse: (raw, key, report) => readVariant(raw, key, LOGIN_METHODS, report),
      },
      forced_chatgpt_workspace_id: {
        configKey: 'forced_chatgpt_workspace_id',
        docs: 'The ChatGPT workspace (or workspaces) a ChatGPT login must use.',
        constrainedBy: [WORKSPACES],
        parse: (raw, key, report) => {
          const list = typeof raw === 'string' ? [raw] : readStrings(raw, key, report);
          const ids = list && workspaceIds(list);
          return ids && ids.length > 0 ? ids : undefined;
        },
      },
    },
    outputs: [METHODS],
    schema: loginSchema,
    parse(slice, { report }) {
      const methods = slice[METHODS] === undefined ? undefined : parseMethods(slice[METHODS], report);
      const workspaces = slice[WORKSPACES] === undefined ? undefined : parseWorkspaces(slice[WORKSPACES], report);
      return {
        ...(methods && { allowed_login_methods: methods }),
        ...(workspaces && { allowed_chatgpt_workspaces: workspaces }),
      };
    },
    validate({ value, origins }: Combined<LoginRequirement>, report) {
      if (usableLogin(value, {}).methods.length > 0) return;
      const fields = FIELDS.filter((f) => value[f] !== undefined);
      report({
        severity: 'error',
        kind: 'invalid-value',
        key: fields[0] ?? METHODS,
        message: `${NO_LOGIN}: ${fields.map((f) => `${f} = ${formatValue(value[f])} (set by ${setBy(origins[f])})`).join(' and ')}`,
        suggestion: 'allow "api", or "chatgpt" with at least one workspace',
      });
    },
    tighten(a, b) {
      const out: { -readonly [K in keyof LoginRequirement]: LoginRequirement[K] } = {};
      const methods = intersect(a.allowed_login_methods, b.allowed_login_methods);
      const workspaces = intersect(a.allowed_chatgpt_workspaces, b.allowed_chatgpt_workspaces);
      if (methods) out.allowed_login_methods = methods;
      if (workspaces) out.allowed_chatgpt_workspaces = workspaces;
      return out;
    },
    allows(r, v) {
      const { methods } = usableLogin(r, v);
      const workspaces = r.allowed_chatgpt_workspaces;
      return (
        (v.forced_login_method === undefined || methods.includes(v.forced_login_method)) &&
        (workspaces === undefined || (v.forced_chatgpt_workspace_id ?? []).every((w) => workspaces.includes(w)))
      );
    },
    normalize(v) {
      const ids = v.forced_chatgpt_workspace_id && workspaceIds(v.forced_chatgpt_workspace_id);
      if (ids === v.forced_chatgpt_workspace_id) return v;
      const { forced_chatgpt_workspace_id: _, ...rest } = v;
      return ids && ids.length > 0 ? { ...rest, forced_chatgpt_workspace_id: ids } : rest;
    },
    resolve({ requirement: { value: r, origins }, requested }) {
      const diagnostics: Diagnostic[] = [];
      const askedMethod = requested.forced_login_method;
      const askedWorkspaces = requested.forced_chatgpt_workspace_id;
      const { methods, workspaces } = usableLogin(r, {
        forced_chatgpt_workspace_id: askedWorkspaces?.value,
      });
      const constrainedBy = FIELDS.filter((f) => r[f] !== undefined);
      const by = setBy(constrainedBy.flatMap((f) => origins[f] ?? []));

      let workspaceDecision: Decision<readonly string[] | undefined>;
      if (r.allowed_chatgpt_workspaces === undefined) {
        workspaceDecision = { value: askedWorkspaces?.value, rule: askedWorkspaces ? 'requested value' : 'not set' };
      } else {
        const dropped = (askedWorkspaces?.value ?? []).filter((w) => !workspaces!.includes(w));
        if (askedWorkspaces && dropped.length > 0) {
          diagnostics.push({
            kind: 'disallowed-value',
            severity: 'warning',
            source: askedWorkspaces.origin.source,
            key: 'forced_chatgpt_workspace_id',
            provider: LOGIN_PROVIDER.id,
            message: `${askedWorkspaces.origin.key}: ${formatValue(dropped)} ${dropped.length === 1 ? 'is' : 'are'} not in ${WORKSPACES} (set by ${setBy(origins.allowed_chatgpt_workspaces)}) and ${dropped.length === 1 ? 'is' : 'are'} dropped${workspaces!.length === 0 ? '; ChatGPT login is not usable' : ''}`,
            suggestion: `use one of ${formatValue(r.allowed_chatgpt_workspaces)}`,
          });
        }
        workspaceDecision = {
          value: workspaces,
          rule: askedWorkspaces
            ? `requested workspaces that ${WORKSPACES} allows`
            : `every workspace ${WORKSPACES} allows`,
          constrainedBy: [WORKSPACES],
        };
      }

      let methodDecision: Decision<LoginMethod | undefined>;
      const allowedMethods = askedMethod ? methods.filter((m) => m === askedMethod.value) : methods;
      if (allowedMethods.length === 0) {
        const asked = askedMethod
          ? `${askedMethod.origin.key} = ${formatValue(askedMethod.value)} is not usable: `
          : '';
        diagnostics.push({
          kind: 'disallowed-value',
          severity: 'error',
          source: askedMethod?.origin.source ?? by,
          key: askedMethod ? 'forced_login_method' : METHODS,
          provider: LOGIN_PROVIDER.id,
          message: `${NO_LOGIN}: ${asked}requirements (${by}) leave ${methods.length === 0 ? 'no login method' : formatValue(methods)}`,
          suggestion:
            askedMethod && methods.length > 0
              ? `set forced_login_method = "${methods[0]}", or remove it`
              : `use a ChatGPT workspace in ${WORKSPACES}, or ask the administrator`,
        });
        methodDecision = { value: askedMethod?.value, rule: 'no usable login method', constrainedBy };
      } else if (askedMethod) {
        methodDecision = { value: askedMethod.value, rule: 'requested login method is usable', constrainedBy };
      } else if (r.allowed_login_methods?.length === 1) {
        methodDecision = {
          value: r.allowed_login_methods[0],
          rule: `the only login method ${METHODS} allows`,
          constrainedBy,
        };
      } else {
        methodDecision = { value: undefined, rule: 'not set: every usable login method is offered' };
      }
      return {
        values: {
          forced_login_method: methodDecision,
          forced_chatgpt_workspace_id: workspaceDecision,
          // As Codex reports it: the methods requirements leave, narrowed to the user's forced one.
          allowed_login_methods:
            constrainedBy.length > 0
              ? { value: allowedMethods, rule: 'login methods requirements leave usable', constrainedBy }
              : {
                  value: allowedMethods,
                  rule: askedMethod ? 'the forced login method' : `default: ${formatValue(allowedMethods)}`,
                },
        },
        diagnostics,
      };
    },
    print(r) {
      const out: Record<string, unknown> = {};
      if (r.allowed_login_methods) out[METHODS] = [...r.allowed_login_methods];
      if (r.allowed_chatgpt_workspaces) out[WORKSPACES] = [...r.allowed_chatgpt_workspaces];
      return out;
    },
  });
}
