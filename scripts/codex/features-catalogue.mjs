// Regenerates plugins/features/src/catalogue/codex-features.json, the feature catalogue, from an installed Codex
// (CODEX_BIN). Every fact is observed from the binary, and the file says by which command:
//   key, stage, default, docs   app-server experimentalFeature/list (registry order)
//   userValue                   `codex features list --enable F` vs `--disable F`: "ignored" when F does not change
//   tableForm                   config.toml `[features.F] enabled = <not the default>` changes F
//   requires                    every other feature disabled, F enabled: what else turns on
//   aliases                     candidates from Codex's source (codex-rs/features/src/legacy.rs), kept when a
//                               requirements pin of the alias warns "prefer canonical feature key `F`"
//   pin, pinWarning             every feature pinned true, then false, in requirements: "ignored" when the
//                               effective value does not follow the pin, with Codex's warning when it gives one
//   pinAliases                  candidates from Codex's source (config requirements), kept when pinning them moves
//                               exactly one feature without an "unknown" warning
// Two facts Linux cannot show come from the source and say so: platform defaults and legacy top-level toggles.
// Usage: CODEX_BIN=... node scripts/codex/features-catalogue.mjs   (needs root for the requirements probes)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appServer, codexBin, codexVersion, featuresList } from './codex.mjs';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '../../plugins/features/src/catalogue/codex-features.json');

/** Older `[features]` spellings named in Codex's source over its history (legacy.rs ALIASES); the binary decides which still hold. */
const ALIAS_CANDIDATES = [
  'connectors',
  'enable_experimental_windows_sandbox',
  'experimental_use_unified_exec_tool',
  'experimental_use_freeform_apply_patch',
  'include_apply_patch_tool',
  'request_permissions',
  'web_search',
  'imagegenext',
  'collab',
  'memory_tool',
  'telepathy',
  'codex_hooks',
  'smart_approvals',
];
/** Requirements-only names of a feature in Codex's source (config_requirements.rs reads `auto_review` as `guardian_approval`). */
const PIN_ALIAS_CANDIDATES = ['auto_review'];
/** Facts only the source shows (features/src/lib.rs, legacy.rs at openai/codex): Windows defaults, top-level toggles. */
const SOURCE_FACTS = {
  secret_auth_storage: {
    platformDefault: { win32: true },
    from: 'features/src/lib.rs: default_enabled: cfg!(windows)',
  },
  unified_exec: {
    platformDefault: { win32: false },
    legacyToggles: ['experimental_use_unified_exec_tool'],
    from: 'features/src/lib.rs: default_enabled: !cfg!(windows); legacy.rs LegacyFeatureToggles',
  },
  apply_patch_freeform: {
    legacyToggles: ['include_apply_patch_tool', 'experimental_use_freeform_apply_patch'],
    from: 'features/src/legacy.rs LegacyFeatureToggles',
  },
};
const STAGES = {
  underDevelopment: 'under-development',
  beta: 'experimental',
  experimental: 'experimental',
  stable: 'stable',
  deprecated: 'deprecated',
  removed: 'removed',
};

const bin = codexBin();
if (!bin) {
  console.error('set CODEX_BIN to a Codex binary (see scripts/codex/codex.mjs)');
  process.exit(2);
}
const version = codexVersion(bin);
const log = (line) => process.stderr.write(`${line}\n`);
const must = (result, what) => {
  if (result.error) throw new Error(`${what}: ${result.error}`);
  return result.map;
};

log(`${version}: reading the feature list`);
const listed = appServer(bin).rpc.features;
if (!Array.isArray(listed) || listed.length === 0) throw new Error('experimentalFeature/list gave no features');
const keys = listed.map((f) => f.name);
const byKey = new Map(listed.map((f) => [f.name, f]));
const defaults = must(featuresList(bin), 'features list');

log('user values');
const userIgnored = new Set();
const enableErrors = new Map();
for (const key of keys) {
  const on = featuresList(bin, ['--enable', key]);
  const off = featuresList(bin, ['--disable', key]);
  if (on.error || off.error) enableErrors.set(key, (on.error ?? off.error).replace(/^Error: .*?Caused by: /, ''));
  else if (on.map.get(key) === off.map.get(key)) userIgnored.add(key);
}
const plain = (key) => !key.includes('.');
const probed = keys.filter((k) => plain(k) && !userIgnored.has(k) && !enableErrors.has(k));

log('table forms');
const tableForm = new Set();
for (const key of probed) {
  const want = !byKey.get(key).defaultEnabled;
  const r = featuresList(bin, [], `[features.${key}]\nenabled = ${want}\n`);
  if (!r.error && r.map.get(key) === want) tableForm.add(key);
}

log('prerequisites');
const disableAll = (except) => keys.filter((k) => plain(k) && k !== except).flatMap((k) => ['--disable', k]);
const allOff = must(featuresList(bin, disableAll()), 'every feature disabled');
const requires = new Map();
for (const key of probed) {
  const state = must(featuresList(bin, [...disableAll(key), '--enable', key]), `only ${key} enabled`);
  const on = keys.filter((k) => k !== key && state.get(k) === true && allOff.get(k) === false);
  if (on.length > 0) requires.set(key, on);
}

