import { describeFsError, formatDiagnostic, InputError, isFsError, RatchetError } from '@ratchet/core';
import { createHost, loadPlugins, pluginList } from '@ratchet/host';
import { UsageError } from './args.js';
import { builtinPlugins, useHost } from './host.js';
import { pluginFlags, type Command } from './main.js';
import { line, type Output } from './output.js';

/** Runs one command as a host composed through `@ratchet/host`, turning what it throws into one line and a status. */
export async function dispatch(
  name: string,
  rest: readonly string[],
  load: () => Promise<Command>,
  out: Output,
  err: Output,
): Promise<number> {
  try {
    const { args, plugins } = pluginFlags(rest);
    const named = [...pluginList(process.env.RATCHET_PLUGINS), ...plugins];
    const loaded = named.length > 0 ? await loadPlugins(named) : [];
    useHost(createHost({ plugins: [...builtinPlugins(), ...loaded] }), loaded.length > 0);
    const command = await load();
    return await command(args, out, err);
  } catch (error) {
    if (error instanceof InputError) {
      for (const d of error.errors) line(err, `ratchet: ${formatDiagnostic(d)}`);
      return 2;
    }
    if (error instanceof UsageError) {
      line(err, `ratchet ${name}: ${error.message}; run ratchet --help`);
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
  }
}
