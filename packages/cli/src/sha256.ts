import { readFileSync } from 'node:fs';

/**
 * Inputs of up to this many bytes are hashed by a WebAssembly SHA-256 (@chainsafe/as-sha256's, copied beside the built
 * command as `sha256.wasm`): loading `node:crypto` costs a one-shot command about 5 ms of a check's 20, several times
 * what the WebAssembly module takes to load and hash this much. Larger inputs go to `node:crypto`, faster per byte.
 */
export const WASM_MAX_BYTES = 64 << 10;

/** The WebAssembly SHA-256's exports: one hash at a time, fed through its input buffer. */
interface Sha256Exports {
  readonly memory: { readonly buffer: ArrayBuffer };
  readonly input: { readonly value: number };
  readonly output: { readonly value: number };
  readonly INPUT_LENGTH: { readonly value: number };
  init(): void;
  update(pointer: number, length: number): void;
  final(pointer: number): void;
}

// The global WebAssembly object (ES2023's lib does not declare it).
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
};

/** The module made from `bytes`. Throws when they are not that module. */
export function wasmSha256(bytes: Uint8Array): (data: Uint8Array) => string {
  const imports = {
    env: {
      abort: () => {
        throw new Error('sha256.wasm stopped');
      },
    },
  };
  const made = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports as Partial<Sha256Exports>;
  const { memory, input, output, INPUT_LENGTH, init, update, final } = made;
  if (!memory || !input || !output || !INPUT_LENGTH || !init || !update || !final)
    throw new Error('not the SHA-256 module');
  return (data) => {
    init();
    const room = INPUT_LENGTH.value;
    for (let at = 0; at < data.length; at += room) {
      const part = data.subarray(at, at + room);
      new Uint8Array(memory.buffer, input.value, part.length).set(part);
      update(input.value, part.length);
    }
    final(output.value);
    return Buffer.from(memory.buffer, output.value, 32).toString('hex');
  };
}

let wasm: ((data: Uint8Array) => string) | null | undefined;

/** The WebAssembly SHA-256 beside this module, or null when it is absent or does not load (the sources run unbuilt). */
function builtWasm(): ((data: Uint8Array) => string) | null {
  if (wasm === undefined) {
    try {
      wasm = wasmSha256(readFileSync(new URL('sha256.wasm', import.meta.url)));
    } catch {
      wasm = null;
    }
  }
  return wasm;
}

/** The SHA-256 of the parts one after the other (text as UTF-8), as hex. */
export function sha256Hex(parts: readonly (string | Uint8Array)[]): string {
  const data = parts.length === 1 && typeof parts[0] !== 'string' ? parts[0]! : Buffer.concat(parts.map(bytesOf));
  const small = data.length <= WASM_MAX_BYTES ? builtWasm() : null;
  if (small) return small(data);
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(data).digest('hex');
}

const bytesOf = (part: string | Uint8Array) => (typeof part === 'string' ? Buffer.from(part) : part);
