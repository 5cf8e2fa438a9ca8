import { readFileSync } from 'node:fs';

/**
 * Whether a process still runs. A killed orphan is re-parented to PID 1, which in some sandboxes never reaps it:
 * a zombie (`Z` in /proc/<pid>/stat) is dead, it only keeps its table entry.
 */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    return false;
  }
}
