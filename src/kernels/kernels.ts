// This project's WebAssembly kernels (src/kernels/assembly) loaded, and a bump allocator over their memory for
// Lesson 5's recurrences: all T steps forward, and back through time, in one call each, instead of ~20 small
// tfjs ops per step. The engines (gpt/, charLstm/) lay their own instances out.

/** The compiled kernels' exports (see src/kernels/assembly/index.ts for what each computes). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  matmul(a: number, b: number, c: number, m: number, k: number, n: number, accumulate: boolean): void;
  matmulTN(a: number, b: number, c: number, m: number, k: number, n: number): void;
  transpose(a: number, b: number, m: number, n: number): void;
  /** The end of the products' scratch regions: the memory an instance starts with reaches past it, and callers lay out above. */
  scratchEnd(): number;
  add(a: number, b: number, out: number, n: number): void;
  addRows(x: number, bias: number, rows: number, cols: number): void;
  sumRows(x: number, out: number, rows: number, cols: number): void;
  gatherRows(table: number, ids: number, bias: number, out: number, n: number, cols: number): void;
  scatterAddRows(src: number, ids: number, table: number, n: number, cols: number): void;
  meanRows(table: number, ids: number, n: number, window: number, cols: number, out: number): void;
  spreadRows(src: number, ids: number, table: number, n: number, window: number, cols: number): void;
  tanhInto(x: number, out: number, n: number): void;
  tanhBackward(h: number, dh: number, out: number, n: number): void;
  softmaxCrossEntropy(logits: number, labels: number, n: number, cols: number, scale: number): number;
  softmaxCrossEntropyShared(control: number, logits: number, labels: number, n: number, cols: number, scale: number): number;
  /** CBOW's V x V route: out[i] = the mean of the W rows of `table` at ids[i W..], then softmaxCrossEntropy on it; rows split over the threads. */
  meanSoftmaxShared(control: number, table: number, ids: number, labels: number, out: number, n: number, window: number, cols: number, scale: number): number;
  /** wide[ids[i W + j]] += src[i] in float64 (wide [., cols] of f64), the columns split over the threads. */
  spreadWideShared(control: number, src: number, ids: number, wide: number, n: number, window: number, cols: number): void;
  /** out[i] = wide[i] / w as float32 for n values (wide of f64). */
  narrowDivided(wide: number, out: number, n: number, w: number): void;
  lstmCell(gates: number, cPrev: number, c: number, tanhC: number, h: number, batch: number, hidden: number): void;
  lstmCellBackward(gates: number, cPrev: number, tanhC: number, dh: number, dc: number, dGates: number, batch: number, hidden: number): void;
  embed(tokens: number, positions: number, ids: number, out: number, B: number, T: number, D: number): void;
  embedBackward(dx: number, ids: number, dTokens: number, dPositions: number, B: number, T: number, D: number): void;
  layerNorm(x: number, gain: number, bias: number, out: number, mean: number, rstd: number, n: number, d: number, eps: number): void;
  layerNormBackward(dOut: number, x: number, mean: number, rstd: number, gain: number, dx: number, dGain: number, dBias: number, n: number, d: number): void;
  gelu(x: number, out: number, cdf: number, n: number): void;
  geluBackward(x: number, cdf: number, dOut: number, dx: number, n: number): void;
  attentionScratch(T: number, D: number, H: number): number;
  attentionForward(qkv: number, out: number, att: number, scratch: number, B: number, T: number, D: number, H: number): void;
  attentionBackward(dOut: number, qkv: number, att: number, dQkv: number, scratch: number, B: number, T: number, D: number, H: number): void;
  sumSquares(x: number, n: number): number;
  vecmat(x: number, b: number, out: number, k: number, n: number): void;
  matmulNT(a: number, b: number, c: number, m: number, k: number, n: number): void;
  attendCached(qkv: number, kCache: number, vCache: number, out: number, scores: number, att: number, T: number, start: number, D: number, H: number): void;
  geluTanh(x: number, out: number, n: number): void;
  attendBlock(qkv: number, kCache: number, vCache: number, out: number, scratch: number, att: number, T: number, start: number, D: number, H: number): void;
  blockScratch(T: number, start: number, D: number, H: number): number;
  relu(x: number, out: number, n: number): void;
  reluBackward(x: number, dOut: number, dx: number, n: number): void;
  scale(x: number, n: number, s: number): void;
  /** C = A B on the threads there are; with `pack` (k n floats, 0 for none) B read from panels copied there. */
  matmulShared(control: number, a: number, b: number, c: number, m: number, k: number, n: number, accumulate: boolean, pack: number): void;
  /** C = A B likewise, with B given as bT [n, k] = B^T (a weight stored [out, in]); `pack` (k n floats) required. */
  matmulNTShared(control: number, a: number, bT: number, c: number, m: number, k: number, n: number, accumulate: boolean, pack: number): void;
  /** C = A B^T likewise, then residual's rows (0 for none) and the bias [n] added to each row (a Linear forward), row chunks in cache. */
  matmulNTBiasShared(control: number, a: number, bT: number, c: number, m: number, k: number, n: number, pack: number, bias: number, residual: number): void;
  /** C = (into ? C : 0) + A^T B likewise. */
  matmulTNShared(control: number, a: number, b: number, c: number, m: number, k: number, n: number, pack: number, into: boolean, sums: number): void;
  attentionForwardShared(
    control: number,
    helperScratch: number,
    qkv: number,
    out: number,
    att: number,
    scratch: number,
    B: number,
    T: number,
    D: number,
    H: number,
  ): void;
  attentionBackwardShared(
    control: number,
    helperScratch: number,
    dOut: number,
    qkv: number,
    att: number,
    dQkv: number,
    scratch: number,
    B: number,
    T: number,
    D: number,
    H: number,
  ): void;
  geluShared(control: number, x: number, out: number, cdf: number, n: number): void;
  geluBackwardShared(control: number, x: number, cdf: number, dOut: number, dx: number, n: number): void;
  /** The row-wise and element-wise kernels shared between the threads a chunk at a time (one thread where `control` is 0). */
  addRowsShared(control: number, x: number, bias: number, rows: number, cols: number): void;
  /** x += residual + bias, row by row (a sub-layer's output into the residual stream), on the threads there are. */
  addRowsResidualShared(control: number, x: number, residual: number, bias: number, rows: number, cols: number): void;
  layerNormShared(control: number, x: number, gain: number, bias: number, out: number, mean: number, rstd: number, n: number, d: number, eps: number): void;
  /** layerNormBackward on two threads, each chunk's gain and bias sums in `partials` (layerNormPartials(n, d) floats): the same bits on one thread or two. */
  layerNormBackwardShared(
    control: number,
    dOut: number,
    x: number,
    mean: number,
    rstd: number,
    gain: number,
    dx: number,
    dGain: number,
    dBias: number,
    n: number,
    d: number,
    partials: number,
  ): void;
  layerNormPartials(n: number, d: number): number;
  reluShared(control: number, x: number, out: number, n: number): void;
  reluBackwardShared(control: number, x: number, dOut: number, dx: number, n: number): void;
  addShared(control: number, a: number, b: number, out: number, n: number): void;
  /** An LSTM layer's recurrence (described at `desc`), forward or back, half the batch's rows on each thread. */
  lstmRecurrenceShared(control: number, desc: number, backward: boolean): void;
  serve(control: number): void;
  stopServing(control: number): void;
  adamw(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    decay: number,
    c1: number,
    c2: number,
  ): void;
  /** One AdamW step over `count` tensors (an i32 table at `tensors`; the step's f32 settings at `settings`: chunks.ts's adamwPiece), on the threads there are. */
  adamwShared(control: number, params: number, grads: number, m: number, v: number, tensors: number, count: number, settings: number): void;
}

