import { describeFsError, isFsError, throwIfErrors, type FatalKind } from '@ratchet/core';

/** Stops the edit with an InputError (exit 2 on the command line) naming the file, what is wrong and the fix. */
export function refuse(path: string, message: string, suggestion: string, kind: FatalKind = 'invalid-value'): never {
  throwIfErrors([{ kind, severity: 'error', source: path, message, suggestion }]);
  throw new Error(message); // not reached: throwIfErrors throws for an error diagnostic
}

/** A filesystem error as an InputError naming `path`, what was being done, the reason and a fix; other errors pass. */
export function fsRefusal(path: string, doing: string, error: unknown): never {
  if (!isFsError(error)) throw error;
  const { reason, fix } = describeFsError(error.code);
  const where = typeof error.path === 'string' && error.path !== path ? ` (at ${error.path})` : '';
  return refuse(path, `cannot ${doing} ${reason}${where}`, fix, 'read-failed');
}

/** Runs `work`; a filesystem error it throws becomes an InputError (see `fsRefusal`). */
export async function onFsError<T>(path: string, doing: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    return fsRefusal(path, doing, error);
  }
}
