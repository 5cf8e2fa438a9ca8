import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { decodeUtf8, invalidUtf8Offset } from '../io/read-file.js';
import { parseTomlText, type TomlRead } from './toml.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** What an MDM payload holds, and how to make one. */
const BASE64_FIX =
  'the payload is the base64 of a requirements.toml, not the TOML itself: base64 -w0 requirements.toml';

function invalid(label: string, message: string, suggestion: string): TomlRead {
  const diagnostic: Diagnostic = { kind: 'invalid-value', severity: 'error', source: label, message, suggestion };
  return { ok: false, diagnostic };
}

/**
 * Decodes a base64 requirements payload (as MDM delivers `requirements_toml_base64`) and parses the TOML inside.
 * Whitespace (line breaks from `base64`, the newline `defaults read` prints) is ignored; anything else must be
 * standard, padded base64 of UTF-8 text. Every problem is an error under `label`, so it names the payload's source.
 */
export function decodeBase64Toml(payload: string, label: string): TomlRead {
  const compact = payload.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) {
    // A file of plain TOML is the usual mistake: say so.
    const toml = /^\s*(\[|[A-Za-z0-9_"-]+\s*=)/m.test(payload) ? ' (it looks like TOML, not its base64)' : '';
    return invalid(label, `payload is not valid base64${toml}`, BASE64_FIX);
  }
  const bytes = Buffer.from(compact, 'base64');
  const decoded = decodeUtf8(bytes, label);
  if (!decoded.ok) {
    return invalid(
      label,
      `decoded payload is not UTF-8 text (invalid UTF-8 at byte ${invalidUtf8Offset(bytes)})`,
      'encode the UTF-8 requirements TOML with base64',
    );
  }
  const text = decoded.text;
  return parseTomlText(text, label);
}
