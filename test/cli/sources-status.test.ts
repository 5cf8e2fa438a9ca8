// `ratchet sources` lists every source it looks for, with what became of it, and says what an MDM payload must hold.
import { describe, it } from 'vitest';
import { fileScopedDir, lines, runRatchet } from './helpers.js';

/** A hang guard for runs of the command on a machine shared with other work, not a speed claim. */
const HANG_GUARD = { timeout: 120_000 };

const dir = fileScopedDir('ratchet-cli-sources-status-');
const toml = 'allowed_sandbox_modes = ["read-only"]\n';
const plainToml = dir.write('mdm-plain.toml', toml);
const base64 = dir.write('mdm.b64', Buffer.from(toml).toString('base64'));

interface SourcesJson {
  ok: boolean;
  sources: { id: string; status: string; layers: number; how?: string; diagnostics: { message: string }[] }[];
}

const sources = async (env: Record<string, string> = {}) => {
  const result = await runRatchet(['sources', '--json'], { env });
  return { status: result.status, json: JSON.parse(result.stdout) as SourcesJson };
};

describe.concurrent('ratchet sources', HANG_GUARD, () => {
  it('lists the five sources it looks for, in precedence order, each with its status', async ({ expect }) => {
    const { status, json } = await sources();
    expect(status).toBe(0);
    expect(json.sources.map((s) => [s.id.split(':')[0], s.status])).toEqual([
      ['cloud', 'not-configured'],
      ['mdm', 'not-configured'],
      ['system', 'absent'],
      ['mdm-legacy', 'not-configured'],
      ['legacy', 'absent'],
    ]);
    expect(json.sources[0]!.how).toContain('RATCHET_CLOUD_ENDPOINT');
    expect(json.sources[1]!.how).toContain('base64');
  });

  it('an MDM file holding base64: read, 1 layer', async ({ expect }) => {
    const { json } = await sources({ RATCHET_MDM_REQUIREMENTS_FILE: base64 });
    expect(json.sources[1]).toMatchObject({ status: 'read', layers: 1 });
    const text = await runRatchet(['sources'], { env: { RATCHET_MDM_REQUIREMENTS_FILE: base64 } });
    expect(text.stdout).toContain(`  read: 1 layer (from ${base64})`);
  });

  it('an MDM file holding the TOML itself: dropped, exit 2, and the error says it must be base64', async ({
    expect,
  }) => {
    const { status, json } = await sources({ RATCHET_MDM_REQUIREMENTS_FILE: plainToml });
    expect(status).toBe(2);
    expect(json.sources[1]).toMatchObject({ status: 'dropped', layers: 0 });
    expect(json.sources[1]!.diagnostics[0]!.message).toBe(
      'payload is not valid base64 (it looks like TOML, not its base64)',
    );
    // Every other command stops on it with one line that says what the file must hold.
    const resolve = await runRatchet(['resolve'], { env: { RATCHET_MDM_REQUIREMENTS_FILE: plainToml } });
    expect(resolve.status).toBe(2);
    expect(lines(resolve.stderr)).toHaveLength(1);
    expect(resolve.stderr).toContain(plainToml);
    expect(resolve.stderr).toContain('the base64 of a requirements.toml, not the TOML itself');
  });

  it('--help says what RATCHET_MDM_REQUIREMENTS_FILE holds', async ({ expect }) => {
    const { stdout } = await runRatchet(['sources', '--help']);
    expect(stdout.replace(/\s+/g, ' ')).toContain(
      'RATCHET_MDM_REQUIREMENTS_FILE naming a file that holds the base64 text of a requirements.toml (not the TOML itself)',
    );
  });
});
