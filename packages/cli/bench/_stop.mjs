const stop = process.env.STOP;
const { createEngine, loadUserConfig, requirementsFileSource } = await import('@ratchet/core');
if (stop === 'core') process.exit(0);
const { approvalsProvider } = await import('@ratchet/plugin-approvals');
const { commandPolicy, commandRulesProvider } = await import('@ratchet/plugin-command-rules');
const { featuresProvider } = await import('@ratchet/plugin-features');
const { SANDBOX_MODE, sandboxProvider } = await import('@ratchet/plugin-sandbox');
const { webSearchProvider } = await import('@ratchet/plugin-web-search');
if (stop === 'imports') process.exit(0);
const [requirements, config] = process.argv.slice(2);
const providers = [
  approvalsProvider(),
  sandboxProvider(),
  webSearchProvider(),
  featuresProvider(),
  commandRulesProvider(),
];
if (stop === 'providers') process.exit(0);
const engine = createEngine({
  providers,
  sources: [requirementsFileSource(requirements)],
  hostname: () => 'laptop-042.corp.example.com',
});
if (stop === 'engine') process.exit(0);
const policy = await engine.load();
if (stop === 'load') process.exit(0);
const uc = loadUserConfig({ file: config });
if (stop === 'config') process.exit(0);
const resolved = policy.resolve(uc);
if (stop === 'resolve') process.exit(0);
const decision = commandPolicy(policy, []).check(['git', 'push']).decision;
if (stop === 'check') process.exit(0);
process.getBuiltinModule('node:fs').writeSync(1, `${resolved.value(SANDBOX_MODE)} ${decision}\n`);