/**
 * The build of the kernels with shared memory (kernels-threads.wasm), and how to start a helper thread that
 * runs its `serve` loop (a worker in the browser, a worker thread in Node): what lets the GPT engine split its
 * products over two threads.
 */
export interface KernelThreads {
  module: WebAssembly.Module;
  startHelper: StartHelper;
}

/** Words of the control block a helper serves (parallel.ts's CONTROL_BYTES / 4): allocate this many, zeroed. */
export const CONTROL_WORDS = 32;

/** What a helper thread gets: the module, the shared memory, and the control block it serves. */
export interface HelperStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: number;
}

/** Starts a helper thread that instantiates `module` on `memory` and serves `control`; resolves once it is serving. */
export type StartHelper = (start: HelperStart) => Promise<{ terminate(): void }>;

/** Instantiates the kernels from the compiled module's bytes (or a fetched response). */
export async function loadKernels(source: BufferSource | Response, threads?: KernelThreads): Promise<Kernels> {
  const imports = {
    env: {
      abort: () => {
        throw new Error('A WebAssembly kernel aborted.');
      },
    },
  };
  const module = source instanceof Response ? await WebAssembly.compileStreaming(source) : await WebAssembly.compile(source);
  const instantiate = async () => (await WebAssembly.instantiate(module, imports)).exports as unknown as KernelExports;
  return new Kernels(await instantiate(), instantiate, threads);
}

