// Drives the built `ratchet` command many times in one process, through its own entry (`run` of
// packages/cli/dist/ratchet.mjs, which bin/ratchet.js calls): node driver.mjs JOBS.json RESULTS.json.
// JOBS.json is { "cwd": "...", "runs": [["check", ...], ...] }; each result is { status, stdout, stderr }.
import { readFileSync, writeFileSync } from 'node:fs';

const [jobsFile, resultsFile] = process.argv.slice(2);
const { bundle, cwd, runs } = JSON.parse(readFileSync(jobsFile, 'utf8'));
process.chdir(cwd);
const { run } = await import(bundle);
const results = [];
for (const args of runs) {
  let stdout = '';
  let stderr = '';
  const status = await run(args, { write: (s) => (stdout += s) }, { write: (s) => (stderr += s) });
  results.push({ status, stdout, stderr });
}
writeFileSync(resultsFile, JSON.stringify(results));
