import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from './lines.js';
import { ERRORS, handleLine, methodNames, PROTOCOL_VERSION } from './rpc.js';
import { PolicyService } from './service.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../../docs/serve-protocol.schema.json', import.meta.url), 'utf8'),
) as {
  version: string;
  $defs: {
    request: { properties: { method: { enum: string[] } } };
    error: { properties: { code: { enum: number[] } } };
  };
};

describe('the serve protocol', () => {
  it('is the JSON Schema in docs/: its version, methods and error codes', () => {
    expect(schema.version).toBe(PROTOCOL_VERSION);
    expect([...schema.$defs.request.properties.method.enum].sort()).toEqual(methodNames().sort());
    expect([...schema.$defs.error.properties.code.enum].sort()).toEqual(Object.values(ERRORS).sort());
  });

  it('answers lines without throwing, whatever they hold', async () => {
    const service = await PolicyService.start(
      {
        flags: {
          requirements: [],
          noDefaultSources: true,
          overrides: [],
          strict: false,
          config: '/nonexistent/config.toml',
        },
        rules: [],
      },
      { write: () => true },
      { watchMs: 0 },
    );
    const code = async (text: string) => {
      const reply = await handleLine(text, service);
      return reply === undefined ? undefined : (JSON.parse(reply) as { error?: { code: number } }).error?.code;
    };
    expect(await code('{')).toBe(ERRORS.parse);
    expect(await code('"text"')).toBe(ERRORS.invalidRequest);
    expect(await code('{"jsonrpc":"2.0","id":true,"method":"check"}')).toBe(ERRORS.invalidRequest);
    expect(await code('{"jsonrpc":"2.0","id":1,"method":"toString"}')).toBe(ERRORS.methodNotFound);
    expect(await code('{"jsonrpc":"2.0","id":1,"method":"check","params":{"command":[1]}}')).toBe(ERRORS.invalidParams);
    expect(await code('{"jsonrpc":"2.0","method":"check","params":{"command":[1]}}')).toBeUndefined();
    expect(await code('{"jsonrpc":"2.0","id":1,"method":"check","params":["ls"]}')).toBeUndefined();
    expect(await code('{"jsonrpc":"2.0","id":1,"method":"resolve"}')).toBe(ERRORS.input); // the config file is missing
    service.close();
  });
});

describe('LineSplitter', () => {
  it('splits lines across chunks, drops a CR before LF, decodes UTF-8 split between chunks', () => {
    const s = new LineSplitter(100);
    const bytes = Buffer.from('a\r\nbé\n');
    expect([...s.push(bytes.subarray(0, 5)), ...s.push(bytes.subarray(5))]).toEqual([{ text: 'a' }, { text: 'bé' }]);
    expect(s.push('tail')).toEqual([]);
    expect(s.end()).toEqual([{ text: 'tail' }]);
  });

  it('reports a line over the cap without keeping it, then goes on', () => {
    const s = new LineSplitter(10);
    expect(s.push('x'.repeat(8))).toEqual([]);
    expect(s.push('x'.repeat(50))).toEqual([]);
    expect(s.push('yy\nok\n')).toEqual([{ tooLong: 60 }, { text: 'ok' }]);
  });
});
