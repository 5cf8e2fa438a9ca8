import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runRatchet, tmpDir } from '@ratchet/test-utils';
import { ATTACKS, type Attack, type AttackClass } from './cases.js';

const REQUIREMENTS = `[rules]
prefix_rules = [
  { pattern = [{ token = "git" }, { token = "push" }], decision = "forbidden", justification = "no pushing" },
  { pattern = [{ token = "rm" }, { token = "-rf" }], decision = "forbidden" },
  { pattern = [{ token = "curl" }], decision = "prompt" },
]
`;

/** User rules beside the requirements: none, ordinary ones, hostile ones, and a file that does not parse. */
const USER_RULES: Readonly<Record<string, string | undefined>> = {
  none: undefined,
  ordinary: 'prefix_rule(["git"], "allow")\nprefix_rule(["ls"], "allow")\nprefix_rule(["npm", "install"], "prompt")\n',
  hostile: [
    // Allow every spelling, exact paths included, and take every basename fallback away.
    ...['git', '/usr/bin/git', '/bin/git', './git', 'rm', '/bin/rm', '/usr/bin/rm', 'curl', '/usr/bin/curl'].map(
      (p) => `prefix_rule(["${p}"], "allow")`,
    ),
    'prefix_rule(["git", "push"], "allow")',
    'prefix_rule(["rm", "-rf"], "allow")',
    ...['bash', 'sh', 'sudo', 'env', 'eval', 'xargs', 'find', 'nice', 'timeout'].map(
      (p) => `prefix_rule(["${p}"], "allow")`,
    ),
    'host_executable(name = "git", paths = [])',
    'host_executable(name = "rm", paths = [])',
    'host_executable(name = "curl", paths = [])',
    '',
  ].join('\n'),
  broken: 'prefix_rule(pattern = ["git"], decision = "allow"\n',
};

const RANK = ['none', 'allow', 'prompt', 'forbidden'];

/** Long inputs cost the most: they run without user rules and with the hostile ones; every other class runs under all four. */
const runs = (set: string, attack: Attack) => attack.class !== 'long input' || set === 'none' || set === 'hostile';
const dir = tmpDir('ratchet-attacks-');
const requirements = dir.write('requirements.toml', REQUIREMENTS);
const emptyHome = dir.path;
const argsFor = (set: string, argv: readonly string[]) => [
  'check',
  '--requirements',
  requirements,
  ...(USER_RULES[set] === undefined ? [] : ['--rules', join(dir.path, `${set}.rules`)]),
  '--json',
  '--',
  ...argv,
];

interface Outcome {
  readonly attack: Attack;
  readonly set: string;
  readonly status: number;
  readonly decision?: string;
  readonly stderr: string;
}

/** Runs every attack under every set of user rules through the built command, in one process. */
function driveAll(): Promise<Outcome[]> {
  for (const [set, text] of Object.entries(USER_RULES)) if (text !== undefined) dir.write(`${set}.rules`, text);
  const jobs = Object.keys(USER_RULES).flatMap((set) =>
    ATTACKS.filter((a) => runs(set, a)).map((attack) => ({ set, attack })),
  );
  const jobsFile = dir.write(
    'jobs.json',
    JSON.stringify({
      bundle: join(repoRoot, 'packages/cli/dist/ratchet.mjs'),
      cwd: dir.path,
      runs: jobs.map(({ set, attack }) => argsFor(set, attack.argv)),
    }),
  );
  const resultsFile = join(dir.path, 'results.json');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'driver.mjs'), jobsFile, resultsFile], {
      env: { PATH: process.env.PATH ?? '', HOME: emptyHome, CODEX_HOME: emptyHome },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`driver exited ${code}`));
      const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
        status: number;
        stdout: string;
        stderr: string;
      }[];
      resolve(
        results.map((r, i) => ({
          ...jobs[i]!,
          status: r.status,
          stderr: r.stderr,
          ...(r.status === 0 && { decision: (JSON.parse(r.stdout) as { decision: string }).decision }),
        })),
      );
    });
  });
}

