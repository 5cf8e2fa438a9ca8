import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

// Vitest's worker answers its runner only when its event loop gets a turn. A file of synchronous tests (law
// suites, properties) never gives it one, and once such a file runs past 60 s (on a loaded 2-core machine) the
// worker reports a timeout calling the runner, failing a run whose tests all passed. One turn after each test.
afterEach(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

// Commands run in process (`run(...)`) write `ratchet check`'s compiled-rules cache: to a folder of the tests' own,
// never the user's.
process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'ratchet-test-cache-'));
