// The same first decision as first-decision.mjs, for a host composed through @ratchet/host (tsyringe): what the
// container costs at start-up, beside the plain API.
import { createHost } from '@ratchet/host';
import { approvalsProvider } from '@ratchet/plugin-approvals';
import { commandPolicy, commandRulesProvider } from '@ratchet/plugin-command-rules';
import { featuresProvider } from '@ratchet/plugin-features';
import { SANDBOX_MODE, sandboxProvider } from '@ratchet/plugin-sandbox';
import { webSearchProvider } from '@ratchet/plugin-web-search';

const [requirements, config] = process.argv.slice(2);
const host = createHost({
  plugins: [approvalsProvider(), sandboxProvider(), webSearchProvider(), featuresProvider(), commandRulesProvider()],
  services: { hostname: () => 'laptop-042.corp.example.com' },
});
const policy = await host.engine([host.requirementsFile(requirements)]).load();
const resolved = policy.resolve(host.userConfig({ file: config }));
const decision = commandPolicy(policy, []).check(['git', 'push']).decision;
// The answer is written straight to the descriptor: process.stdout (or importing node:fs as an ES module) loads Node's
// stream modules, about 10 ms of the host's own output, not of reaching the decision.
process.getBuiltinModule('node:fs').writeSync(1, `${resolved.value(SANDBOX_MODE)} ${decision}\n`);
