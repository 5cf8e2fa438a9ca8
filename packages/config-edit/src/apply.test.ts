import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'smol-toml';
import type { ConfigEdit } from '@ratchet/core';
import { applyEdits } from './apply.js';
import { lineDiff } from './line-diff.test-helper.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const STYLED = fixture('styled.toml');

const set = (key: string, value: unknown): ConfigEdit => ({ key, value });
const unset = (key: string): ConfigEdit => ({ key, value: undefined });

describe('applyEdits on a hand-styled config (golden line diffs)', () => {
  const cases: { name: string; edit: ConfigEdit; removed: string[]; added: string[] }[] = [
    {
      name: 'replaces a literal string in place, keeping its quotes, spacing and comment',
      edit: set('model', 'gpt-5'),
      removed: ["model   =   'o3'          # the default model"],
      added: ["model   =   'gpt-5'          # the default model"],
    },
    {
      name: 'a literal string that cannot stay literal becomes a basic string, not a multi-line one',
      edit: set('model', "it's"),
      removed: ["model   =   'o3'          # the default model"],
      added: ['model   =   "it\'s"          # the default model'],
    },
    {
      name: 'keeps a tab-indented line with no spaces around = as it was',
      edit: set('sandbox_mode', 'read-only'),
      removed: ['\tsandbox_mode="workspace-write"   # tab-indented, no spaces'],
      added: ['\tsandbox_mode="read-only"   # tab-indented, no spaces'],
    },
    {
      name: 'removes just the key line, keeping the comment above it',
      edit: unset('features.personality'),
      removed: ['personality = true'],
      added: [],
    },
    {
      name: 'replaces a value in a profile table',
      edit: set('profiles.work.approval_policy', 'never'),
      removed: ['approval_policy = "untrusted"'],
      added: ['approval_policy = "never"'],
    },
    {
      name: 'adds a new key to the profile table that owns it, after its last key, with its indentation',
      edit: set('profiles.work.sandbox_mode', 'read-only'),
      removed: [],
      added: ['  sandbox_mode = "read-only"'],
    },
    {
      name: 'changes one member of an inline table in its own style',
      edit: set('features.shell.timeout_ms', 10000),
      removed: ['shell = { enabled = true, timeout_ms = 5_000 }   # an inline table'],
      added: ['shell = { enabled = true, timeout_ms = 10_000 }   # an inline table'], // toml-patch keeps the digit grouping
    },
    {
      name: 'adds a table-valued member to an inline table as an inline table',
      edit: set('features.shell.env', { LANG: 'fr_FR.UTF-8', 'key with space': ['a', 'b'] }),
      removed: ['shell = { enabled = true, timeout_ms = 5_000 }   # an inline table'],
      added: [
        'shell = { enabled = true, timeout_ms = 5_000, env = { LANG = "fr_FR.UTF-8", "key with space" = ["a", "b"] } }   # an inline table',
      ],
    },
    {
      name: 'removes one member of an inline table',
      edit: unset('features.shell.enabled'),
      removed: ['shell = { enabled = true, timeout_ms = 5_000 }   # an inline table'],
      added: ['shell = { timeout_ms = 5_000 }   # an inline table'],
    },
    {
      name: 'adds a dotted key next to its siblings in a table defined by dotted keys',
      edit: set('tools.web_search.region', 'eu'),
      removed: [],
      added: ['web_search.region = "eu"'],
    },
    {
      name: 'adds a top-level key after the last top-level key, above the first table and its comment',
      edit: set('model_reasoning_effort', 'high'),
      removed: [],
      added: ['model_reasoning_effort = "high"'],
    },
    {
      name: 'writes unicode and escapes control characters',
      edit: set('profiles.work.model', 'ünïcode ✓ "q" \\ \t\u0007'),
      removed: ['  model = "gpt-5"'],
      added: ['  model = "ünïcode ✓ \\"q\\" \\\\ \\t\\u0007"'],
    },
    {
      name: 'replaces a multi-line array keeping its layout',
      edit: set('notify', ['notify-send', 'Ratchet']),
      removed: ['  "Codex",'],
      added: ['  "Ratchet",'],
    },
    {
      name: 'removes a multi-line key = value entirely',
      edit: unset('notify'),
      removed: ['notify = [', '  "notify-send",   # the program', '  "Codex",', ']'],
      added: [],
    },
  ];
  for (const { name, edit, removed, added } of cases) {
    it(name, () => {
      expect(lineDiff(STYLED, applyEdits(STYLED, [edit]))).toEqual({ removed, added });
    });
  }

  it('appends a missing table at the end as a [table] header with the key', () => {
    const out = applyEdits(STYLED, [set('profiles.home.approval_policy', 'on-request')]);
    expect(out.startsWith(STYLED)).toBe(true);
    expect(out.slice(STYLED.length)).toBe('\n[profiles.home]\napproval_policy = "on-request"\n');
  });

  it('applies a batch to the golden output byte for byte', () => {
    const out = applyEdits(STYLED, [
      set('model', 'gpt-5-codex'),
      unset('features.code_mode'),
      set('features.unified_exec', true),
      set('profiles.work.approval_policy', 'on-request'),
      unset('mcp_servers_list'),
      set('profiles.ci', { approval_policy: 'never', sandbox_mode: 'read-only' }),
      set('tools.web_search', { enabled: false }),
    ]);
    expect(out).toBe(fixture('styled.edited.toml'));
  });
});