/** The two recurrent cells the kernels run: PyTorch's LSTM (gates i, f, g, o) and its Elman RNN (tanh). */
export type Cell = 'lstm' | 'rnn';

/**
 * What a recurrence's forward pass keeps for the backward one, in the kernels' memory until the next pass
 * begins: per step the gates [T, B, G] (the LSTM's activated, G = 4H; the RNN's pre-activations, G = H), and
 * h [T + 1, B, H] (h_0 first); for the LSTM also c [T + 1, B, H] and tanh(c) [T, B, H].
 */
export interface RecurrenceCache {
  pass: number;
  cell: Cell;
  T: number;
  B: number;
  H: number;
  /** W_hh [G, H], kept for the backward pass. */
  wHh: number;
  gates: number;
  h: number;
  c: number;
  tanhC: number;
}

/**
 * The kernels with a bump allocator over their memory. A pass (one training step, or one evaluation) starts
 * with `beginPass`, which frees everything; forward caches live until then, so the backward pass reads them
 * where they are.
 */
export class Kernels {
  /** The control block a helper thread serves (kernelsOnTwoThreads), or 0: the passes' products then run on one thread. */
  control = 0;
  private top: number;
  private pass = 0;
  private readonly base: number;

  /**
   * `instantiate` makes another instance of the same module, with memory of its own: for a model that keeps its
   * weights and buffers there for good (the GPT's engine), away from this bump allocator.
   */
  constructor(
    readonly k: KernelExports,
    readonly instantiate: () => Promise<KernelExports> = async () => {
      throw new Error('These kernels cannot make another instance.');
    },
    readonly threads?: KernelThreads,
  ) {
    this.base = k.memory.buffer.byteLength;
    this.top = this.base;
  }

  /** Frees every buffer of the pass before: the caches of its forward pass go too. */
  beginPass(): void {
    this.top = this.base;
    this.pass++;
  }

  /** Room for `count` float32s or int32s (16-byte aligned), growing the memory when needed. */
  alloc(count: number): number {
    const ptr = this.top;
    this.top += Math.ceil((count * 4) / 16) * 16;
    const need = this.top - this.k.memory.buffer.byteLength;
    if (need > 0) this.k.memory.grow(Math.ceil(need / 65536));
    return ptr;
  }

  /** Room for `count` zeros. */
  zeros(count: number): number {
    const ptr = this.alloc(count);
    new Float32Array(this.k.memory.buffer, ptr, count).fill(0);
    return ptr;
  }

