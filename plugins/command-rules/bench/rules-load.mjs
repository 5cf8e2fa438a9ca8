// Loading a .rules file of 10,000 literal prefix rules in process: the one-pass reader (what loadRulesFiles uses for
// such files) against the interpreter alone (how every file was read before), alternated in one run so both see the
// same machine load; and what a check then costs to set up (the rule index, built per program on first lookup).
// Run with `npm run bench`; figures go to BENCHMARKS.md.
import { CommandPolicy } from '../dist/index.js';
import { loadRulesFiles } from '../dist/rules-files.js';
import { evaluateRulesFiles } from '../dist/starlark/rules-file.js';

const N = 10_000;
const programs = N / 10;
const lines = [];
for (let i = 0; i < N; i++) {
  const third = i % 3 === 0 ? ', ["--force", "-f"]' : '';
  lines.push(
    `prefix_rule(pattern = ["tool${i % programs}", "sub${i}"${third}], decision = "${i % 2 ? 'forbidden' : 'prompt'}")`,
  );
}
const files = [{ path: 'bench.rules', text: `${lines.join('\n')}\n` }];
const options = { homedir: '/home/bench' };

const time = (fn) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (let i = 0; i < 3; i++) {
  loadRulesFiles(files, options);
  evaluateRulesFiles(files, options);
}
const fast = [];
const interpreted = [];
const ready = [];
for (let i = 0; i < 15; i++) {
  fast.push(time(() => loadRulesFiles(files, options)));
  interpreted.push(time(() => evaluateRulesFiles(files, options)));
  ready.push(
    time(() => {
      const user = loadRulesFiles(files, options);
      new CommandPolicy(user.rules, user.hostExecutables).check(['tool1', 'sub1', 'x']);
    }),
  );
}
const [f, e, r] = [median(fast), median(interpreted), median(ready)];
console.log(
  `.rules load, ${N.toLocaleString('en-US')} literal rules (median of 15, alternated): ${f.toFixed(1)} ms one-pass, ${e.toFixed(1)} ms interpreted (${(e / f).toFixed(1)}x); load + index + first check ${r.toFixed(1)} ms`,
);