describe('applyEdits layout rules', () => {
  it('keeps CRLF line endings, writing new lines with CRLF', () => {
    const out = applyEdits('a = 1\r\n[t]\r\nx = 1\r\n', [set('t.y', 2), set('b', 3)]);
    expect(out).toBe('a = 1\r\nb = 3\r\n[t]\r\nx = 1\r\ny = 2\r\n');
  });

  it('keeps a file without a final line break without one', () => {
    expect(applyEdits('a = 1', [set('b', 2)])).toBe('a = 1\nb = 2');
    expect(applyEdits('a = 1\nb = 2', [unset('b')])).toBe('a = 1');
  });

  it('writes into an empty file', () => {
    expect(applyEdits('', [set('model', 'o3')])).toBe('model = "o3"\n');
    expect(applyEdits('', [set('features.personality', true)])).toBe('[features]\npersonality = true\n');
  });

  it('puts the first top-level key above the comment that introduces the first table', () => {
    const text = '# my config\n\n# the features\n[features]\nx = true\n';
    expect(applyEdits(text, [set('model', 'o3')])).toBe(
      '# my config\n\nmodel = "o3"\n# the features\n[features]\nx = true\n',
    );
  });

  it('adds to an empty table right under its header, and to an empty inline table', () => {
    expect(applyEdits('[a]\n\n[b]\n', [set('a.x', 1)])).toBe('[a]\nx = 1\n\n[b]\n');
    expect(applyEdits('t = {}\n', [set('t.x', 'y')])).toBe('t = { x = "y" }\n');
  });

  it('a table left empty by a removal stays, as an empty table', () => {
    expect(applyEdits('[tools]\nweb_search.enabled = true\n', [unset('tools.web_search.enabled')])).toBe(
      '[tools]\nweb_search = {}\n',
    );
    expect(applyEdits('[profiles.work]\nmodel = "o3"\n', [unset('profiles.work')])).toBe('[profiles]\n');
    expect(applyEdits('t = { a = 1 }\n', [unset('t.a')])).toBe('t = {}\n');
  });

  it('removing what is not there changes nothing', () => {
    expect(applyEdits(STYLED, [unset('nope'), unset('model.deeper'), unset('mcp_servers_list.name')])).toBe(STYLED);
  });

  it('replaces a value that a key below it needs to be a table', () => {
    expect(applyEdits('model = "o3" # m\n', [set('model.name', 'x')])).toBe('model = { name = "x" } # m\n');
    expect(applyEdits('[[s]]\nname = "a"\n\n[t]\n', [set('s.name', 'b')])).toBe('[t]\n\n[s]\nname = "b"\n');
  });

  it('reads back as exactly the edits applied', () => {
    const out = applyEdits(STYLED, [set('features', { personality: false }), unset('profiles.work.model')]);
    const read = parse(out) as { features: unknown; profiles: { work: unknown } };
    expect(read.features).toEqual({ personality: false });
    expect(read.profiles.work).toEqual({ approval_policy: 'untrusted' });
  });
});
