// What Codex and what Ratchet make of one case, in one shape so that compare.mjs can set them side by side:
//   { loaded, error?, effective: { approval_policy, approvals_reviewer, sandbox_mode, features, hooks }, warnings }
// (a `.rules` case: { loaded, error?, decisions: [decision per command] }).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appServer, execpolicyCheck } from '../codex/codex.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const RATCHET = join(repo, 'packages/cli/bin/ratchet.js');

const SANDBOX = { readOnly: 'read-only', workspaceWrite: 'workspace-write', dangerFullAccess: 'danger-full-access' };
const pascal = (name) => name.charAt(0).toUpperCase() + name.slice(1);

/** The config key a Codex warning is about, or undefined for a message this table does not know. */
export function codexWarningKey(text) {
  const patterns = [
    [/^Configured value for `([^`]+)`/, (m) => m[1]],
    [/`features` requirement `([^`]+)`/, (m) => `features.${m[1]}`],
    [/^`\[features\]\.([\w.]+)` is deprecated/, (m) => `features.${m[1]}`],
    [/^clamping (\w+) hook timeout/, (m) => `hooks.${m[1]}`],
    [/^(invalid matcher|skipping empty hook command|loading hooks from both)/, () => 'hooks'],
    // "Codex is ignoring 1 unrecognized configuration setting … `rules.prefix_rules.0.reviewer` is ignored."
    [/`([^`]+)` is ignored\.?$/, (m) => m[1].replace(/\.(\d+)(?=\.|$)/g, '[$1]')],
  ];
  for (const [re, key] of patterns) {
    const m = re.exec(text);
    if (m) return key(m);
  }
  return undefined;
}

/** Codex's answer for a requirements case (one requirements file, the system layer, and a user config.toml). */
export function codexResolve(bin, { requirements, config = '' }) {
  const { startup, rpc } = appServer(bin, { requirements, config });
  if (startup.error || rpc.initialize !== 'ok') {
    const detail = startup.error?.data?.detail ?? startup.error?.message ?? 'app-server did not start';
    return { loaded: false, error: detail.split('\n')[0] };
  }
  const hooks = {};
  for (const h of rpc.hooks?.data?.[0]?.hooks ?? []) {
    (hooks[pascal(h.eventName)] ??= []).push({ matcher: h.matcher ?? null, command: h.command, timeout: h.timeoutSec });
  }
  const thread = rpc.thread ?? {};
  return {
    loaded: true,
    effective: {
      ...(thread.approvalPolicy !== undefined && { approval_policy: thread.approvalPolicy }),
      ...(thread.approvalsReviewer !== undefined && { approvals_reviewer: thread.approvalsReviewer }),
      ...(thread.sandbox?.type !== undefined && { sandbox_mode: SANDBOX[thread.sandbox.type] ?? thread.sandbox.type }),
      ...(thread.modelProvider !== undefined && { model_provider: thread.modelProvider }),
      // The login methods left once the user's config is applied (the parsed requirements show them so).
      ...(startup.configRequirements?.requirements?.allowedLoginMethods && {
        allowed_login_methods: startup.configRequirements.requirements.allowedLoginMethods,
      }),
      features: Object.fromEntries((rpc.features ?? []).map((f) => [f.name, f.enabled])),
      hooks,
    },
    warnings: [...(rpc.warnings ?? []), ...(rpc.hooks?.data?.[0]?.warnings ?? [])].map((text) => ({
      key: codexWarningKey(text),
      text,
    })),
    read: startup.configRequirements?.requirements ?? {},
  };
}

/** Runs the built `ratchet` command with an empty home, in a scratch folder holding `files`. */
function ratchet(args, files) {
  const dir = mkdtempSync(join(tmpdir(), 'ratchet-diff-'));
  try {
    const paths = Object.fromEntries(
      Object.entries(files).map(([name, text]) => {
        writeFileSync(join(dir, name), text);
        return [name, join(dir, name)];
      }),
    );
    const r = spawnSync(process.execPath, [RATCHET, ...args(paths)], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir, CODEX_HOME: dir },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.replaceAll(dir, '<dir>') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Ratchet's answer for a requirements case, from `ratchet resolve --json`. */
export function ratchetResolve({ requirements, config = '' }) {
  const r = ratchet(
    (p) => ['resolve', '--requirements', p['requirements.toml'], '--config', p['config.toml'], '--json'],
    {
      'requirements.toml': requirements,
      'config.toml': config,
    },
  );
  if (r.status !== 0) return { loaded: false, error: r.stderr.trim().split('\n').at(-1) ?? `exit ${r.status}` };
  const out = JSON.parse(r.stdout);
  const e = out.effective;
  const hooks = {};
  for (const [event, groups] of Object.entries(e.hooks ?? {})) {
    if (!Array.isArray(groups)) continue;
    for (const g of groups)
      for (const h of g.hooks ?? [])
        if (h.type === 'command')
          (hooks[event] ??= []).push({ matcher: g.matcher ?? null, command: h.command, timeout: h.timeout });
  }
  return {
    loaded: true,
    effective: {
      approval_policy: e.approval_policy,
      approvals_reviewer: e.approvals_reviewer,
      sandbox_mode: e.sandbox_mode,
      model_provider: e.model_provider,
      allowed_login_methods: e.allowed_login_methods,
      features: e.features ?? {},
      hooks,
    },
    warnings: [...(out.warnings ?? []), ...(out.notices ?? [])].map((w) => ({
      key: w.key ?? null,
      kind: w.kind,
      text: w.message,
    })),
  };
}

/** Codex's decisions for a `.rules` case (`codex execpolicy check`), one per command, or its load error. */
export function codexCheck(bin, { rules, commands }) {
  const decisions = [];
  for (const command of commands) {
    const r = execpolicyCheck(bin, rules, command);
    if (r.error !== undefined) {
      // Codex's reason is the last `error: …` line that is not the start of a traceback.
      const reasons = r.error.split('\n').filter((l) => /error: /.test(l) && !/Traceback/.test(l));
      return { loaded: false, error: (reasons.at(-1)?.replace(/^.*error: /, '') ?? r.error.split('\n')[0]).trim() };
    }
    decisions.push(r.decision);
  }
  return { loaded: true, decisions };
}

/** Ratchet's decisions for a `.rules` case (`ratchet check --rules`), one per command, or its load error. */
export function ratchetCheck({ rules, commands }) {
  const decisions = [];
  const files = Object.fromEntries(rules.map((text, i) => [`user-${i}.rules`, text]));
  for (const command of commands) {
    const r = ratchet(
      (p) => [
        'check',
        '--no-default-sources',
        ...rules.flatMap((_, i) => ['--rules', p[`user-${i}.rules`]]),
        '--json',
        '--',
        ...command,
      ],
      files,
    );
    if (r.status !== 0) return { loaded: false, error: r.stderr.trim().split('\n')[0] ?? `exit ${r.status}` };
    decisions.push(JSON.parse(r.stdout).decision);
  }
  return { loaded: true, decisions };
}
