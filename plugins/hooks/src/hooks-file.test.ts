import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hooksInBoth, readHooksFile } from './hooks-file.js';

const dir = mkdtempSync(join(tmpdir(), 'ratchet-hooks-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const STOP = { Stop: [{ hooks: [{ type: 'command', command: '/bin/true' }] }] };

describe('readHooksFile', () => {
  it('reads {"hooks": {...}} as a [hooks] table; a missing file is no hooks', () => {
    expect(readHooksFile(write('ok.json', JSON.stringify({ hooks: STOP })))).toEqual({
      table: { hooks: STOP },
      diagnostics: [],
    });
    expect(readHooksFile(join(dir, 'missing.json'))).toEqual({ diagnostics: [] });
    expect(readHooksFile(write('empty.json', '{}'))).toEqual({ diagnostics: [] });
  });

  it('refuses a file that is not JSON or not of that shape, naming the file', () => {
    for (const [name, text, words] of [
      ['bad.json', '{"hooks": ', 'invalid JSON'],
      ['list.json', '[]', 'found array'],
      ['num.json', '{"hooks": 3}', 'found integer'],
    ] as const) {
      const { table, diagnostics } = readHooksFile(write(name, text));
      expect(table).toBeUndefined();
      expect(diagnostics).toEqual([
        expect.objectContaining({
          severity: 'error',
          source: join(dir, name),
          key: 'hooks',
          message: expect.stringContaining(words),
        }),
      ]);
    }
  });

  it('warns, as Codex does, when the same layer also has inline [hooks]', () => {
    expect(hooksInBoth('h.json', STOP, STOP)).toEqual(
      expect.objectContaining({
        severity: 'warning',
        source: 'h.json',
        message: expect.stringContaining('prefer a single representation'),
      }),
    );
    expect(hooksInBoth('h.json', STOP, { Stop: [] })).toBeUndefined();
    expect(hooksInBoth('h.json', {}, STOP)).toBeUndefined();
  });
});
