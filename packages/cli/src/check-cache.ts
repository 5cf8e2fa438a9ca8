import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir, hostname } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { legacyManagedConfigPath, systemRequirementsPath } from '@ratchet/core';
import {
  encodeRules,
  openCompiledRules,
  RULES_FORMAT,
  type CompiledRules,
  type UserRules,
} from '@ratchet/plugin-command-rules';
import type { PolicyFlags } from './host.js';
import type { WarningsJson } from './render/report.js';
import { userRulesFiles } from './rules-paths.js';
import { contentHash } from './content-hash.js';

/** What `ratchet check` needs to answer without loading the policy: the rules, the warnings and what it told stderr. */
export interface CompiledCheck<Rules = UserRules> {
  readonly rules: Rules;
  readonly warnings: WarningsJson;
  readonly stderr: readonly string[];
}

/** Source files larger than this are not cached (the command refuses requirements and rules files over 4 MiB). */
const MAX_SOURCE_BYTES = 4 << 20;
/** An entry larger than this is not read. */
const MAX_ENTRY_BYTES = 64 << 20;
/** Entries kept; older ones are removed when a new one is written. */
const MAX_ENTRIES = 32;
/** Variables that add requirements sources (cloud, MDM): with any set, the default sources are not cached. */
const SOURCE_VARIABLES = /^RATCHET_(CLOUD|MDM)_/;

/** The user's cache folder for Ratchet: `$XDG_CACHE_HOME/ratchet` (when absolute), else `~/.cache/ratchet`. */
export function cacheFolder(env: NodeJS.ProcessEnv, home: string): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(home, '.cache'), 'ratchet');
}

/** Set by the bundler (scripts/bundle.mjs) to one value per build, shared by every bundle of that build. */
declare const RATCHET_BUILD_ID: string | undefined;

/** What the running command was built from: a rebuilt command never reads entries an older build wrote. */
function buildId(): string {
  if (typeof RATCHET_BUILD_ID === 'string') return RATCHET_BUILD_ID;
  try {
    const self = statSync(process.getBuiltinModule('node:url').fileURLToPath(import.meta.url));
    return `${self.size}:${self.mtimeMs}`;
  } catch {
    return 'unknown';
  }
}

/** A source file's bytes, `absent`, or undefined when it is not a small regular file (the command then says why). */
function contentOf(path: string): Buffer | 'absent' | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_SOURCE_BYTES) return undefined;
    return readFileSync(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : undefined;
  }
}

/**
 * The cache key of `ratchet check` with these flags and `--rules` files: a BLAKE2s-256 (`contentHash`) over the content of every
 * requirements layer's file and every rules file (with their paths), the flags, the folders and names relative paths
 * and `remote_sandbox_config` depend on, the format and the build. Undefined when the policy may come from elsewhere
 * than files (cloud or MDM variables, macOS managed preferences, Windows) or a file cannot be read plainly.
 */
export function compiledCheckKey(
  flags: PolicyFlags,
  rules: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (typeof process.getuid !== 'function' || process.platform === 'win32') return undefined;
  const platform = { os: process.platform, env, homedir: homedir() };
  const defaults = flags.requirements.length === 0 && flags.managedConfig === undefined && !flags.noDefaultSources;
  if (defaults && (platform.os === 'darwin' || Object.keys(env).some((k) => SOURCE_VARIABLES.test(k) && env[k])))
    return undefined;
  const requirements = defaults
    ? [systemRequirementsPath(platform), legacyManagedConfigPath(platform)]
    : [...flags.requirements, ...(flags.managedConfig !== undefined ? [flags.managedConfig] : [])];
  const setting = {
    format: RULES_FORMAT,
    build: buildId(),
    cwd: process.cwd(),
    home: platform.homedir,
    codexHome: env.CODEX_HOME ?? null,
    hostname: flags.hostname ?? hostname(),
    strict: flags.strict,
    noDefaultSources: flags.noDefaultSources,
    requirements,
    rules,
  };
  const hashed: (string | Uint8Array)[] = [JSON.stringify(setting)];
  let files: string[];
  try {
    files = [...requirements, ...userRulesFiles(rules, flags, platform)];
  } catch {
    return undefined; // a rules folder that cannot be listed: the command loads in full and says why
  }
  for (const path of files) {
    const content = contentOf(path);
    if (content === undefined) return undefined;
    hashed.push(`\0${path}\0`);
    if (content === 'absent') hashed.push('absent');
    else hashed.push(`${content.length}:`, content);
  }
  return contentHash(hashed);
}

