import { describeFsError, formatDiagnostic, InputError, isFsError, RatchetError } from '@ratchet/core';
import { createHost, loadPlugins, pluginList } from '@ratchet/host';
import { UsageError } from './args.js';
import type { CommandSpec } from './command-table.js';
import { closeDecisionLog, openDecisionLog, useDecisionLog } from './decision-log.js';
import { unknownOptionHint } from './help.js';
import { builtinPlugins, useHost } from './host.js';
import { globalArgs } from './main.js';
import { line, warnLine, type Output } from './output.js';

/** Runs one command as a host composed through `@ratchet/host`, turning what it throws into one line and a status. */
export async function dispatch(spec: CommandSpec, given: readonly string[], out: Output, err: Output): Promise<number> {
  let args: readonly string[] = given;
  try {
    const global = globalArgs(given);
    args = global.args;
    const named = [...pluginList(process.env.RATCHET_PLUGINS), ...global.plugins];
    const loaded = named.length > 0 ? await loadPlugins(named) : [];
    useHost(createHost({ plugins: [...builtinPlugins(), ...loaded] }), loaded.length > 0);
    useDecisionLog(await openDecisionLog(global.decisionLog, process.env));
    const command = await spec.load();
    return await command(args, out, err);
  } catch (error) {
    if (error instanceof InputError) {
      for (const d of error.errors) line(err, `ratchet: ${formatDiagnostic(d)}`);
      return 2;
    }
    if (error instanceof UsageError) {
      const hint =
        error.option !== undefined ? unknownOptionHint(spec, error, args) : `; run ratchet ${spec.name} --help`;
      line(err, `ratchet ${spec.name}: ${error.message}${hint}`);
      return 2;
    }
    if (error instanceof RatchetError) {
      line(err, `ratchet: ${error.message}`);
      return error.exitCode;
    }
    if (isFsError(error)) {
      // A filesystem error no command turned into input data is still the user's file or folder: name it and a fix.
      const { reason, fix } = describeFsError(error.code);
      const where = typeof error.path === 'string' ? `${error.path}: ` : '';
      line(err, `ratchet: ${where}cannot ${error.syscall ?? 'use it'} ${reason} (fix: ${fix})`);
      return 2;
    }
    line(err, `ratchet: internal error: ${(error as Error)?.message ?? String(error)}`);
    if (process.env.RATCHET_DEBUG) line(err, String((error as Error)?.stack));
    return 1;
  } finally {
    // Decisions recorded before a refusal are flushed too; a log that cannot be flushed never changes the answer.
    await closeDecisionLog().catch((error: unknown) =>
      warnLine(err, `decision log: ${(error as Error)?.message ?? String(error)}`),
    );
  }
}
