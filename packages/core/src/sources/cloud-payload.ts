/**
 * The body a cloud requirements endpoint answers with (HTTP 2xx), in one of three forms:
 *
 * 1. Plain requirements TOML (any body whose first non-blank character is not `{`). A blank body means
 *    "no requirements for this user".
 * 2. JSON `{ "toml": "<requirements TOML>" }` (`contents` is accepted for `toml`; `null` = no requirements).
 * 3. JSON with group rules, in the order the admin ranked them:
 *    `{ "fragments": [{ "group": "eng", "matches": true, "toml": "..." }, ...], "default": "<TOML>" }`.
 *    The first fragment whose `matches` is not `false` applies, alone: later matching fragments never fill the
 *    fields it leaves unset (lower sources — MDM, system, legacy — still can). `default`, when given, applies
 *    only when no fragment matches. Which groups match is decided by the server; `matches` may be omitted
 *    when it only sends the user's own groups.
 *
 * Unknown JSON keys are ignored; wrong types make the whole body invalid. Only the chosen TOML is parsed.
 */

/** The requirements picked from a body: TOML text (absent = no requirements) and the group rule it came from. */
export interface CloudSelection {
  readonly toml?: string;
  readonly group?: string;
  /** How many fragments matched (first one applied); for reports. */
  readonly matched?: number;
}

export type CloudBody =
  { readonly ok: true; readonly selection: CloudSelection } | { readonly ok: false; readonly message: string };

const bad = (message: string): CloudBody => ({ ok: false, message });
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optionalToml(value: unknown, where: string): { toml?: string } | string {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string') return `${where} must be a string of TOML`;
  return value.trim() === '' ? {} : { toml: value };
}

function fromFragments(fragments: unknown, fallback: unknown): CloudBody {
  if (!Array.isArray(fragments)) return bad('"fragments" must be a list');
  let chosen: CloudSelection | undefined;
  let matched = 0;
  for (const [i, fragment] of fragments.entries()) {
    const where = `fragments[${i}]`;
    if (!isRecord(fragment)) return bad(`${where} must be an object`);
    const { group, matches, toml } = fragment;
    if (group !== undefined && typeof group !== 'string') return bad(`${where}.group must be a string`);
    if (matches !== undefined && typeof matches !== 'boolean') return bad(`${where}.matches must be true or false`);
    if (typeof toml !== 'string') return bad(`${where}.toml must be a string of TOML`);
    if (matches === false) continue;
    matched += 1;
    chosen ??= { ...(toml.trim() !== '' && { toml }), ...(group !== undefined && { group }) };
  }
  const defaults = optionalToml(fallback, '"default"');
  if (typeof defaults === 'string') return bad(defaults);
  if (chosen) return { ok: true, selection: { ...chosen, matched } };
  return { ok: true, selection: { ...defaults, ...(defaults.toml !== undefined && { group: 'default' }), matched: 0 } };
}

/** Reads a cloud body and picks the requirements that apply (see the module comment for the accepted forms). */
export function selectCloudRequirements(body: string): CloudBody {
  const text = body.replace(/^\uFEFF/, '');
  if (!text.trimStart().startsWith('{')) return { ok: true, selection: text.trim() === '' ? {} : { toml: text } };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return bad(`body is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(json)) return bad('body must be a JSON object');
  const single = json.toml !== undefined ? json.toml : json.contents;
  if (json.fragments !== undefined) {
    if (single !== undefined) return bad('body has both "fragments" and "toml"; send one');
    return fromFragments(json.fragments, json.default);
  }
  if (single === undefined) return bad('body has neither "toml" nor "fragments"');
  const toml = optionalToml(single, '"toml"');
  return typeof toml === 'string' ? bad(toml) : { ok: true, selection: toml };
}
