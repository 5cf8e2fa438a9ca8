import { lock } from 'proper-lockfile';
import { onFsError, refuse } from './refuse.js';

/** How long a lock may go without being refreshed before another writer may take it over (a writer that died). */
export const LOCK_STALE_MS = 5000;

/** How long a writer waits for another to finish before giving up: longer than a stale lock lives. */
const WAIT_MS = 20_000;

/** Whether the lock is still ours; checked before the file is replaced. */
export interface LockState {
  readonly lost: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` while holding an exclusive lock on `target` (proper-lockfile: a `<target>.lock` folder, created
 * atomically, refreshed while held, taken over once it is older than `LOCK_STALE_MS` because its writer died).
 * Another writer is waited for (up to 20 s, with jittered pauses); any other problem (a folder the user cannot
 * write) is an InputError at once, naming the file. Released afterwards, whatever `work` does.
 */
export async function withFileLock<T>(target: string, work: (state: LockState) => Promise<T>): Promise<T> {
  const state = { lost: false };
  const options = {
    realpath: false,
    stale: LOCK_STALE_MS,
    onCompromised: () => {
      state.lost = true;
    },
  };
  const deadline = Date.now() + WAIT_MS;
  const release = await onFsError(target, 'lock', async () => {
    for (let pause = 10; ; pause = Math.min(100, pause * 1.5)) {
      try {
        return await lock(target, options);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
        if (Date.now() > deadline)
          return refuse(
            target,
            `another process is writing it (lock ${target}.lock held for the last ${WAIT_MS / 1000} s)`,
            `try again; if no other ratchet runs, remove ${target}.lock`,
            'read-failed',
          );
        await sleep(pause * (0.5 + Math.random()));
      }
    }
  });
  try {
    return await work(state);
  } finally {
    await release().catch(() => undefined); // a lock taken over as stale is no longer ours to remove
  }
}
