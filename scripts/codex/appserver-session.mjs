// One JSON-RPC session (stdio, one message per line) with `codex app-server` (CODEX_BIN) in CASE_CWD; prints
// { initialize, config, requirements, hooks, features, thread, warnings } as one JSON object. Run by codex.mjs.
import { spawn } from 'node:child_process';

const cwd = process.env.CASE_CWD || process.cwd();
const child = spawn(process.env.CODEX_BIN, ['app-server'], { stdio: ['pipe', 'pipe', 'pipe'], env: process.env, cwd });
const pending = new Map();
const notes = [];
let buffer = '';
child.stdout.on('data', (chunk) => {
  buffer += chunk;
  for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
    const line = buffer.slice(0, i);
    buffer = buffer.slice(i + 1);
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      continue;
    }
    if (message.id !== undefined && pending.has(message.id)) {
      pending.get(message.id)(message);
      pending.delete(message.id);
    } else if (message.method) notes.push(message);
  }
});
child.stderr.on('data', () => {});
let nextId = 1;
const call = (method, params) =>
  new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    child.stdin.write(
      `${JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) })}\n`,
    );
    setTimeout(() => {
      if (pending.delete(id)) resolve({ error: { message: `${method} timed out` } });
    }, 15_000);
  });
const answer = (r) => r.result ?? { error: r.error };
const exited = new Promise((resolve) => child.on('exit', (code) => resolve({ exited: code })));

const out = {};
const first = await Promise.race([
  call('initialize', { clientInfo: { name: 'ratchet-codex-diff', version: '0' } }),
  exited,
]);
out.initialize = first.result ? 'ok' : (first.error ?? first);
if (first.result) {
  child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'initialized' })}\n`);
  out.config = answer(await call('config/read', { includeLayers: false, cwd }));
  out.requirements = answer(await call('configRequirements/read'));
  out.hooks = answer(await call('hooks/list', { cwds: [cwd] }));
  const features = [];
  let cursor;
  do {
    const page = answer(await call('experimentalFeature/list', cursor ? { cursor } : {}));
    features.push(...(page.data ?? []));
    cursor = page.nextCursor;
  } while (cursor);
  out.features = features;
  out.thread = answer(await call('thread/start', { cwd, ephemeral: true }));
  delete out.thread.thread;
}
out.warnings = notes
  .filter((n) => n.method === 'configWarning')
  .map((n) => n.params?.summary ?? '')
  .filter((s) => !s.includes('bubblewrap'));
child.kill();
console.log(JSON.stringify(out));
process.exit(0);