  /** A copy of `values` (float32 or int32) in the kernels' memory. */
  put(values: Float32Array | Int32Array): number {
    const ptr = this.alloc(values.length);
    (values instanceof Int32Array ? new Int32Array(this.k.memory.buffer, ptr, values.length) : new Float32Array(this.k.memory.buffer, ptr, values.length)).set(
      values as never,
    );
    return ptr;
  }

  /** A copy of `floats` float32s at `ptr`, out of the kernels' memory. */
  take(ptr: number, floats: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, ptr, floats).slice();
  }

  /** The transpose [n, m] of the matrix [m, n] at `ptr`, in new room. */
  transposed(ptr: number, m: number, n: number): number {
    const out = this.alloc(m * n);
    this.k.transpose(ptr, out, m, n);
    return out;
  }

  /**
   * The recurrence over T steps from zero states, `gates` [T, B, G] holding each step's input share of the
   * pre-activations (bias included): adds h_{t-1} W_hh^T, then the cell, step by step. wHh [G, H] is in memory.
   */
  recurrence(cell: Cell, gates: number, wHh: number, T: number, B: number, H: number): RecurrenceCache {
    const G = cell === 'lstm' ? 4 * H : H;
    const step = B * H;
    const wHhT = this.transposed(wHh, G, H); // [H, G]
    const h = this.zeros((T + 1) * step);
    const lstm = cell === 'lstm';
    const c = lstm ? this.zeros((T + 1) * step) : 0;
    const tanhC = lstm ? this.alloc(T * step) : 0;
    for (let t = 0; t < T; t++) {
      const g = gates + t * B * G * 4;
      this.k.matmul(h + t * step * 4, wHhT, g, B, H, G, true);
      if (lstm) this.k.lstmCell(g, c + t * step * 4, c + (t + 1) * step * 4, tanhC + t * step * 4, h + (t + 1) * step * 4, B, H);
      else this.k.tanhInto(g, h + (t + 1) * step * 4, step);
    }
    return { pass: this.pass, cell, T, B, H, wHh, gates, h, c, tanhC };
  }

  /**
   * Back through the recurrence from dOut [T, B, H] (in memory): the gradients of the pre-activations,
   * dGates [T, B, G], and through them of W_hh [G, H] and of the bias [G] (the same for b_ih and b_hh).
   */
  recurrenceBackward(cache: RecurrenceCache, dOut: number): { dGates: number; dWhh: Float32Array; dBias: Float32Array } {
    if (cache.pass !== this.pass) throw new Error('The forward pass of this recurrence was freed: run forward and backward within one pass.');
    const { cell, T, B, H, wHh, gates, c, tanhC, h } = cache;
    const G = cell === 'lstm' ? 4 * H : H;
    const step = B * H;
    const dGates = this.alloc(T * B * G);
    const dhNext = this.zeros(step);
    const dh = this.alloc(step);
    const dc = this.zeros(step);
    for (let t = T - 1; t >= 0; t--) {
      this.k.add(dOut + t * step * 4, dhNext, dh, step);
      const dg = dGates + t * B * G * 4;
      if (cell === 'lstm') this.k.lstmCellBackward(gates + t * B * G * 4, c + t * step * 4, tanhC + t * step * 4, dh, dc, dg, B, H);
      else this.k.tanhBackward(h + (t + 1) * step * 4, dh, dg, step);
      this.k.matmul(dg, wHh, dhNext, B, G, H, false); // dh_{t-1} = dGates W_hh
    }
    // The weights' gradients sum over all steps and rows at once: dW_hh = dGates^T h_{0..T-1}.
    const dWhh = this.alloc(G * H);
    this.k.matmulTN(dGates, h, dWhh, G, T * B, H);
    const dBias = this.zeros(G);
    this.k.sumRows(dGates, dBias, T * B, G);
    return { dGates, dWhh: this.take(dWhh, G * H), dBias: this.take(dBias, G) };
  }
}
