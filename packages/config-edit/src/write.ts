import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { isFsError } from '@ratchet/core';
import { fsRefusal, refuse } from './refuse.js';

/** Whether `path` is `folder` or inside it. */
function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The real path of `path`, following links, even when the last link dangles (its target is created by the write). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    let stats;
    try {
      stats = lstatSync(path);
    } catch {
      return join(realPath(dirname(path)), basename(path));
    }
    return stats.isSymbolicLink() ? realPath(resolve(dirname(path), readlinkSync(path))) : path;
  }
}

/**
 * The file a write to `path` goes to: `path` itself, or, when it is a symbolic link, the link's target, which
 * must stay inside the folder holding `path`; a link out of it is refused with an InputError.
 */
export function writeTarget(path: string): string {
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch (error) {
    if (isFsError(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return path;
    fsRefusal(path, 'look at', error);
  }
  if (!link) return path;
  let folder: string;
  try {
    folder = realpathSync(dirname(path));
  } catch {
    folder = dirname(path);
  }
  let target: string;
  try {
    target = realPath(path);
  } catch (error) {
    fsRefusal(path, 'follow the symbolic link', error);
  }
  if (!inside(folder, target)) {
    refuse(
      path,
      `is a symbolic link to ${target}, outside ${folder}; refusing to write through it`,
      `edit ${target} directly, or replace the link with a regular file`,
    );
  }
  return target;
}

/** Whether `name` is one of the temporary files `writeAtomic` makes beside `target` (`.config.toml.<pid>.<hex>.tmp`). */
function isTemporaryOf(target: string, name: string): boolean {
  const prefix = `.${basename(target)}.`;
  return name.startsWith(prefix) && /^\d+\.[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length));
}

/**
 * Removes temporary files a writer killed before its rename left beside `target`. Only call it while holding the
 * lock on `target`: then no other writer's temporary file can be there.
 */
export function removeLeftovers(target: string): void {
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const name of names) if (isTemporaryOf(target, name)) rmSync(join(dirname(target), name), { force: true });
}

/**
 * Replaces the file at `target` with `text` atomically: a temporary file in the same folder is written,
 * flushed to disk and renamed over the target, then the folder is flushed where the platform allows. An
 * existing file keeps its mode; a new one is private (0600), since config.toml can hold credentials.
 * `beforeRename` runs between the flush and the rename; if anything fails, the temporary file is removed
 * and the target is untouched.
 */
export async function writeAtomic(target: string, text: string, beforeRename?: () => void): Promise<void> {
  const folder = dirname(target);
  await mkdir(folder, { recursive: true });
  let mode = 0o600;
  try {
    mode = (await stat(target)).mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temp = join(folder, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temp, 'wx', mode);
  try {
    try {
      await file.writeFile(text, 'utf8');
      await file.chmod(mode); // the umask may have narrowed the mode open() was given
      await file.sync();
    } finally {
      await file.close();
    }
    beforeRename?.();
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncFolder(folder);
}

/** Flushes a folder's entries (the rename) to disk; some platforms cannot open a folder, which is fine. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a directory for flushing; the rename itself is still atomic.
  }
}
