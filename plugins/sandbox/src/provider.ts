import { createProvider, expectEnum, expectEnumList, formatValue, pickAllowed, type Table } from '@ratchet/core';
import { FALLBACK_MODE, SANDBOX_MODES, USER_SANDBOX_MODES, type SandboxMode } from './modes.js';
import { parseRemoteEntries, selectRemoteEntry } from './remote.js';
import { sandboxSchema } from './schema.js';

/** What requirements say about sandboxing (after host-specific entries were applied per layer). */
export interface SandboxRequirement {
  readonly allowed_sandbox_modes?: readonly SandboxMode[];
}

/** The sandbox setting a user configures. */
export interface SandboxSettings {
  readonly sandbox_mode: SandboxMode;
}

/** The sandbox provider: allowed sandbox modes, with per-host overrides from `[[remote_sandbox_config]]`. */
export function sandboxProvider() {
  return createProvider<SandboxRequirement, SandboxSettings>({
    id: 'sandbox',
    docs: {
      summary: 'Constrains sandbox_mode to allowed_sandbox_modes, with host-specific lists.',
      description:
        'allowed_sandbox_modes must include "read-only", the fallback for any disallowed mode. In each layer the first ' +
        '[[remote_sandbox_config]] entry whose hostname_patterns match this machine replaces that layer\'s list ' +
        'before layers combine; patterns are case-insensitive with * and ? only.',
    },
    requirementKeys: ['allowed_sandbox_modes', 'remote_sandbox_config'],
    fields: {
      allowed_sandbox_modes: { docs: 'Sandbox modes users may select; must include read-only.' },
    },
    settings: {
      sandbox_mode: {
        configKey: 'sandbox_mode',
        docs: 'How much the agent may touch outside its workspace.',
        constrainedBy: ['allowed_sandbox_modes'],
        parse: (raw, key, report) => expectEnum(raw, key, report, USER_SANDBOX_MODES),
      },
    },
    schema: sandboxSchema,
    parse(slice, { report, hostname }) {
      let modes: SandboxMode[] | undefined;
      if (slice.allowed_sandbox_modes !== undefined) {
        modes = expectEnumList(slice.allowed_sandbox_modes, 'allowed_sandbox_modes', report, SANDBOX_MODES);
      }
      if (slice.remote_sandbox_config !== undefined) {
        const entries = parseRemoteEntries(slice.remote_sandbox_config, report);
        const host = entries && entries.length > 0 ? hostname() : undefined;
        const selected = entries && selectRemoteEntry(entries, host);
        if (selected) {
          modes = [...selected.entry.allowed_sandbox_modes];
          report.info(
            `remote_sandbox_config[${selected.index}]`,
            'replaced-default',
            `host "${host}" matches "${selected.pattern}": allowed_sandbox_modes = ${formatValue(modes)} applies for this layer`,
          );
        }
      }
      return modes ? { allowed_sandbox_modes: modes } : {};
    },
    validate({ value }, report) {
      const modes = value.allowed_sandbox_modes;
      if (modes && !modes.includes(FALLBACK_MODE)) {
        report.error(
          'allowed_sandbox_modes',
          'invalid-value',
          `allowed_sandbox_modes = ${formatValue(modes)} must include "read-only", the fallback for any disallowed sandbox mode`,
          'add "read-only" to allowed_sandbox_modes',
        );
      }
    },
    tighten(a, b) {
      const x = a.allowed_sandbox_modes;
      const y = b.allowed_sandbox_modes;
      if (!x) return y ? { allowed_sandbox_modes: y } : {};
      return { allowed_sandbox_modes: y ? x.filter((m) => y.includes(m)) : x };
    },
    allows(r, v) {
      return !r.allowed_sandbox_modes || v.sandbox_mode === undefined || r.allowed_sandbox_modes.includes(v.sandbox_mode);
    },
    resolve({ requirement: { value: r, origins }, requested }) {
      const list = r.allowed_sandbox_modes;
      const picked = pickAllowed<SandboxMode>({
        provider: 'sandbox',
        key: 'sandbox_mode',
        requested: requested.sandbox_mode,
        defaultValue: FALLBACK_MODE,
        field: list ? 'allowed_sandbox_modes' : undefined,
        fieldValue: list,
        sources: origins.allowed_sandbox_modes ?? [],
        allowed: (mode) => list!.includes(mode),
        fallback: () => ({ value: FALLBACK_MODE, rule: 'read-only, the sandbox fallback' }),
      });
      return { values: { sandbox_mode: picked.decision }, diagnostics: picked.diagnostics };
    },
    print(r) {
      return r.allowed_sandbox_modes ? { allowed_sandbox_modes: [...r.allowed_sandbox_modes] } : {};
    },
    fromManagedConfig(managed: Table, report) {
      if (managed.sandbox_mode === undefined) return {};
      const mode = expectEnum(managed.sandbox_mode, 'sandbox_mode', report, USER_SANDBOX_MODES);
      if (mode === undefined) return {};
      return { allowed_sandbox_modes: mode === FALLBACK_MODE ? [mode] : [FALLBACK_MODE, mode] };
    },
  });
}
