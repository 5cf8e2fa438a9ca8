// A host on the plain API, unbundled: import core and the plugins it uses, load a requirements file, resolve the
// user's config.toml, and answer its first question. `bench.mjs` times this whole process against `node -e 0`.
import { createEngine, loadUserConfig, requirementsFileSource } from '@ratchet/core';
import { approvalsProvider } from '@ratchet/plugin-approvals';
import { commandPolicy, commandRulesProvider } from '@ratchet/plugin-command-rules';
import { featuresProvider } from '@ratchet/plugin-features';
import { SANDBOX_MODE, sandboxProvider } from '@ratchet/plugin-sandbox';
import { webSearchProvider } from '@ratchet/plugin-web-search';

const [requirements, config] = process.argv.slice(2);
const engine = createEngine({
  providers: [approvalsProvider(), sandboxProvider(), webSearchProvider(), featuresProvider(), commandRulesProvider()],
  sources: [requirementsFileSource(requirements)],
  hostname: () => 'laptop-042.corp.example.com',
});
const policy = await engine.load();
const resolved = policy.resolve(loadUserConfig({ file: config }));
const decision = commandPolicy(policy, []).check(['git', 'push']).decision;
// The answer is written straight to the descriptor: process.stdout (or importing node:fs as an ES module) loads Node's
// stream modules, about 10 ms of the host's own output, not of reaching the decision.
process.getBuiltinModule('node:fs').writeSync(1, `${resolved.value(SANDBOX_MODE)} ${decision}\n`);