log('requirements pins (alias candidates, then every feature true and false)');
const warningsOf = (requirements) => {
  const { startup, rpc } = appServer(bin, { requirements });
  if (startup.error) return { error: startup.error.data?.detail ?? startup.error.message };
  return { warnings: rpc.warnings, effective: new Map(rpc.features.map((f) => [f.name, f.enabled])) };
};
const quoted = (key) => (plain(key) ? key : JSON.stringify(key));
const aliases = new Map();
const aliasProbe = warningsOf(`[features]\n${ALIAS_CANDIDATES.map((a) => `${a} = true`).join('\n')}\n`);
if (aliasProbe.error) throw new Error(`alias probe: ${aliasProbe.error}`);
for (const warning of aliasProbe.warnings) {
  const m = /^Using legacy `features` requirement `([^`]+)` from .*; prefer canonical feature key `([^`]+)`/.exec(
    warning,
  );
  if (m) aliases.set(m[2], [...(aliases.get(m[2]) ?? []), m[1]]);
}

const pinIgnored = new Map();
const pinErrors = new Map();
for (const value of [true, false]) {
  let pinned = keys.filter((k) => !pinErrors.has(k));
  for (;;) {
    const r = warningsOf(`[features]\n${pinned.map((k) => `${quoted(k)} = ${value}`).join('\n')}\n`);
    if (r.error) {
      const culprit = pinned.find((k) => r.error.includes(`features.${k} `));
      if (!culprit) throw new Error(`pin probe: ${r.error}`);
      pinErrors.set(culprit, r.error.split('\n')[0]);
      pinned = pinned.filter((k) => k !== culprit);
      continue;
    }
    for (const key of pinned) {
      const warning = r.warnings.find((w) => w.startsWith(`Ignoring removed \`features\` requirement \`${key}\``));
      if (warning !== undefined) pinIgnored.set(key, warning.replace(/^.* from \S+; /, '').replace(/\.$/, ''));
      else if (r.effective.get(key) !== value && !pinIgnored.has(key)) pinIgnored.set(key, undefined);
    }
    break;
  }
}

const pinAliases = new Map();
for (const candidate of PIN_ALIAS_CANDIDATES) {
  const t = warningsOf(`[features]\n${candidate} = true\n`);
  const f = warningsOf(`[features]\n${candidate} = false\n`);
  if (t.error || f.error || [...t.warnings, ...f.warnings].some((w) => w.includes('unknown'))) continue;
  const moved = keys.filter((k) => t.effective.get(k) !== f.effective.get(k));
  if (moved.length === 1) pinAliases.set(moved[0], [...(pinAliases.get(moved[0]) ?? []), candidate]);
}

/** `features.F requires A or B when enabled` as `{ enableError, enableRequires: [A, B] }`. */
function enableNeeds(key, error) {
  const m = new RegExp(`features\\.${key} requires (.+) when enabled`).exec(error);
  return { enableError: error, ...(m && { enableRequires: m[1].split(/,? or |, /) }) };
}

const features = keys.map((key) => {
  const f = byKey.get(key);
  const stage = STAGES[f.stage];
  if (stage === undefined) throw new Error(`unknown stage ${f.stage} of ${key}`);
  if (defaults.get(key) !== f.defaultEnabled) throw new Error(`${key}: features list and app-server disagree`);
  const source = SOURCE_FACTS[key];
  return {
    key,
    stage,
    default: f.defaultEnabled,
    ...(f.description && { docs: f.description }),
    ...(aliases.has(key) && { aliases: aliases.get(key) }),
    ...(pinAliases.has(key) && { pinAliases: pinAliases.get(key) }),
    ...(requires.has(key) && { requires: requires.get(key) }),
    ...(tableForm.has(key) && { tableForm: true }),
    ...(userIgnored.has(key) && { userValue: 'ignored' }),
    ...(pinIgnored.has(key) && { pin: 'ignored' }),
    ...(pinIgnored.get(key) !== undefined && { pinWarning: pinIgnored.get(key) }),
    ...((enableErrors.has(key) || pinErrors.has(key)) && enableNeeds(key, enableErrors.get(key) ?? pinErrors.get(key))),
    ...(source && { ...source }),
  };
});

const data = {
  codex: version,
  generatedBy: 'scripts/codex/features-catalogue.mjs',
  observed: {
    'key, stage, default, docs': 'codex app-server: experimentalFeature/list (stage beta is read as experimental)',
    userValue: 'codex features list --enable F / --disable F (F unchanged: "ignored")',
    tableForm: 'codex features list with config.toml [features.F] enabled = <not the default>',
    requires: 'codex features list --disable <every other feature> --enable F',
    aliases: `requirements [features] pins of ${ALIAS_CANDIDATES.join(', ')} (from codex-rs/features/src/legacy.rs): "prefer canonical feature key F"`,
    pinAliases: `requirements [features] pins of ${PIN_ALIAS_CANDIDATES.join(', ')} moving one feature without an "unknown" warning`,
    'pin, pinWarning':
      'requirements [features] pinning every feature true, then false: effective value from experimentalFeature/list, warning from configWarning',
    'enableError, enableRequires':
      'the load error Codex gives when the feature is enabled (pinned or by the user) without one of its own settings, and those settings',
    'from (platformDefault, legacyToggles)': 'openai/codex source; Linux cannot show them',
  },
  count: features.length,
  features,
};
writeFileSync(OUT, `${JSON.stringify(data, null, 2)}\n`);
log(`wrote ${features.length} features to ${OUT}`);
