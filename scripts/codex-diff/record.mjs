// Records conformance vectors from a real Codex (CODEX_BIN): for each draft vector of FILE, asks Codex on the
// same input and writes the vector's `expect`, `from` (the command that answered) and `codex_said` (what Codex
// printed: its load error, warnings or decision). A draft names what to keep:
//   capture: effective paths to record ("approval_policy", "features.multi_agent", "hooks.SessionEnd")
//   stderr_contains: for a load error, the words Ratchet's one-line error must share with Codex's
//   warned: record which of Codex's warnings (by key) the vector asserts (default: all it can key)
//   absent: effective paths that must be absent (kept as `expect.absent_paths`)
//   not_warned: keys Codex reads, which no Ratchet warning may call unknown (kept as `expect.not_warned_keys`)
//   show: fields of Codex's parsed requirements to keep as `codex_requirements` (camelCase, as Codex names them)
// Usage: CODEX_BIN=... node scripts/codex-diff/record.mjs FILE [ID]   (requirements vectors need root)
import { readFileSync, writeFileSync } from 'node:fs';
import { codexBin, codexVersion } from '../codex/codex.mjs';
import { codexCheck, codexResolve } from './observe.mjs';

const [file, only] = process.argv.slice(2);
const bin = codexBin();
if (!bin || !file) {
  console.error('usage: CODEX_BIN=<codex binary> node scripts/codex-diff/record.mjs FILE [ID]');
  process.exit(2);
}
const version = codexVersion(bin);
const RESOLVE_FROM = `${version}: codex app-server --print-startup-config, then codex app-server (thread/start, experimentalFeature/list, hooks/list, configWarning notifications), with requirements[0] as /etc/codex/requirements.toml (an overlay in a private mount namespace) and config as $CODEX_HOME/config.toml; replay: node scripts/codex-diff/record.mjs`;

/** The value at a dotted path of Codex's effective answer, hooks regrouped as Ratchet lists them. */
function captured(effective, path) {
  const [head, ...rest] = path.split('.');
  if (head === 'hooks') {
    const handlers = effective.hooks[rest.join('.')] ?? [];
    return handlers.map((h) => ({
      ...(h.matcher !== null && { matcher: h.matcher }),
      hooks: [{ type: 'command', command: h.command, timeout: h.timeout }],
    }));
  }
  let node = effective;
  for (const part of [head, ...rest]) node = node?.[part];
  return node;
}

function setPath(target, path, value) {
  const parts = path.split('.');
  const [head, ...rest] = parts;
  let node = target;
  const keys = head === 'hooks' ? [head, rest.join('.')] : parts;
  for (const part of keys.slice(0, -1)) node = node[part] ??= {};
  node[keys.at(-1)] = value;
}

const vectors = JSON.parse(readFileSync(file, 'utf8'));
for (const v of vectors) {
  if (only !== undefined && v.id !== only) continue;
  if (v.kind === 'check') {
    const command = v.command;
    const answer = codexCheck(bin, { rules: v.rules ?? [], commands: [command] });
    v.from = `${version}: codex execpolicy check ${(v.rules ?? []).map((_, i) => `--rules user-${i}.rules `).join('')}--resolve-host-executables ${command.map((w) => (/^[\w./:=@%+-]+$/.test(w) ? w : JSON.stringify(w))).join(' ')}`;
    v.codex_said = answer.loaded ? `decision ${answer.decisions[0]}` : answer.error;
    v.expect = answer.loaded
      ? { decision: answer.decisions[0] }
      : { exit: 2, stderr_contains: v.stderr_contains ?? [] };
  } else {
    if ((v.requirements ?? []).length > 1) throw new Error(`${v.id}: Codex is asked with one requirements layer`);
    const answer = codexResolve(bin, { requirements: v.requirements?.[0] ?? '', config: v.config ?? '' });
    v.from = RESOLVE_FROM;
    if (!answer.loaded) {
      v.codex_said = answer.error;
      v.expect = { exit: 2, stderr_contains: v.stderr_contains ?? [] };
    } else {
      const effective = {};
      for (const path of v.capture ?? []) setPath(effective, path, captured(answer.effective, path));
      const keyed = answer.warnings.filter((w) => w.key !== undefined);
      const warned = [...new Set(keyed.map((w) => w.key))].filter((k) => (v.warned ?? [k]).includes(k));
      if (v.show) v.codex_requirements = Object.fromEntries(v.show.map((f) => [f, answer.read?.[f] ?? null]));
      v.codex_said = answer.warnings.map((w) =>
        w.text.replace(/ from \/etc\/codex\/requirements\.toml/, '').replace(/:\n[\s\S]*$/, ''),
      );
      v.expect = {
        exit: 0,
        effective,
        ...(v.absent && { absent_paths: v.absent }),
        ...(v.not_warned && { not_warned_keys: v.not_warned }),
        ...(warned.some((k) => !k.startsWith('hooks')) && {
          warned_keys: warned.filter((k) => !k.startsWith('hooks')),
        }),
        ...(warned.some((k) => k.startsWith('hooks')) && {
          warned_key_prefixes: warned.filter((k) => k.startsWith('hooks')),
        }),
      };
    }
  }
  process.stderr.write('.');
}
writeFileSync(file, `${JSON.stringify(vectors, null, 2)}\n`);
process.stderr.write(`\nrecorded ${file}\n`);
