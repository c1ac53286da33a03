// An LSTM layer in one kernel call per pass: all T steps forward, and back through time, on this
// project's WebAssembly kernels (src/kernels/assembly) instead of ~20 small tfjs ops per step, with the
// input's share of the gates and every weight gradient as products over all steps at once.

/** The compiled kernels' exports (see src/kernels/assembly/index.ts for what each computes). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  matmul(a: number, b: number, c: number, m: number, k: number, n: number, accumulate: boolean): void;
  matmulTN(a: number, b: number, c: number, m: number, k: number, n: number): void;
  transpose(a: number, b: number, m: number, n: number): void;
  add(a: number, b: number, out: number, n: number): void;
  addRows(x: number, bias: number, rows: number, cols: number): void;
  sumRows(x: number, out: number, rows: number, cols: number): void;
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

/**
 * What the forward pass keeps for the backward one, in the kernels' memory until the next pass begins: per
 * step the activated gates [T, B, 4H], tanh(c) [T, B, H], and c, h [T + 1, B, H] (c_0 and h_0 first).
 */
export interface RecurrenceCache {
  pass: number;
  T: number;
  B: number;
  D: number;
  H: number;
  /** The layer's input x [T, B, D], W_ih [4H, D] and W_hh [4H, H], kept for the backward pass. */
  x: number;
  wIh: number;
  wHh: number;
  gates: number;
  c: number;
  tanhC: number;
  h: number;
}

/**
 * The kernels with a bump allocator over their memory. A pass (one training step, or one evaluation) starts
 * with `beginPass`, which frees everything; forward caches live until then, so the backward pass reads them
 * where they are.
 */
export class Kernels {
  private top: number;
  private pass = 0;
  private readonly base: number;

  constructor(readonly k: KernelExports) {
    this.base = k.memory.buffer.byteLength;
    this.top = this.base;
  }

  /** Frees every buffer of the pass before: the caches of its forward pass go too. */
  beginPass(): void {
    this.top = this.base;
    this.pass++;
  }

  /** Room for `floats` float32s (16-byte aligned), growing the memory when needed. */
  private alloc(floats: number): number {
    const ptr = this.top;
    this.top += Math.ceil((floats * 4) / 16) * 16;
    const need = this.top - this.k.memory.buffer.byteLength;
    if (need > 0) this.k.memory.grow(Math.ceil(need / 65536));
    return ptr;
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
   * A whole layer forward from zero states: gates_t = x_t W_ih^T + b + h_{t-1} W_hh^T, then the cell, for all T
   * steps. x [T, B, D], wIh [4H, D], bias [4H] (b_ih + b_hh), wHh [4H, H]. Returns all h_t [T, B, H] and the cache.
   */
  lstmLayer(
    x: Float32Array,
    wIh: Float32Array,
    bias: Float32Array,
    wHh: Float32Array,
    T: number,
    B: number,
    D: number,
    H: number,
  ): { out: Float32Array; cache: RecurrenceCache } {
    const G = 4 * H;
    const step = B * H;
    const xP = this.put(x);
    const wIhP = this.put(wIh);
    const wIhT = this.alloc(D * G);
    this.k.transpose(wIhP, wIhT, G, D); // [D, 4H]
    const wHhT = this.alloc(H * G);
    const wHhP = this.put(wHh); // [4H, H], kept for the backward pass
    this.k.transpose(wHhP, wHhT, G, H); // [H, 4H]
    const gates = this.alloc(T * B * G); // [T, B, 4H]: the pre-activations, then the activations
    this.k.matmul(xP, wIhT, gates, T * B, D, G, false);
    this.k.addRows(gates, this.put(bias), T * B, G);
    const h = this.alloc((T + 1) * step);
    const c = this.alloc((T + 1) * step);
    const tanhC = this.alloc(T * step);
    new Float32Array(this.k.memory.buffer, h, step).fill(0);
    new Float32Array(this.k.memory.buffer, c, step).fill(0);
    for (let t = 0; t < T; t++) {
      const g = gates + t * B * G * 4;
      this.k.matmul(h + t * step * 4, wHhT, g, B, H, G, true);
      this.k.lstmCell(g, c + t * step * 4, c + (t + 1) * step * 4, tanhC + t * step * 4, h + (t + 1) * step * 4, B, H);
    }
    return { out: this.take(h + step * 4, T * step), cache: { pass: this.pass, T, B, D, H, x: xP, wIh: wIhP, wHh: wHhP, gates, c, tanhC, h } };
  }

  /**
   * Back through the layer: from dOut [T, B, H], the gradients of x [T, B, D], W_ih [4H, D], W_hh [4H, H] and
   * the bias [4H] (the same for b_ih and b_hh).
   */
  lstmLayerBackward(cache: RecurrenceCache, dOut: Float32Array) {
    if (cache.pass !== this.pass) throw new Error('The forward pass of this LSTM layer was freed: run forward and backward within one pass.');
    const { T, B, D, H, x, wIh, wHh: wHhP, gates, c, tanhC, h } = cache;
    const G = 4 * H;
    const step = B * H;
    const dOutP = this.put(dOut);
    const dGates = this.alloc(T * B * G);
    const dhNext = this.alloc(step);
    const dh = this.alloc(step);
    const dc = this.alloc(step);
    new Float32Array(this.k.memory.buffer, dhNext, step).fill(0);
    new Float32Array(this.k.memory.buffer, dc, step).fill(0);
    for (let t = T - 1; t >= 0; t--) {
      this.k.add(dOutP + t * step * 4, dhNext, dh, step);
      const dg = dGates + t * B * G * 4;
      this.k.lstmCellBackward(gates + t * B * G * 4, c + t * step * 4, tanhC + t * step * 4, dh, dc, dg, B, H);
      this.k.matmul(dg, wHhP, dhNext, B, G, H, false); // dh_{t-1} = dGates W_hh
    }
    // The weights' gradients sum over all steps and rows at once: dW_hh = dGates^T h_{0..T-1}, dW_ih = dGates^T x.
    const dWhh = this.alloc(G * H);
    this.k.matmulTN(dGates, h, dWhh, G, T * B, H);
    const dWih = this.alloc(G * D);
    this.k.matmulTN(dGates, x, dWih, G, T * B, D);
    const dBias = this.alloc(G);
    new Float32Array(this.k.memory.buffer, dBias, G).fill(0);
    this.k.sumRows(dGates, dBias, T * B, G);
    const dX = this.alloc(T * B * D);
    this.k.matmul(dGates, wIh, dX, T * B, G, D, false);
    return { dX: this.take(dX, T * B * D), dWih: this.take(dWih, G * D), dWhh: this.take(dWhh, G * H), dBias: this.take(dBias, G) };
  }
}
