import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from './analysis.js';
import { loadShellGrammar } from './grammar.js';
import { WRAPPER_NAMES, WRAPPERS } from './wrappers.js';

/** The commands an argv leads to, after the argv itself, as the program receives their words. */
const inner = (argv: string[]) =>
  analyze(argv)
    .candidates.slice(1)
    .map((c) => c.words.map((w) => (w.opaque ? '?' : w.value)).join(' '));
const opaque = (argv: string[]) => analyze(argv).opaque.map((o) => o.reason);

beforeAll(() => loadShellGrammar());

describe('wrappers: the command each one runs, read with its option grammar', () => {
  it.each<[string[], string[]]>([
    [['env', '-i', 'A=1', '-u', 'B', '--', 'C=2', 'git', 'push'], ['git push']],
    [
      ['env', '-S', 'git push', 'origin'],
      ['git push origin', 'origin'],
    ],
    [['env', '--split-string=git push'], ['git push']],
    [['sudo', '-E', '-u', 'root', 'A=1', 'git', 'push'], ['git push']],
    [['sudo', '-Eu', 'root', 'git', 'push'], ['git push']],
    [['sudo', '--user=root', 'git', 'push'], ['git push']],
    [['doas', '-u', 'root', 'git', 'push'], ['git push']],
    [['su', '-c', 'git push', 'root'], ['git push']],
    [['su', 'root', '-c', 'git push'], ['git push']],
    [['su', '-', 'root', '--command=git push'], ['git push']],
    [['runuser', '-u', 'bob', '--', 'git', 'push'], ['git push']],
    [['nice', '-n', '5', 'git', 'push'], ['git push']],
    [['nice', '-10', 'git', 'push'], ['git push']],
    [['ionice', '-c', '3', 'git', 'push'], ['git push']],
    [['chrt', '-f', '10', 'git', 'push'], ['git push']],
    [['taskset', '-c', '0', 'git', 'push'], ['git push']],
    [['timeout', '-s', 'KILL', '-k', '1', '5s', 'git', 'push'], ['git push']],
    [['nohup', 'git', 'push'], ['git push']],
    [['setsid', '-f', 'git', 'push'], ['git push']],
    [['stdbuf', '-oL', '-e', '0', 'git', 'push'], ['git push']],
    [['time', '-p', 'git', 'push'], ['git push']],
    [['xargs', '-0', '-I', '{}', 'git', 'push'], ['git push ?']],
    [
      ['find', '.', '-exec', 'git', 'push', ';', '-execdir', 'rm', '{}', '+'],
      ['git push', 'rm ?'],
    ],
    [['flock', '/tmp/l', 'git', 'push'], ['git push']],
    [['flock', '-w', '5', '/tmp/l', '-c', 'git push'], ['git push']],
    [['script', '-qc', 'git push', '/dev/null'], ['git push']],
    [['strace', '-f', '-o', '/dev/null', 'git', 'push'], ['git push']],
    [['ltrace', '-e', 'malloc', 'git', 'push'], ['git push']],
    [['valgrind', '--tool=memcheck', '-q', 'git', 'push'], ['git push']],
    [['gdb', '-q', '--args', 'git', 'push'], ['git push']],
    [['unshare', '-r', '--map-user', '0', 'git', 'push'], ['git push']],
    [['nsenter', '-t', '1', '-m', 'git', 'push'], ['git push']],
    [['chroot', '--userspec=a:b', '/', 'git', 'push'], ['git push']],
    [['bwrap', '--bind', '/', '/', '--dev', '/dev', '--setenv', 'A', 'B', 'git', 'push'], ['git push']],
    [['firejail', '--noprofile', 'git', 'push'], ['git push']],
    [
      ['busybox', 'sh', '-c', 'git push'],
      ['sh -c git push', 'git push'],
    ],
    [['systemd-run', '--user', '-p', 'X=1', 'git', 'push'], ['git push']],
    [['parallel', 'git', ':::', 'push'], ['git ?']],
    [
      ['parallel', ':::', 'git push', 'ls'],
      ['git push', 'ls'],
    ],
    [['watch', '-n', '1', 'git', 'push'], ['git push']],
    [['npx', '-y', 'git', 'push'], ['git push']],
    [['npx', '-c', 'git push'], ['git push']],
    [['fakeroot', '--', 'git', 'push'], ['git push']],
    [['faketime', '2020-01-01', 'git', 'push'], ['git push']],
    [['command', '-p', 'git', 'push'], ['git push']],
    [
      ['builtin', 'eval', 'git push'],
      ['eval git push', 'git push'],
    ],
    [['exec', '-a', 'name', 'git', 'push'], ['git push']],
    [['coproc', 'git', 'push'], ['git push']],
    [['eval', 'git', 'push'], ['git push']],
    [['trap', 'git push', 'EXIT'], ['git push']],
    [['/usr/bin/env', 'git', 'push'], ['git push']],
  ])('%j', (argv, commands) => {
    expect(inner(argv)).toEqual(commands);
  });
});

describe('shells: -c anywhere among any flags', () => {
  it.each<[string[], string[]]>([
    [['bash', '-xc', 'git push'], ['git push']],
    [['bash', '-ec', 'git push'], ['git push']],
    [['bash', '-l', '-c', 'git push'], ['git push']],
    [['bash', '--noprofile', '--norc', '-c', 'git push'], ['git push']],
    [['bash', '-o', 'posix', '-c', 'git push'], ['git push']],
    [['bash', '+O', 'extglob', '-c', 'git push', 'arg0'], ['git push']],
    [['bash', '-c', '-e', 'git push'], ['git push']],
    [['dash', '-c', 'git push'], ['git push']],
    [['ksh', '-c', 'git push'], ['git push']],
    [['zsh', '-fc', 'git push'], ['git push']],
    [['fish', '-c', 'git push'], ['git push']],
    [['fish', '--command=git push'], ['git push']],
    [['/tmp/bash', '-lc', 'git push'], ['git push']],
    [['bash', 'deploy.sh'], []],
  ])('%j', (argv, commands) => {
    expect(inner(argv)).toEqual(commands);
    expect(opaque(argv)).toEqual([]);
  });

  it.each([[['bash']], [['sh', '-s']], [['bash', '-i']], [['su', 'root']], [['sudo', '-s']], [['bash', '-c']]])(
    '%j reads its commands from elsewhere: opaque',
    (argv) => {
      expect(opaque(argv)).toHaveLength(1);
    },
  );
});

describe('the table', () => {
  it('is one closed set: every name has an entry and the list is derived from it', () => {
    expect(WRAPPER_NAMES).toEqual(Object.keys(WRAPPERS));
    for (const name of ['env', 'sudo', 'xargs', 'find', 'flock', 'script', 'bwrap', 'npx', 'bash', 'fish'])
      expect(WRAPPER_NAMES).toContain(name);
  });
});
