/** What a filesystem error code means to a user, and what to do about it. */
const FIXES: Readonly<Record<string, readonly [reason: string, fix: string]>> = {
  ENOENT: ['no such file or folder', 'check the path'],
  ENOTDIR: ['a part of the path is not a folder', 'check the path'],
  EISDIR: ['it is a folder, not a file', 'name a file'],
  EACCES: ['permission denied', 'check the permissions of the file and its folder'],
  EPERM: ['operation not permitted', 'check the permissions of the file and its folder'],
  EROFS: ['the file system is read-only', 'choose a file on a writable file system'],
  ENOSPC: ['no space left on the device', 'free some disk space and try again'],
  EDQUOT: ['disk quota exceeded', 'free some space within your quota and try again'],
  ELOOP: ['too many symbolic links (a loop?)', 'point the path at a real file'],
  ENAMETOOLONG: ['the path is too long', 'use a shorter path'],
  EMFILE: ['too many open files', 'close other programs and try again'],
  ENFILE: ['too many open files on the system', 'try again later'],
  EBUSY: ['the file is busy', 'try again when no other program uses it'],
  ETXTBSY: ['the file is busy', 'try again when no other program uses it'],
  EXDEV: ['the file and its folder are on different devices', 'replace the symbolic link with a regular file'],
  EIO: ['input/output error', 'check the disk'],
  EEXIST: ['something is already there', 'choose another path'],
  EAGAIN: ['the file is not ready to be read', 'name a regular file'],
  ENXIO: ['no such device', 'name a regular file'],
};

/** Whether `error` is one Node's `fs` throws (it carries a string errno code such as `ENOENT`). */
export function isFsError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!)
  );
}

/** `(EACCES): permission denied` and its fix, for any filesystem error code (unknown codes get a generic fix). */
export function describeFsError(code: string): { reason: string; fix: string } {
  const [reason, fix] = FIXES[code] ?? ['the operation failed', 'check the path and its permissions'];
  return { reason: `(${code}): ${reason}`, fix };
}
