// Runs the built `ratchet` command inside this process, then writes its exit status and this process's peak
// resident memory (KiB) as JSON to file descriptor 3: how a test measures what one run of the command cost.
import { writeSync } from 'node:fs';

const [bundle, ...args] = process.argv.slice(2);
const { run } = await import(bundle);
const status = await run(args, process.stdout, process.stderr);
writeSync(3, JSON.stringify({ status, maxRssKiB: process.resourceUsage().maxRSS }));
process.exitCode = status;
