import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { LineSplitter } from './lines.js';
import { handleLine, tooLargeReply } from './rpc.js';
import type { PolicyService } from './service.js';

/**
 * Serves the protocol on one connection: each line in, its reply out. Replies to the lines of one chunk go out in
 * one write; a method that waits (the shell grammar, hooks) replies when done. Reading pauses while the writer is
 * full. Resolves when the input ends and every reply has been written.
 */
export function serveConnection(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  service: PolicyService,
  maxBytes: number,
): Promise<void> {
  const splitter = new LineSplitter(maxBytes);
  let pending = 0;
  let ended = false;
  let done: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const send = (text: string) => {
    if (output.write(text)) return;
    input.pause();
    output.once('drain', () => input.resume());
  };
  const settle = () => {
    if (ended && pending === 0) done();
  };
  const answer = (lines: ReturnType<LineSplitter['push']>) => {
    let out = '';
    for (const l of lines) {
      const reply = 'text' in l ? handleLine(l.text, service) : tooLargeReply(l.tooLong, maxBytes);
      if (typeof reply === 'string') out += `${reply}\n`;
      else if (reply !== undefined) {
        pending++;
        void reply.then((text) => {
          if (text !== undefined) send(`${text}\n`);
          pending--;
          settle();
        });
      }
    }
    if (out !== '') send(out);
  };
  input.on('data', (chunk: Buffer) => answer(splitter.push(chunk)));
  input.on('end', () => {
    answer(splitter.end());
    ended = true;
    settle();
  });
  input.on('error', () => {
    ended = true;
    settle();
  });
  output.on('error', () => undefined); // a client that went away: its replies are dropped
  return finished;
}

/** Whether something answers on a Unix socket path. */
function listening(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => (probe.destroy(), resolve(true)));
    probe.once('error', () => resolve(false));
  });
}

/** A socket path that cannot be used, with why. */
export class SocketPathError extends Error {}

/**
 * Listens on a Unix socket created with mode 0600 (owner only); several clients at once. A stale socket left by a
 * service that died is replaced; a live one, or a path that is not a socket, is refused.
 */
export async function listenUnix(
  path: string,
  service: PolicyService,
  maxBytes: number,
): Promise<{ close(): Promise<void> }> {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    stat = undefined;
  }
  if (stat && !stat.isSocket())
    throw new SocketPathError(`${path} exists and is not a socket (fix: name another path)`);
  if (stat) {
    if (await listening(path))
      throw new SocketPathError(`${path}: a service already listens there (fix: stop it or name another path)`);
    unlinkSync(path);
  }
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    void serveConnection(socket, socket, service, maxBytes).then(() => socket.end());
  });
  // The socket is made under a umask that leaves it to its owner, then set to 0600 explicitly.
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => (server.off('error', reject), resolve()));
    });
  } finally {
    process.umask(umask);
  }
  chmodSync(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
