/**
 * Just enough of a WebAssembly assembler for the matcher's kernels (src/nlu/similarity-kernel.ts,
 * src/nlu/classifier-kernel.ts):
 * instructions as byte arrays, and a module of one exported function over an imported memory.
 *
 * Why hand-assembled: the kernels are a few dozen instructions, and a toolchain (a compiler to
 * WebAssembly, or a text-format assembler) would be a build dependency for that. Only the
 * instructions the kernels use are here; each is the opcode of the WebAssembly 1.0 binary format (the v128 ones: of the fixed-width SIMD of 2.0).
 */

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
function sleb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** Code: nested arrays of bytes, flattened when the module is made. */
export type Code = number | readonly Code[];

/** The instructions the kernels use (i32, f64, and a few of v128). Loads and stores take a byte offset. */
export const op = {
  get: (local: number): Code => [0x20, ...uleb(local)],
  set: (local: number): Code => [0x21, ...uleb(local)],
  tee: (local: number): Code => [0x22, ...uleb(local)],
  i32: (value: number): Code => [0x41, ...sleb(value)],
  f64: (value: number): Code => [0x44, ...new Uint8Array(Float64Array.of(value).buffer)],
  load: (offset = 0): Code => [0x28, 2, ...uleb(offset)],
  load16: (offset = 0): Code => [0x2f, 1, ...uleb(offset)],
  store: (offset = 0): Code => [0x36, 2, ...uleb(offset)],
  loadF64: (offset = 0): Code => [0x2b, 3, ...uleb(offset)],
  storeF64: (offset = 0): Code => [0x39, 3, ...uleb(offset)],
  add: 0x6a,
  sub: 0x6b,
  mul: 0x6c,
  and: 0x71,
  or: 0x72,
  xor: 0x73,
  shl: 0x74,
  shrS: 0x75,
  shrU: 0x76,
  ctz: 0x68,
  eqz: 0x45,
  eq: 0x46,
  ne: 0x47,
  ltS: 0x48,
  ltU: 0x49,
  gtU: 0x4b,
  geS: 0x4e,
  /** Of the two values under an i32 condition, the first when it is not 0, else the second. */
  select: 0x1b,
  addF64: 0xa0,
  mulF64: 0xa2,
  divF64: 0xa3,
  sqrtF64: 0x9f,
  eqF64: 0x61,
  gtF64: 0x64,
  leF64: 0x65,
  /** `block` / `loop` / `if` with no result; `end` closes each. `br n` leaves n + 1 of them (a loop: goes round again). */
  block: [0x02, 0x40] as Code,
  loop: [0x03, 0x40] as Code,
  if: [0x04, 0x40] as Code,
  else: 0x05,
  end: 0x0b,
  br: (depth: number): Code => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Code => [0x0d, ...uleb(depth)],
  return: 0x0f,
  // Fixed-width SIMD (the 0xfd prefix; V8 has it since Node 16.4): 16-byte loads and stores (no
  // alignment promised), the zero vector, and what adds bytes into 16-bit lanes.
  v128Load: (offset = 0): Code => [0xfd, 0x00, 0, ...uleb(offset)],
  v128Store: (offset = 0): Code => [0xfd, 0x0b, 0, ...uleb(offset)],
  v128Zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)] as Code,
  /** The low / high eight bytes of a vector, unsigned, as eight 16-bit lanes. */
  i16x8ExtendLowU: [0xfd, ...uleb(0x89)] as Code,
  i16x8ExtendHighU: [0xfd, ...uleb(0x8a)] as Code,
  i16x8Add: [0xfd, ...uleb(0x8e)] as Code,
} as const;

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;
export type ValueType = 'i32' | 'f64';
const typeByte = (type: ValueType): number => (type === 'i32' ? I32 : F64);

function flatten(code: Code, out: number[] = []): number[] {
  if (typeof code === 'number') out.push(code);
  else for (const part of code) flatten(part, out);
  return out;
}

function section(id: number, bytes: readonly number[]): number[] {
  return [id, ...uleb(bytes.length), ...bytes];
}

const name = (text: string): number[] => [...uleb(text.length), ...[...text].map((ch) => ch.charCodeAt(0))];

/**
 * The bytes of a module with one function, exported as `name`, over a memory imported as
 * `env.memory` (at least `minPages` pages): its parameters, one i32 result, its locals (numbered
 * after the parameters, the i32s first) and its body (without the final `end`).
 */
export function functionModule(spec: { name: string; params: readonly ValueType[]; i32Locals: number; f64Locals: number; v128Locals?: number; minPages: number; body: Code }): Uint8Array {
  const type = section(1, [1, 0x60, ...uleb(spec.params.length), ...spec.params.map(typeByte), 1, I32]);
  const imports = section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(spec.minPages)]);
  const functions = section(3, [1, 0]);
  const exports = section(7, [1, ...name(spec.name), 0x00, 0]);
  // Locals numbered after the parameters: the i32s, the f64s, then any v128s.
  const v128 = spec.v128Locals ?? 0;
  const locals = v128 > 0 ? [3, ...uleb(spec.i32Locals), I32, ...uleb(spec.f64Locals), F64, ...uleb(v128), V128] : [2, ...uleb(spec.i32Locals), I32, ...uleb(spec.f64Locals), F64];
  const code = [...locals, ...flatten(spec.body), op.end];
  const codeSection = section(10, [1, ...uleb(code.length), ...code]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...imports, ...functions, ...exports, ...codeSection]);
}

/**
 * The part of the WebAssembly JavaScript API the kernels use (this project's TypeScript libraries
 * do not declare it); undefined where WebAssembly is not available (`node --jitless`).
 */
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
export const wasmApi: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** The spec of a one-function module (functionModule). */
export type FunctionSpec = Parameters<typeof functionModule>[0];

/**
 * A kernel of one function, compiled once a process on first use (`spec` is called then): each call
 * of the returned function makes an instance of it with a memory of at least `bytes` (zeroed), or
 * gives undefined where WebAssembly is not available or the module does not compile (then the
 * JavaScript loops run).
 */
export function kernelFactory<F>(spec: () => FunctionSpec): (bytes: number) => { kernel: F; buffer: ArrayBuffer } | undefined {
  let compiled: object | null | undefined;
  let exported = '';
  return (bytes) => {
    if (compiled === undefined) {
      try {
        const built = spec();
        exported = built.name;
        compiled = wasmApi ? new wasmApi.Module(functionModule(built)) : null;
      } catch {
        compiled = null;
      }
    }
    if (!compiled || !wasmApi) return undefined;
    const memory = new wasmApi.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
    const instance = new wasmApi.Instance(compiled, { env: { memory } });
    return { kernel: instance.exports[exported] as F, buffer: memory.buffer };
  };
}

/** Lays tables out one after the other in a kernel's memory, each at an 8-byte aligned offset: `next(bytes)` gives its offset, `next(0)` the size laid out so far. */
export function alignedLayout(): (bytes: number) => number {
  let end = 0;
  return (bytes) => {
    const at = end;
    end = Math.ceil((end + bytes) / 8) * 8;
    return at;
  };
}
