// The differential check: replays the requirements cases (requirements + user config → effective values, load
// errors, warnings) and the `.rules` cases (rules file + command → decision, or load error) through a real Codex
// (CODEX_BIN) and the built `ratchet` command, and prints the agreement per area with every disagreement.
// Development only; not part of `npm test`. Without CODEX_BIN it says so and exits 0.
//   CODEX_BIN=... node scripts/codex-diff/run.mjs [--area requirements|rules] [--case ID] [--json FILE]
// Requirements cases need root (Codex reads them from /etc, laid over in a private mount namespace).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { codexBin, codexVersion } from '../codex/codex.mjs';
import { compareCheck, compareResolve, judge } from './compare.mjs';
import { loadCases } from './cases.mjs';
import { codexCheck, codexResolve, ratchetCheck, ratchetResolve } from './observe.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const read = (name) => JSON.parse(readFileSync(join(here, name), 'utf8'));

const { values } = parseArgs({
  options: { area: { type: 'string' }, case: { type: 'string' }, json: { type: 'string' } },
});
const bin = codexBin();
if (!bin) {
  console.log('codex-diff: skipped (set CODEX_BIN to a Codex binary to compare against; see scripts/codex/codex.mjs)');
  process.exit(0);
}

const divergences = read('divergences.json').divergences;
const cases = loadCases();
const areas = [
  { name: 'requirements', cases: cases.requirements, codex: codexResolve, ratchet: ratchetResolve },
  { name: 'rules', cases: cases.rules, codex: codexCheck, ratchet: ratchetCheck },
].filter((a) => values.area === undefined || a.name === values.area);

console.log(`codex-diff: ${codexVersion(bin)} (${bin}) against the built ratchet command`);
const report = { codex: codexVersion(bin), areas: [] };
let open = 0;
for (const area of areas) {
  const results = [];
  for (const c of area.cases) {
    if (values.case !== undefined && c.id !== values.case) continue;
    const codex = area.codex(bin, c);
    const ratchet = area.ratchet(c);
    const differences =
      area.name === 'rules' ? compareCheck(codex, ratchet, c.commands) : compareResolve(codex, ratchet);
    results.push({ id: c.id, group: c.group, ...judge(divergences, c.id, differences) });
    process.stderr.write(results.at(-1).open.length > 0 ? 'x' : '.');
  }
  process.stderr.write('\n');
  const groups = [...new Set(results.map((r) => r.group))];
  console.log(`\n${area.name} cases (${results.length}):`);
  const line = (label, rs) => {
    const agree = rs.filter((r) => r.open.length === 0).length;
    const reasoned = rs.filter((r) => r.open.length === 0 && r.reasoned.length > 0).length;
    const pct = rs.length === 0 ? 100 : Math.round((1000 * agree) / rs.length) / 10;
    console.log(
      `  ${label.padEnd(24)} ${String(agree).padStart(3)}/${String(rs.length).padEnd(3)} agree (${pct}%)${reasoned ? `, ${reasoned} of them through a listed divergence` : ''}`,
    );
    return { label, cases: rs.length, agree, reasoned };
  };
  const summary = groups.map((g) =>
    line(
      g,
      results.filter((r) => r.group === g),
    ),
  );
  summary.push(line('total', results));
  for (const r of results.filter((r) => r.open.length > 0)) {
    open++;
    for (const d of r.open)
      console.log(
        `  DISAGREE ${r.id}: ${d.kind} ${d.path}: codex ${JSON.stringify(d.codex)}, ratchet ${JSON.stringify(d.ratchet)}`,
      );
  }
  const reasons = new Map();
  for (const r of results) for (const d of r.reasoned) reasons.set(d.reason, [...(reasons.get(d.reason) ?? []), r.id]);
  for (const [reason, ids] of reasons) console.log(`  divergence (${[...new Set(ids)].length} cases): ${reason}`);
  report.areas.push({ area: area.name, summary, results });
}
if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
console.log(open === 0 ? '\nno open disagreement' : `\n${open} case(s) disagree`);
process.exit(0);
