// The LSTM's recurrence in one kernel call per pass: all T steps forward, and back through time, on this
// project's WebAssembly kernels (src/kernels/assembly) instead of ~20 small tfjs ops per step. The input's
// share of the gates (x W_ih^T + b) stays a single tfjs product; what is here is what tfjs cannot batch.

/** The compiled kernels' exports (see src/kernels/assembly/index.ts for what each computes). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  matmul(a: number, b: number, c: number, m: number, k: number, n: number, accumulate: boolean): void;
  transpose(a: number, b: number, m: number, n: number): void;
  add(a: number, b: number, out: number, n: number): void;
  lstmCell(gates: number, cPrev: number, c: number, tanhC: number, h: number, batch: number, hidden: number): void;
  lstmCellBackward(gates: number, cPrev: number, tanhC: number, dh: number, dc: number, dGates: number, batch: number, hidden: number): void;
}

/** Instantiates the kernels from the compiled module's bytes (or a fetched response). */
export async function loadKernels(source: BufferSource | Response): Promise<Kernels> {
  const imports = {
    env: {
      abort: () => {
        throw new Error('A WebAssembly kernel aborted.');
      },
    },
  };
  const { instance } = source instanceof Response ? await WebAssembly.instantiateStreaming(source, imports) : await WebAssembly.instantiate(source, imports);
  return new Kernels(instance.exports as unknown as KernelExports);
}

/** What the forward pass keeps for the backward one: per step the activated gates, c, tanh(c), and h (with h_0, c_0 first). */
export interface RecurrenceCache {
  T: number;
  B: number;
  H: number;
  gates: Float32Array; // [T, B, 4H]
  c: Float32Array; // [T + 1, B, H]
  tanhC: Float32Array; // [T, B, H]
  h: Float32Array; // [T + 1, B, H]
}

/** The kernels with a bump allocator over their memory, reset at the start of each pass. */
export class Kernels {
  private top = 0;
  private readonly base: number;

  constructor(readonly k: KernelExports) {
    this.base = k.memory.buffer.byteLength;
  }

  /** Room for `floats` float32s (16-byte aligned), growing the memory when needed. */
  private alloc(floats: number): number {
    const ptr = this.top;
    this.top += Math.ceil((floats * 4) / 16) * 16;
    const need = this.top - this.k.memory.buffer.byteLength;
    if (need > 0) this.k.memory.grow(Math.ceil(need / 65536));
    return ptr;
  }

  private reset(): void {
    this.top = this.base;
  }

  private put(values: Float32Array): number {
    const ptr = this.alloc(values.length);
    new Float32Array(this.k.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  private take(ptr: number, floats: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, ptr, floats).slice();
  }

  /**
   * The recurrence forward: gates_t = gin_t + h_{t-1} W_hh^T, then the cell. gin [T, B, 4H] is the input's
   * share of the gates (biases included), wHh [4H, H], h0 and c0 [B, H]. Returns all h_t [T, B, H] and the cache.
   */
  recurrence(
    gin: Float32Array,
    wHh: Float32Array,
    h0: Float32Array,
    c0: Float32Array,
    T: number,
    B: number,
    H: number,
  ): { out: Float32Array; cache: RecurrenceCache } {
    this.reset();
    const G = 4 * H;
    const step = B * H;
    const wHhT = this.alloc(H * G);
    this.k.transpose(this.put(wHh), wHhT, G, H); // [H, 4H]
    const gates = this.put(gin); // [T, B, 4H], overwritten with the activations
    const h = this.alloc((T + 1) * step);
    const c = this.alloc((T + 1) * step);
    const tanhC = this.alloc(T * step);
    new Float32Array(this.k.memory.buffer, h, step).set(h0);
    new Float32Array(this.k.memory.buffer, c, step).set(c0);
    for (let t = 0; t < T; t++) {
      const g = gates + t * B * G * 4;
      this.k.matmul(h + t * step * 4, wHhT, g, B, H, G, true);
      this.k.lstmCell(g, c + t * step * 4, c + (t + 1) * step * 4, tanhC + t * step * 4, h + (t + 1) * step * 4, B, H);
    }
    const cache: RecurrenceCache = {
      T,
      B,
      H,
      gates: this.take(gates, T * B * G),
      c: this.take(c, (T + 1) * step),
      tanhC: this.take(tanhC, T * step),
      h: this.take(h, (T + 1) * step),
    };
    return { out: cache.h.subarray(step), cache };
  }

  /**
   * Back through time: from dOut [T, B, H] (and the final states' gradients dhT, dcT [B, H]), the gradients of
   * gin [T, B, 4H], W_hh [4H, H], h0 and c0.
   */
  recurrenceBackward(cache: RecurrenceCache, wHh: Float32Array, dOut: Float32Array, dhT?: Float32Array, dcT?: Float32Array) {
    this.reset();
    const { T, B, H } = cache;
    const G = 4 * H;
    const step = B * H;
    const wHhP = this.put(wHh); // [4H, H]
    const gates = this.put(cache.gates);
    const c = this.put(cache.c);
    const tanhC = this.put(cache.tanhC);
    const h = this.put(cache.h);
    const dOutP = this.put(dOut);
    const dGates = this.alloc(T * B * G);
    const dhNext = this.alloc(step);
    const dh = this.alloc(step);
    const dc = this.alloc(step);
    const mem = () => this.k.memory.buffer;
    new Float32Array(mem(), dhNext, step).set(dhT ?? new Float32Array(step));
    new Float32Array(mem(), dc, step).set(dcT ?? new Float32Array(step));
    for (let t = T - 1; t >= 0; t--) {
      this.k.add(dOutP + t * step * 4, dhNext, dh, step);
      const dg = dGates + t * B * G * 4;
      this.k.lstmCellBackward(gates + t * B * G * 4, c + t * step * 4, tanhC + t * step * 4, dh, dc, dg, B, H);
      this.k.matmul(dg, wHhP, dhNext, B, G, H, false); // dh_{t-1} = dGates W_hh
    }
    // dW_hh = sum over t of dGates_t^T h_{t-1}: one product over all steps.
    const dGatesT = this.alloc(T * B * G);
    this.k.transpose(dGates, dGatesT, T * B, G); // [4H, T B]
    const dWhh = this.alloc(G * H);
    this.k.matmul(dGatesT, h, dWhh, G, T * B, H, false);
    return { dGin: this.take(dGates, T * B * G), dWhh: this.take(dWhh, G * H), dh0: this.take(dhNext, step), dc0: this.take(dc, step) };
  }
}
