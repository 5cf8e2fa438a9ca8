import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpDir } from '@ratchet/test-utils';
import { ATTACKS, TARGETS, type Attack } from './cases.js';

/**
 * Runs the attacks marked `live` for real, with stand-ins for git, rm and curl first on PATH (and as ./git,
 * relative/git … in the working folder), to show the spellings really run the program the requirement is about.
 * A login shell (`-lc`, `-l`) is run as a plain one here, since a login profile may reset PATH past the stand-ins.
 * Arguments are harmless anyway: `rm -rf victim` in a temporary folder, curl to a closed loopback port.
 */
const dir = tmpDir('ratchet-live-');
const bin = join(dir.path, 'standins');
const log = join(dir.path, 'ran.log');
afterAll(() => dir.remove());

function standIn(path: string, name: string): void {
  writeFileSync(path, `#!/bin/sh\nprintf '%s\\n' "${name} $*" >> "$STANDIN_LOG"\n`);
  chmodSync(path, 0o755);
}
mkdirSync(bin);
for (const sub of ['relative', 'bin']) mkdirSync(join(dir.path, sub));
for (const { program } of TARGETS) {
  standIn(join(bin, program), program);
  standIn(join(dir.path, program), program);
  standIn(join(dir.path, 'relative', program), program);
}

const onPath = (program: string) =>
  (process.env.PATH ?? '').split(delimiter).some((folder) => folder && existsSync(join(folder, program)));

/** The argv as run here: login shells made plain. */
const liveArgv = (argv: readonly string[]) => argv.filter((w) => w !== '-l').map((w) => (w === '-lc' ? '-c' : w));

function runLive(attack: Attack): string[] {
  writeFileSync(log, '');
  const [program, ...args] = liveArgv(attack.argv);
  spawnSync(program!, args, {
    cwd: dir.path,
    env: { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, HOME: dir.path, STANDIN_LOG: log },
    stdio: ['ignore', 'ignore', 'ignore'],
    timeout: 10_000,
  });
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('the spellings run the program for real (stand-ins for git, rm and curl)', () => {
  const live = ATTACKS.filter((a) => a.live);
  // A wrapper this machine does not have cannot be run; those are counted, not failed.
  const runnable = live.filter((a) => a.argv[0]!.includes('/') || onPath(a.argv[0]!));

  it(`${live.length} live spellings: each that can run here ran its target`, () => {
    const missed: string[] = [];
    for (const attack of runnable) {
      const ran = runLive(attack);
      const expected = [attack.target.program, ...attack.target.args].join(' ');
      if (!ran.some((line) => line.startsWith(expected))) missed.push(`${attack.id}: ran ${JSON.stringify(ran)}`);
    }
    console.log(
      `live sample: ${runnable.length} of ${live.length} spellings runnable on this machine, ` +
        `${runnable.length - missed.length} ran the forbidden or prompted program`,
    );
    expect(missed).toEqual([]);
    expect(runnable.length).toBeGreaterThan(100);
  }, 600_000);
});