/**
 * This user's cache folder (made 0700 if missing, for a write); undefined when it is not a folder of theirs alone, or
 * is missing for a read.
 */
function usableFolder(env: NodeJS.ProcessEnv, create: boolean): string | undefined {
  const me = process.getuid?.();
  if (me === undefined) return undefined;
  const folder = cacheFolder(env, homedir());
  try {
    if (create) mkdirSync(folder, { recursive: true, mode: 0o700 });
    const stat = lstatSync(folder);
    return stat.isDirectory() && stat.uid === me && (stat.mode & 0o077) === 0 ? folder : undefined;
  } catch {
    return undefined;
  }
}

const entryName = (key: string) => `check-${key}.json`;
const digest = (data: string | Uint8Array) => contentHash([data]);

/**
 * The entry for `key` when it is this user's own regular file (no group or other permissions), it names this key,
 * its checksum matches and every field checks out; otherwise undefined (fail closed: the command loads the policy).
 * The rules' header is checked here, each program's rules when a decision first needs them (`openCompiledRules`).
 */
export function readCompiledCheck(
  key: string,
  env: NodeJS.ProcessEnv = process.env,
): CompiledCheck<CompiledRules> | undefined {
  const folder = usableFolder(env, false);
  if (folder === undefined) return undefined;
  let fd: number;
  try {
    fd = openSync(join(folder, entryName(key)), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.uid !== process.getuid?.() || (stat.mode & 0o077) !== 0) return undefined;
    if (stat.size > MAX_ENTRY_BYTES) return undefined;
    // One read of the whole entry; the checksum is over the bytes after the header line.
    const bytes = readFileSync(fd);
    const first = bytes.indexOf(0x0a);
    if (first < 0) return undefined;
    const head = JSON.parse(bytes.toString('utf8', 0, first)) as { key?: unknown; blake2s?: unknown };
    if (head.key !== key || head.blake2s !== digest(bytes.subarray(first + 1))) return undefined;
    const second = bytes.indexOf(0x0a, first + 1);
    if (second < 0) return undefined;
    const { warnings, stderr } = JSON.parse(bytes.toString('utf8', first + 1, second)) as {
      warnings?: unknown;
      stderr?: unknown;
    };
    const rules = openCompiledRules(bytes.subarray(second + 1));
    if (!rules || !Array.isArray(warnings) || !Array.isArray(stderr)) return undefined;
    if (!stderr.every((l) => typeof l === 'string') || !warnings.every((w) => typeof w === 'object' && w !== null))
      return undefined;
    return { rules, warnings: warnings as WarningsJson, stderr: stderr };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Writes the entry for `key` (0600, a new file renamed into place) and keeps only the newest entries. Never throws. */
export function writeCompiledCheck(key: string, entry: CompiledCheck, env: NodeJS.ProcessEnv = process.env): void {
  const folder = usableFolder(env, true);
  if (folder === undefined) return;
  const extras = JSON.stringify({ warnings: entry.warnings, stderr: entry.stderr });
  const payload = encodeRules(entry.rules);
  const text = `${JSON.stringify({ key, blake2s: digest(`${extras}\n${payload}`) })}\n${extras}\n${payload}`;
  const unique = process.getBuiltinModule('node:crypto').randomBytes(6).toString('hex');
  const temporary = join(folder, `.${key}.${unique}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, join(folder, entryName(key)));
    const entries = readdirSync(folder)
      .filter((f) => f.startsWith('check-') && f.endsWith('.json'))
      .map((f) => ({ f, at: lstatSync(join(folder, f)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const { f } of entries.slice(MAX_ENTRIES)) unlinkSync(join(folder, f));
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // never written
    }
  }
}
