// The cases the differential replays: its own (cases/*.json) and the inputs of the conformance vectors that one
// Codex can be asked about (one requirements layer; `.rules` checks without requirements), grouped by area.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../..');
const read = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** Vector files and the group their cases count under. */
const VECTOR_FILES = [
  ['test/conformance/vectors/codex-0.171/features.json', '1 features'],
  ['test/conformance/vectors/codex-0.171/requirement-keys.json', '2 requirement keys'],
  ['test/conformance/vectors/codex-0.171/requirement-keys-permissions.json', '2 requirement keys'],
  ['test/conformance/vectors/codex-0.171/requirement-keys-services.json', '2 requirement keys'],
  ['test/conformance/vectors/codex-0.171/requirements-rules.json', '3 rules in requirements'],
  ['test/conformance/vectors/codex-0.171/hooks.json', '4 hooks'],
  ['test/conformance/vectors/codex-0.171/config.json', '5 user config'],
  ['test/conformance/vectors/codex-0.171/rules.json', '6 .rules dialect'],
  ['../shared/conformance/requirements.json', 'shared vectors'],
  ['../shared/conformance/features.json', 'shared vectors'],
  ['../shared/conformance/hooks.json', 'shared vectors'],
  ['../shared/conformance/exec_rules.json', 'shared vectors'],
  ['test/conformance/spec-vectors/requirements.json', 'spec-derived vectors'],
  ['test/conformance/spec-vectors/exec_rules.json', 'spec-derived vectors'],
];

/** A deterministic generator (mulberry32), so the random rule files are the same on every run. */
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rule files of `n` random prefix rules over a small vocabulary, and commands half of which hit a rule. */
function randomRules(seed, n, commands) {
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const programs = ['git', 'npm', 'kubectl', 'rm', 'curl', 'docker', 'terraform', 'make'];
  const words = ['push', 'pull', 'delete', 'apply', '-rf', '--force', 'run', 'status', 'install', 'x'];
  const decisions = ['allow', 'prompt', 'forbidden'];
  const lines = [];
  const patterns = [];
  for (let i = 0; i < n; i++) {
    const length = 1 + Math.floor(rnd() * 3);
    const pattern = [
      pick(programs),
      ...Array.from({ length: length - 1 }, () => (rnd() < 0.2 ? [pick(words), pick(words)] : pick(words))),
    ];
    patterns.push(pattern);
    lines.push(`prefix_rule(pattern = ${JSON.stringify(pattern)}, decision = "${pick(decisions)}")`);
  }
  const argv = [];
  for (let i = 0; i < commands; i++) {
    if (i % 2 === 0) {
      const p = pick(patterns);
      argv.push([...p.map((t) => (Array.isArray(t) ? pick(t) : t)), ...(rnd() < 0.5 ? [pick(words)] : [])]);
    } else argv.push([pick(programs), ...Array.from({ length: Math.floor(rnd() * 3) }, () => pick(words))]);
  }
  return { rules: [lines.join('\n')], commands: argv };
}

/** Every case, by area: `requirements` ({ id, group, requirements, config }) and `rules` ({ id, group, rules, commands }). */
export function loadCases() {
  const requirements = read(join(here, 'cases/requirements.json'));
  const rules = read(join(here, 'cases/rules.json'));
  for (const [file, group] of VECTOR_FILES) {
    const path = join(repo, file);
    if (!existsSync(path)) continue;
    for (const v of read(path)) {
      const id = `${file.split('/').slice(-2).join('/')} ${v.id}`;
      if (v.kind === 'check') {
        if ((v.requirements ?? []).length > 0) continue;
        rules.push({ id, group, rules: v.rules ?? [], commands: [v.command] });
      } else if ((v.requirements ?? []).length <= 1 && v.hostname === undefined && v.profile === undefined) {
        // A vector that selects a profile (Ratchet's --profile over [profiles.<name>]) has no Codex 0.171 counterpart:
        // there --profile names another file, and the profile = "NAME" key that selected a table is refused.
        requirements.push({ id, group, requirements: v.requirements?.[0] ?? '', config: v.config ?? '' });
      }
    }
  }
  for (const [seed, n] of [
    [1, 50],
    [2, 1000],
    [3, 10000],
  ])
    rules.push({ id: `random ${n} rules (seed ${seed})`, group: 'random rule files', ...randomRules(seed, n, 30) });
  return { requirements, rules };
}
