import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** What one hook command did. Never thrown: a hook that cannot start reports `spawnError`. */
export interface CommandResult {
  /** The exit code, or null when the process was killed by a signal (or never started). */
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** The deadline passed and the whole process group was killed. */
  readonly timedOut: boolean;
  readonly durationMs: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout or stderr went past `maxOutputBytes`; the rest was read and dropped. */
  readonly truncated: boolean;
  /** Why the command could not be started (bad cwd, no shell, invalid arguments). */
  readonly spawnError?: string;
}

export interface RunCommandOptions {
  /** Written to the command's stdin, which is then closed. */
  readonly stdin: string;
  readonly timeoutMs: number;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Bytes kept of stdout and of stderr each; 1 MiB unless told. */
  readonly maxOutputBytes?: number;
  /** The shell and its flags the command is appended to; `/bin/sh -c` (`cmd.exe /d /s /c` on Windows) unless told. */
  readonly shell?: readonly string[];
}

export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/** After a kill, how long to wait for the pipes to close before closing them ourselves (an escaped grandchild may hold them). */
const CLOSE_GRACE_MS = 2000;

function defaultShell(): readonly string[] {
  return process.platform === 'win32' ? [process.env.ComSpec ?? 'cmd.exe', '/d', '/s', '/c'] : ['/bin/sh', '-c'];
}

/** Collects a stream up to `max` bytes and keeps draining past it, so a flooding command never blocks on a full pipe. */
class Capture {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly max: number) {}
  add(chunk: Buffer): void {
    const room = this.max - this.size;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept !== chunk) this.truncated = true;
    this.chunks.push(kept);
    this.size += kept.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Kills the child's whole process group (it leads one: `detached`), falling back to the child alone. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Runs `command` through the shell in its own process group, feeds it `stdin`, and resolves once it has exited
 * and its pipes have closed. On timeout the whole group is SIGKILLed, so no child of the hook survives it.
 */
export function runCommand(command: string, options: RunCommandOptions): Promise<CommandResult> {
  const started = performance.now();
  const max = Math.max(0, options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
  const out = new Capture(max);
  const err = new Capture(max);
  const [program = '/bin/sh', ...flags] = options.shell ?? defaultShell();

  return new Promise<CommandResult>((resolve) => {
    let timedOut = false;
    let settled = false;
    let spawnError: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    let grace: NodeJS.Timeout | undefined;

    const finish = (exitCode: number | null, signal: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      resolve({
        exitCode,
        signal,
        timedOut,
        durationMs: Math.round(performance.now() - started),
        stdout: out.text(),
        stderr: err.text(),
        truncated: out.truncated || err.truncated,
        ...(spawnError !== undefined && { spawnError }),
      });
    };

    let child: ChildProcess;
    try {
      child = spawn(program, [...flags, command], {
        cwd: options.cwd,
        env: options.env ?? process.env,
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (error) {
      spawnError = (error as Error).message;
      finish(null, null);
      return;
    }

    child.on('error', (error) => {
      // Without a pid the process never started and no 'close' will follow.
      if (child.pid === undefined) {
        spawnError = error.message;
        finish(null, null);
      }
    });
    child.stdout?.on('data', (chunk: Buffer) => out.add(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.add(chunk));
    child.stdout?.on('error', () => undefined);
    child.stderr?.on('error', () => undefined);
    // A hook that exits without reading its input makes this write fail with EPIPE: not the hook's failure.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.stdin);

    child.on('close', (code, signal) => finish(code, signal));

    if (child.pid !== undefined) {
      timer = setTimeout(
        () => {
          timedOut = true;
          killGroup(child);
          grace = setTimeout(() => {
            // Something outside the group still holds the pipes: stop waiting for it.
            child.stdout?.destroy();
            child.stderr?.destroy();
            child.stdin?.destroy();
            setTimeout(() => finish(child.exitCode, child.signalCode), 500);
          }, CLOSE_GRACE_MS);
        },
        Math.max(0, options.timeoutMs),
      );
    }
  });
}
