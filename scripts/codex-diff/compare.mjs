// Sets Codex's and Ratchet's observations of one case side by side (pure: observe.mjs gathers them).
// A difference is { kind, path, codex, ratchet }; one that a listed divergence covers carries its reason.

/** JSON with object keys sorted, so that two tables that differ only in key order read the same. */
const canonical = (value) =>
  JSON.stringify(value, (_, v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
const same = (a, b) => canonical(a) === canonical(b);

/** Codex's names for the settings Ratchet warns about under their config.toml keys. */
const RATCHET_KEYS = {
  permission_profile: ['permission_profile', 'sandbox_mode', 'default_permissions'],
  web_search_mode: ['web_search'],
};

/** The keys a Codex warning key may be reported under: Codex says `features` requirement also of [feature_requirements]. */
const spellings = (key) =>
  key.startsWith('features.') ? [key, `feature_requirements.${key.slice(9)}`] : (RATCHET_KEYS[key] ?? [key]);

/** Whether Ratchet reported something (warning or notice) about `key`: the key itself or a key inside it. */
const reported = (warnings, key) =>
  spellings(key).some((k) =>
    warnings.some((w) => w.key !== null && (w.key === k || w.key.startsWith(`${k}.`) || w.key.startsWith(`${k}[`))),
  );

/** `allowed_sandbox_modes` → `allowedSandboxModes`, as Codex's parsed requirements name a key. */
const camel = (key) => key.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** Every difference between Codex's and Ratchet's answer to a requirements case. */
export function compareResolve(codex, ratchet) {
  const out = [];
  if (codex.loaded !== ratchet.loaded) {
    out.push({ kind: 'load', path: '', codex: codex.error ?? 'loads', ratchet: ratchet.error ?? 'loads' });
    return out;
  }
  if (!codex.loaded) return out;
  for (const field of [
    'approval_policy',
    'approvals_reviewer',
    'sandbox_mode',
    'model_provider',
    'allowed_login_methods',
  ]) {
    if (codex.effective[field] !== undefined && !same(codex.effective[field], ratchet.effective[field]))
      out.push({ kind: 'value', path: field, codex: codex.effective[field], ratchet: ratchet.effective[field] });
  }
  for (const [name, value] of Object.entries(codex.effective.features ?? {})) {
    if (ratchet.effective.features?.[name] !== value)
      out.push({ kind: 'value', path: `features.${name}`, codex: value, ratchet: ratchet.effective.features?.[name] });
  }
  for (const name of Object.keys(ratchet.effective.features ?? {}))
    if (!(name in (codex.effective.features ?? {})))
      out.push({
        kind: 'value',
        path: `features.${name}`,
        codex: undefined,
        ratchet: ratchet.effective.features[name],
      });
  const events = new Set([...Object.keys(codex.effective.hooks ?? {}), ...Object.keys(ratchet.effective.hooks ?? {})]);
  for (const event of events) {
    const a = codex.effective.hooks?.[event] ?? [];
    const b = ratchet.effective.hooks?.[event] ?? [];
    if (!same(a, b)) out.push({ kind: 'value', path: `hooks.${event}`, codex: a, ratchet: b });
  }
  for (const w of codex.warnings) {
    if (w.key !== undefined && !reported(ratchet.warnings, w.key))
      out.push({ kind: 'warning', path: w.key, codex: w.text, ratchet: undefined });
  }
  for (const w of ratchet.warnings) {
    // Only a top-level key can be looked up in Codex's parsed requirements.
    if (w.kind !== 'unknown-key' || w.key === null || /[.[]/.test(w.key)) continue;
    const read = codex.read?.[camel(w.key)];
    if (read !== undefined && read !== null)
      out.push({ kind: 'unknown-key', path: w.key, codex: 'reads it', ratchet: w.text });
  }
  return out;
}

/** Every difference between Codex's and Ratchet's answer to a `.rules` case. */
export function compareCheck(codex, ratchet, commands) {
  if (codex.loaded !== ratchet.loaded)
    return [{ kind: 'load', path: '', codex: codex.error ?? 'loads', ratchet: ratchet.error ?? 'loads' }];
  if (!codex.loaded) return [];
  return commands.flatMap((command, i) =>
    codex.decisions[i] === ratchet.decisions[i]
      ? []
      : [{ kind: 'decision', path: command.join(' '), codex: codex.decisions[i], ratchet: ratchet.decisions[i] }],
  );
}

/**
 * The listed divergence that covers a difference of case `id`, if any: same kind, a case that matches (`*` for any),
 * and a path that matches: `path` exactly or by a prefix ending in `*`, or the regular expression `match`.
 */
export function divergenceFor(divergences, id, difference) {
  return divergences.find(
    (d) =>
      d.kind === difference.kind &&
      (d.case === '*' || d.case === id) &&
      (d.match !== undefined
        ? new RegExp(d.match).test(difference.path)
        : d.path === undefined ||
          d.path === difference.path ||
          (d.path.endsWith('*') && difference.path.startsWith(d.path.slice(0, -1)))),
  );
}

/** Splits a case's differences into the reasoned ones (a listed divergence covers them) and the rest. */
export function judge(divergences, id, differences) {
  const reasoned = [];
  const open = [];
  for (const difference of differences) {
    const divergence = divergenceFor(divergences, id, difference);
    if (divergence) reasoned.push({ ...difference, reason: divergence.reason });
    else open.push(difference);
  }
  return { reasoned, open };
}
