import { unlinkSync } from 'node:fs';
import { parseFlags, policyFlags, UsageError } from '../args.js';
import { serveFlags } from '../command-table.js';
import { line, type Output } from '../output.js';
import { listenUnix, serveConnection, SocketPathError } from '../serve/server.js';
import { PolicyService } from '../serve/service.js';

function count(text: string, flag: string, min: number): number {
  const n = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min)) throw new UsageError(`--${flag} must be a whole number of at least ${min} (got "${text}")`);
  return n;
}

/**
 * `ratchet serve [policy flags] [--rules FILE]... [--socket PATH]`: a decision service speaking JSON-RPC 2.0, one
 * message per line, on stdin/stdout or on a Unix socket (mode 0600, several clients). The policy reloads when a
 * source changes. Ends when stdin closes (stdio) or on SIGINT/SIGTERM (socket).
 */
export async function serveCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = parseFlags(args, serveFlags);
  if (positionals.length > 0) throw new UsageError(`serve takes no arguments (got "${positionals[0]}")`);
  const watchMs = count(values['watch-interval'], 'watch-interval', 0);
  const maxBytes = count(values['max-request-bytes'], 'max-request-bytes', 1024);
  const sources = { flags: policyFlags(values), rules: values.rules };
  const service = await PolicyService.start(sources, err, { watchMs });
  process.on('SIGHUP', () => void service.reload().catch(() => undefined));
  if (values.socket === undefined) {
    await serveConnection(process.stdin, process.stdout, service, maxBytes);
    service.close();
    return 0;
  }
  const path = values.socket;
  let server;
  try {
    server = await listenUnix(path, service, maxBytes);
  } catch (error) {
    if (!(error instanceof SocketPathError)) throw error;
    line(err, `ratchet serve: ${error.message}`);
    return 2;
  }
  line(err, `ratchet serve: listening on ${path}`);
  void out;
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  service.close();
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
  return 0;
}
