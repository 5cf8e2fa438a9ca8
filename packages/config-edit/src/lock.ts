import { lock } from 'proper-lockfile';
import { onFsError, refuse } from './refuse.js';

/** How long a lock may go without being refreshed before another writer may take it over (a writer that died). */
export const LOCK_STALE_MS = 5000;

/** Retries while another writer holds the lock: about 20 s in all, longer than a stale lock lives. */
const RETRIES = { retries: 200, factor: 1.2, minTimeout: 10, maxTimeout: 100, randomize: true };

/** Whether the lock is still ours; checked before the file is replaced. */
export interface LockState {
  readonly lost: boolean;
}

/**
 * Runs `work` while holding an exclusive lock on `target` (proper-lockfile: a `<target>.lock` folder, created
 * atomically, refreshed while held, taken over once it is older than `LOCK_STALE_MS` because its writer died).
 * Another writer is waited for; a lock that cannot be had is an InputError naming the lock. Released afterwards,
 * whatever `work` does.
 */
export async function withFileLock<T>(target: string, work: (state: LockState) => Promise<T>): Promise<T> {
  const state = { lost: false };
  const release = await onFsError(target, 'lock', async () => {
    try {
      return await lock(target, {
        realpath: false,
        stale: LOCK_STALE_MS,
        retries: RETRIES,
        onCompromised: () => {
          state.lost = true;
        },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      return refuse(
        target,
        `another process is writing it (lock ${target}.lock held for the last 20 s)`,
        `try again; if no other ratchet runs, remove ${target}.lock`,
        'read-failed',
      );
    }
  });
  try {
    return await work(state);
  } finally {
    await release().catch(() => undefined); // a lock taken over as stale is no longer ours to remove
  }
}
