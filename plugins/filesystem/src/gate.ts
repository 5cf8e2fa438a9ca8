import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import micromatch from 'micromatch';
import { ProviderSetupError, type Policy } from '@ratchet/core';
import { DENY_READ_FIELD, isGlob } from './entries.js';
import { FILESYSTEM_PROVIDER } from './keys.js';

/** Whether a path may be read, and if not the deny_read entry (as written after normalization) that refuses it. */
export interface ReadVerdict {
  readonly allowed: boolean;
  readonly rule?: string;
  /** The path after normalization (absolute, no `.`, `..`, duplicate or trailing slashes, symlinks resolved). */
  readonly path: string;
}

/** How a read gate normalizes and compares paths. */
export interface ReadGateOptions {
  /** Folder relative paths resolve against (default: the process's current folder). */
  readonly cwd?: string;
  /**
   * Compare case-insensitively. Default: false on Linux (case-sensitive file systems, so `/Home/x` is another path),
   * true on macOS and Windows, whose usual file systems ignore case (denying `/Users/a/.ssh` then covers `/users/A/.SSH`).
   */
  readonly caseInsensitive?: boolean;
}

const realpath = (path: string): string | undefined => {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
};

/** `missing`, `link` (with its target as written) or `other`, without following a final symlink. */
function kind(
  path: string,
): { readonly type: 'missing' | 'other' } | { readonly type: 'link'; readonly target: string } {
  try {
    return lstatSync(path).isSymbolicLink() ? { type: 'link', target: readlinkSync(path) } : { type: 'other' };
  } catch {
    return { type: 'missing' };
  }
}

/**
 * The path the operating system would open: walks `path` (absolute) part by part, resolving symlinks as it goes, so
 * `..` after a symlink climbs out of its target as the kernel does, and a dangling symlink counts as its target;
 * below the deepest existing folder the rest is appended lexically.
 */
export function physicalPath(path: string, depth = 0): string {
  const whole = realpath(path);
  if (whole !== undefined) return whole;
  const parts = path.split(sep).filter((p) => p !== '' && p !== '.');
  let current = realpath(sep) ?? sep;
  for (const [i, part] of parts.entries()) {
    if (part === '..') {
      current = dirname(current);
      continue;
    }
    const next = join(current, part);
    const found = kind(next);
    if (found.type === 'missing') return resolve(current, ...parts.slice(i));
    const real = realpath(next);
    if (real !== undefined) {
      current = real;
    } else if (found.type === 'link' && depth < 40) {
      // A dangling (or looping) link: continue from what it points at, walked part by part as well.
      const target = isAbsolute(found.target) ? found.target : `${current}${sep}${found.target}`;
      return physicalPath([target, ...parts.slice(i + 1)].join(sep), depth + 1);
    } else {
      current = next;
    }
  }
  return current;
}

/** Glob metacharacters escaped, for a folder spliced in front of a glob's wildcard part. */
const escapeGlob = (text: string) => text.replace(/[\\*?[\]{}()!+@|]/g, '\\$&');

/** An entry in the forms a path is compared with: as written, and with its folder part's symlinks resolved. */
function forms(entry: string): string[] {
  if (!isGlob(entry)) return [...new Set([entry, physicalPath(entry)])];
  const cut = entry.lastIndexOf('/', entry.search(/[*?[]/)) + 1;
  const folder = entry.slice(0, cut).replace(/\/$/, '') || '/';
  const real = physicalPath(folder);
  const rest = entry.slice(cut);
  return [...new Set([entry, `${real === '/' ? '' : escapeGlob(real)}/${rest}`])];
}

/** The path and each of its ancestors, up to the root. */
function selfAndAncestors(path: string): string[] {
  const out = [path];
  for (let p = path; dirname(p) !== p; p = dirname(p)) out.push(dirname(p));
  return out;
}

/**
 * A read gate over deny_read entries (absolute paths and globs, as the filesystem provider normalizes them). A path
 * is refused when, as written (made absolute and cleaned) or as the system would open it (symlinks resolved), it is
 * an entry, lies under a plain entry, or it or a folder above it matches a glob entry (micromatch, dot files
 * included). Plain entries are compared as paths, never as globs.
 */
export function denyReadGate(entries: readonly string[], options: ReadGateOptions = {}): (path: string) => ReadVerdict {
  const nocase = options.caseInsensitive ?? (process.platform === 'darwin' || process.platform === 'win32');
  const fold = (s: string) => (nocase ? s.toLowerCase() : s);
  const rules = entries.map((entry) => ({ entry, forms: forms(entry) }));
  const cwd = resolve(options.cwd ?? process.cwd());
  const refuses = (entry: string, form: string, candidate: string): boolean => {
    if (!isGlob(entry)) {
      const [p, f] = [fold(candidate), fold(form)];
      return p === f || p.startsWith(f.endsWith('/') ? f : `${f}/`);
    }
    return selfAndAncestors(candidate).some((c) => micromatch.isMatch(c, form, { dot: true, nocase }));
  };
  return (raw) => {
    const lexical = resolve(cwd, raw);
    // The kernel resolves `..` after following symlinks, so the unnormalized absolute path is walked for the physical form.
    const physical = physicalPath(isAbsolute(raw) ? raw : `${cwd}${sep}${raw}`);
    const candidates = [...new Set([lexical, physical])];
    for (const { entry, forms: written } of rules) {
      if (written.some((form) => candidates.some((c) => refuses(entry, form, c))))
        return { allowed: false, rule: entry, path: physical };
    }
    return { allowed: true, path: physical };
  };
}

/** The runtime question "may this path be read?", under the loaded policy's effective deny_read list. */
export function readGate(policy: Policy, options: ReadGateOptions = {}): (path: string) => ReadVerdict {
  if (!policy.provider(FILESYSTEM_PROVIDER))
    throw new ProviderSetupError('readGate needs the filesystem provider to be loaded');
  return denyReadGate(policy.requirementOf(FILESYSTEM_PROVIDER).value[DENY_READ_FIELD] ?? [], options);
}
