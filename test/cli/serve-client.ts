import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { emptyHomeEnv, ratchetBin, repoRoot } from '@ratchet/test-utils';

/** One reply of the service, parsed. */
export interface RpcReply {
  jsonrpc: '2.0';
  id: string | number | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/**
 * A test client for `ratchet serve`: requests go out one per line, replies are matched to them by id; replies that
 * match no request (id null, batches) queue up for `stray()`.
 */
export class RpcClient {
  #next = 1;
  #buffer = '';
  readonly #waiting = new Map<number, (reply: RpcReply) => void>();
  readonly #strays: unknown[] = [];
  #strayWaiter: ((reply: unknown) => void) | undefined;
  #closed: Promise<void>;

  constructor(
    readonly input: NodeJS.ReadableStream,
    readonly output: NodeJS.WritableStream,
    readonly child?: ChildProcess,
  ) {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => this.#read(chunk));
    this.#closed = new Promise((resolve) => input.on('close', () => resolve()).on('end', () => resolve()));
  }

  /** `ratchet serve ARGS...` on stdio, with HOME pointing at an empty folder. */
  static spawn(args: readonly string[], options: { cwd?: string } = {}): RpcClient {
    const child = spawn(process.execPath, [ratchetBin, 'serve', ...args], {
      cwd: options.cwd ?? repoRoot,
      env: emptyHomeEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const client = new RpcClient(child.stdout, child.stdin, child);
    client.stderr = () => stderr;
    return client;
  }

  /** Connects to a service's Unix socket. */
  static connect(path: string): Promise<RpcClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(path);
      socket.once('connect', () => resolve(new RpcClient(socket, socket)));
      socket.once('error', reject);
    });
  }

  stderr: () => string = () => '';

  #read(chunk: string): void {
    this.#buffer += chunk;
    let end: number;
    while ((end = this.#buffer.indexOf('\n')) !== -1) {
      const line = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 1);
      const reply = JSON.parse(line) as RpcReply;
      const waiter = !Array.isArray(reply) && typeof reply.id === 'number' ? this.#waiting.get(reply.id) : undefined;
      if (waiter) {
        this.#waiting.delete(reply.id as number);
        waiter(reply);
      } else if (this.#strayWaiter) {
        const w = this.#strayWaiter;
        this.#strayWaiter = undefined;
        w(reply);
      } else this.#strays.push(reply);
    }
  }

  /** Sends one request and waits for its reply. */
  call(method: string, params?: unknown): Promise<RpcReply> {
    const id = this.#next++;
    const reply = new Promise<RpcReply>((resolve) => this.#waiting.set(id, resolve));
    this.output.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, ...(params !== undefined && { params }) })}\n`);
    return reply;
  }

  /** Sends raw text (a line or several, or bytes) as it is. */
  send(raw: string | Buffer): void {
    this.output.write(raw);
  }

  /** The next reply that matched no request. */
  stray(): Promise<unknown> {
    const queued = this.#strays.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => (this.#strayWaiter = resolve));
  }

  /** Ends the input and waits for the service's side to close (for a spawned service: its exit status). */
  async close(): Promise<number | null> {
    this.output.end();
    await this.#closed;
    if (!this.child) return null;
    const child = this.child;
    if (child.exitCode !== null) return child.exitCode;
    return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }
}