/** Why an outcome is wrong, or undefined: never none or allow; `exact` attacks get the requirement's own decision. */
function problem(o: Outcome): string | undefined {
  if (o.status !== 0) return `exit ${o.status}: ${o.stderr.trim()}`;
  if (RANK.indexOf(o.decision!) < RANK.indexOf('prompt')) return `came back ${o.decision}`;
  if (o.attack.expect === 'exact' && o.decision !== o.attack.target.decision)
    return `came back ${o.decision}, the requirement says ${o.attack.target.decision}`;
  if (o.set === 'broken' && !/warning: .*failed to parse rules file/.test(o.stderr))
    return 'no warning for the broken file';
  return undefined;
}

let outcomes: Outcome[] = [];
beforeAll(async () => {
  outcomes = await driveAll();
}, 600_000);
afterAll(() => dir.remove());

const CLASSES: AttackClass[] = [
  'paths',
  'wrappers',
  'nested shells',
  'script syntax',
  'quoting',
  'newlines',
  'opaque',
  'long input',
];

describe(`${ATTACKS.length} attack spellings of git push, rm -rf (forbidden) and curl (prompt), through ratchet check`, () => {
  it('at least 250 spellings, in every class', () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(250);
    for (const klass of CLASSES) expect(ATTACKS.filter((a) => a.class === klass).length, klass).toBeGreaterThan(10);
    expect(new Set(ATTACKS.map((a) => a.id)).size).toBe(ATTACKS.length);
  });

  for (const set of Object.keys(USER_RULES))
    for (const klass of CLASSES)
      it(`${klass}, user rules: ${set}: never none or allow`, () => {
        const mine = outcomes.filter((o) => o.set === set && o.attack.class === klass);
        expect(mine.length).toBe(ATTACKS.filter((a) => a.class === klass && runs(set, a)).length);
        const wrong = mine.flatMap((o) => {
          const why = problem(o);
          return why ? [`${o.attack.id}: ${why}`] : [];
        });
        expect(wrong).toEqual([]);
      });

  it('prints how the answers split', () => {
    const tally = new Map<string, number>();
    for (const o of outcomes) tally.set(o.decision ?? 'error', (tally.get(o.decision ?? 'error') ?? 0) + 1);
    console.log(
      `attack suite: ${ATTACKS.length} spellings under ${Object.keys(USER_RULES).length} sets of user rules: ${outcomes.length} checks; ` +
        [...tally].map(([d, n]) => `${d} ${n}`).join(', '),
    );
    expect(tally.get('none') ?? 0).toBe(0);
    expect(tally.get('allow') ?? 0).toBe(0);
  });
});

describe('a sample through real processes (bin/ratchet.js), with hostile user rules', () => {
  const sample = ATTACKS.filter((a, i) => a.class !== 'long input' && i % 15 === 0);

  it(`${sample.length} attacks answer as they do in the batch`, async () => {
    const wrong: string[] = [];
    for (let i = 0; i < sample.length; i += 4) {
      await Promise.all(
        sample.slice(i, i + 4).map(async (attack) => {
          const result = await runRatchet(argsFor('hostile', attack.argv), { cwd: dir.path });
          const decision =
            result.status === 0 ? (JSON.parse(result.stdout) as { decision: string }).decision : undefined;
          const batch = outcomes.find((o) => o.set === 'hostile' && o.attack === attack)!;
          const why = problem({ attack, set: 'hostile', status: result.status, decision, stderr: result.stderr });
          if (why || decision !== batch.decision)
            wrong.push(`${attack.id}: ${why ?? `${decision} vs ${batch.decision}`}`);
        }),
      );
    }
    expect(wrong).toEqual([]);
  }, 600_000);
});
