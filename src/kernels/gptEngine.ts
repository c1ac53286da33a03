// Lesson 9's tiny GPT trained in this project's WebAssembly kernels: the weights, their gradients, AdamW's
// moments and every activation live in one instance's memory, and a training step (forward, backward, the
// clipping of the gradient's norm and AdamW) is some 30 kernel calls a block, where tfjs runs some 500 small
// ops a step. The same model and update as src/models/gpt.ts and src/lib/adam.ts, checked against them
// in test/unit/gptEngine.test.ts; the layout follows llm.c's train_gpt2.c.

import type { KernelExports, Kernels, KernelThreads } from './lstmKernels';

/** The model's shape and the batch it trains on: B sequences of T positions (T the context). */
export interface GptEngineShape {
  vocab: number;
  context: number;
  width: number;
  heads: number;
  layers: number;
  batch: number;
}

/** AdamW's settings (src/lib/adam.ts's meaning). */
export interface GptEngineOptimizer {
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  maxNorm: number;
}

const EPS = 1e-5;
/** Pages of the shared memory at the start and at most (kernels-threads.wasm's --initialMemory and --maximumMemory). */
const SHARED_PAGES = { initial: 2, maximum: 32768 };
/** How long a helper thread may take to start before the engine trains on one thread. */
const HELPER_START_MS = 10_000;

/** A tensor of the engine: its place (a byte offset) and size in floats. */
interface Slot {
  ptr: number;
  size: number;
}

interface Param extends Slot {
  shape: number[];
  /** Weight decay applies (the matrices, as the session's AdamW decides: rank 2). */
  decays: boolean;
  /** Where its gradient and moments are: the same offset from their regions' starts. */
  offset: number;
}

interface BlockParams {
  inProjWeight: Param;
  inProjBias: Param;
  outProjWeight: Param;
  outProjBias: Param;
  linear1Weight: Param;
  linear1Bias: Param;
  linear2Weight: Param;
  linear2Bias: Param;
  norm1Weight: Param;
  norm1Bias: Param;
  norm2Weight: Param;
  norm2Bias: Param;
}

/** What one block's forward pass keeps for the way back. */
interface BlockActivations {
  ln1: number;
  ln1Mean: number;
  ln1Rstd: number;
  qkv: number;
  att: number;
  attOut: number;
  mid: number;
  ln2: number;
  ln2Mean: number;
  ln2Rstd: number;
  fc: number;
  fcGelu: number;
  /** Phi of the MLP's pre-activations, kept by GELU for its gradient. */
  fcCdf: number;
}

/** About the bytes the engine takes of its instance's memory for `shape` (beyond what the module starts with). */
export function gptEngineBytes(shape: GptEngineShape): number {
  const { vocab: V, context: C, width: D, layers: L, batch: B, heads: H } = shape;
  const T = C;
  const N = B * T;
  const F = 4 * D;
  const params = V * D + C * D + L * (12 * D * D + 9 * D + F) + 2 * D + V * D;
  const transposed = L * 12 * D * D + V * D;
  const perBlock = 2 * N * D + 4 * N + 3 * N * D + B * H * T * T + N * D + N * D + 3 * N * F;
  const activations = (L + 1) * N * D + L * perBlock + N * D + 2 * N + N * V;
  const gradients = N * D * 3 + 3 * N * D + N * F + 2 * N;
  const scratch = 6 * T * (D / H) + 2 * T * T;
  // Parameters four times (values, gradients, two moments), every buffer rounded up to 16 bytes.
  return 4 * (4 * params + transposed + activations + gradients + scratch) + 16 * (8 * (L * 12 + 5) + 24 * L + 64);
}

export class GptEngine {
  readonly shape: GptEngineShape;
  /** Every parameter, in gptVariables' order (src/models/gpt.ts). */
  readonly params: Param[] = [];
  /** AdamW's steps so far. */
  t = 0;
  private readonly k: KernelExports;
  private top: number;
  private paramBytes = 0;
  private readonly paramBase: number;
  private readonly gradBase: number;
  private readonly mBase: number;
  private readonly vBase: number;
  private readonly tokens: Param;
  private readonly positions: Param;
  private readonly blocks: BlockParams[];
  private readonly finalNormWeight: Param;
  private readonly finalNormBias: Param;
  private readonly head: Param;
  /** Transposed copies of the products' weights ([in, out]), made after each update. */
  private readonly transposed: { inProj: number; outProj: number; linear1: number; linear2: number }[];
  private readonly headT: number;
  private readonly resid: number[];
  private readonly acts: BlockActivations[];
  private readonly lnf: number;
  private readonly lnfMean: number;
  private readonly lnfRstd: number;
  private readonly logits: number;
  private readonly dResid: number;
  private readonly dLn: number;
  private readonly dQkv: number;
  private readonly dAttOut: number;
  private readonly dFc: number;
  private readonly ids: number;
  private readonly targets: number;
  private readonly scratch: number;
  /** The control block a helper thread serves (0: one thread), and that thread's attention scratch. */
  private control = 0;
  private readonly sharedControl: number;
  private readonly helperScratch: number;
  private helper?: { terminate(): void };

  /**
   * An engine in a new instance of `kernels`' module: on two threads where the build with shared memory is
   * loaded and its helper starts, else on one.
   */
  static async create(kernels: Kernels, shape: GptEngineShape): Promise<GptEngine> {
    if (kernels.threads) {
      try {
        return await GptEngine.createShared(kernels.threads, shape);
      } catch (error) {
        console.warn('The GPT engine runs on one thread: its helper thread did not start.', error);
      }
    }
    return new GptEngine(await kernels.instantiate(), shape);
  }

  /** An engine on shared memory, with a helper thread that takes half of each large product. */
  static async createShared(threads: KernelThreads, shape: GptEngineShape): Promise<GptEngine> {
    const memory = new WebAssembly.Memory({ ...SHARED_PAGES, shared: true });
    const imports = {
      env: {
        memory,
        abort: () => {
          throw new Error('A WebAssembly kernel aborted.');
        },
      },
    };
    const instance = await WebAssembly.instantiate(threads.module, imports);
    const engine = new GptEngine({ ...(instance.exports as unknown as KernelExports), memory }, shape, true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no helper thread after ${HELPER_START_MS / 1000} s`)), HELPER_START_MS);
    });
    try {
      engine.helper = await Promise.race([threads.startHelper({ module: threads.module, memory, control: engine.sharedControl }), late]);
    } finally {
      clearTimeout(timer);
    }
    engine.control = engine.sharedControl;
    return engine;
  }

  constructor(k: KernelExports, shape: GptEngineShape, shared = false) {
    this.k = k;
    this.shape = shape;
    const { vocab: V, context: T, width: D, layers: L, batch: B, heads: H } = shape;
    if (D % H !== 0) throw new Error(`The width ${D} does not split into ${H} heads.`);
    const N = B * T;
    const F = 4 * D;
    this.top = k.memory.buffer.byteLength;
    k.memory.grow(Math.ceil(gptEngineBytes(shape) / 65536));

    // The parameters, in gptVariables' order; their gradients and moments lie at the same offsets further on.
    const param = (...dims: number[]): Param => {
      const size = dims.reduce((a, b) => a * b, 1);
      const p = { ptr: 0, size, shape: dims, decays: dims.length === 2, offset: this.paramBytes };
      this.paramBytes += Math.ceil(size / 4) * 16;
      this.params.push(p);
      return p;
    };
    this.tokens = param(V, D);
    this.positions = param(T, D);
    this.blocks = Array.from({ length: L }, () => ({
      inProjWeight: param(3 * D, D),
      inProjBias: param(3 * D),
      outProjWeight: param(D, D),
      outProjBias: param(D),
      linear1Weight: param(F, D),
      linear1Bias: param(F),
      linear2Weight: param(D, F),
      linear2Bias: param(D),
      norm1Weight: param(D),
      norm1Bias: param(D),
      norm2Weight: param(D),
      norm2Bias: param(D),
    }));
    this.finalNormWeight = param(D);
    this.finalNormBias = param(D);
    this.head = param(V, D);
    this.paramBase = this.bytes(this.paramBytes);
    this.gradBase = this.bytes(this.paramBytes);
    this.mBase = this.bytes(this.paramBytes);
    this.vBase = this.bytes(this.paramBytes);
    for (const p of this.params) p.ptr = this.paramBase + p.offset;
    this.floats(this.mBase, this.paramBytes / 4).fill(0);
    this.floats(this.vBase, this.paramBytes / 4).fill(0);

    const alloc = (count: number) => this.bytes(Math.ceil(count / 4) * 16);
    this.transposed = this.blocks.map(() => ({ inProj: alloc(3 * D * D), outProj: alloc(D * D), linear1: alloc(F * D), linear2: alloc(D * F) }));
    this.headT = alloc(V * D);
    this.resid = Array.from({ length: L + 1 }, () => alloc(N * D));
    this.acts = this.blocks.map(() => ({
      ln1: alloc(N * D),
      ln1Mean: alloc(N),
      ln1Rstd: alloc(N),
      qkv: alloc(3 * N * D),
      att: alloc(B * H * T * T),
      attOut: alloc(N * D),
      mid: alloc(N * D),
      ln2: alloc(N * D),
      ln2Mean: alloc(N),
      ln2Rstd: alloc(N),
      fc: alloc(N * F),
      fcGelu: alloc(N * F),
      fcCdf: alloc(N * F),
    }));
    this.lnf = alloc(N * D);
    this.lnfMean = alloc(N);
    this.lnfRstd = alloc(N);
    this.logits = alloc(N * V);
    this.dResid = alloc(N * D);
    this.dLn = alloc(N * D);
    this.dQkv = alloc(3 * N * D);
    this.dAttOut = alloc(N * D);
    this.dFc = alloc(N * F);
    this.ids = alloc(N);
    this.targets = alloc(N);
    this.scratch = alloc(k.attentionScratch(T, D, H));
    this.sharedControl = shared ? alloc(16) : 0;
    this.helperScratch = shared ? alloc(k.attentionScratch(T, D, H)) : 0;
    if (shared) new Int32Array(k.memory.buffer, this.sharedControl, 16).fill(0);
  }

  /** Whether a helper thread takes half of each large product. */
  get threads(): number {
    return this.control ? 2 : 1;
  }

  /** Stops the helper thread, if there is one; the engine goes on, on one thread. */
  dispose(): void {
    if (this.control) this.k.stopServing(this.control);
    this.control = 0;
    this.helper?.terminate();
    this.helper = undefined;
  }

  private matmul(a: number, b: number, c: number, m: number, k: number, n: number, accumulate: boolean): void {
    this.k.matmulShared(this.control, a, b, c, m, k, n, accumulate);
  }

  private matmulTN(a: number, b: number, c: number, m: number, k: number, n: number): void {
    this.k.matmulTNShared(this.control, a, b, c, m, k, n);
  }

  /** `count` bytes (a multiple of 16) from the engine's region. */
  private bytes(count: number): number {
    const ptr = this.top;
    this.top += count;
    const need = this.top - this.k.memory.buffer.byteLength;
    if (need > 0) this.k.memory.grow(Math.ceil(need / 65536));
    return ptr;
  }

  private floats(ptr: number, count: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, ptr, count);
  }

  /** Every parameter's values, in gptVariables' order (copies). */
  getParameters(): Float32Array[] {
    return this.params.map((p) => this.floats(p.ptr, p.size).slice());
  }

  /** Sets every parameter, in gptVariables' order. */
  setParameters(values: readonly Float32Array[]): void {
    if (values.length !== this.params.length) throw new Error(`The engine holds ${this.params.length} tensors, not ${values.length}.`);
    this.params.forEach((p, i) => {
      if (values[i].length !== p.size) throw new Error(`Tensor ${i} holds ${p.size} values, not ${values[i].length}.`);
      this.floats(p.ptr, p.size).set(values[i]);
    });
    this.transposeWeights();
  }

  /** AdamW's state: its step count and both moments, per parameter (copies). */
  getAdamState(): { t: number; m: Float32Array[]; v: Float32Array[] } {
    return {
      t: this.t,
      m: this.params.map((p) => this.floats(this.mBase + p.offset, p.size).slice()),
      v: this.params.map((p) => this.floats(this.vBase + p.offset, p.size).slice()),
    };
  }

  setAdamState(state: { t: number; m: readonly Float32Array[]; v: readonly Float32Array[] }): void {
    this.t = state.t;
    this.params.forEach((p, i) => {
      this.floats(this.mBase + p.offset, p.size).set(state.m[i]);
      this.floats(this.vBase + p.offset, p.size).set(state.v[i]);
    });
  }

  /** Each parameter's gradient from the last backward pass (copies; clipped if that step clipped). */
  getGradients(): Float32Array[] {
    return this.params.map((p) => this.floats(this.gradBase + p.offset, p.size).slice());
  }

  private grad(p: Param): number {
    return this.gradBase + p.offset;
  }

  private transposeWeights(): void {
    const { width: D, vocab: V } = this.shape;
    const F = 4 * D;
    this.blocks.forEach((b, l) => {
      const t = this.transposed[l];
      this.k.transpose(b.inProjWeight.ptr, t.inProj, 3 * D, D);
      this.k.transpose(b.outProjWeight.ptr, t.outProj, D, D);
      this.k.transpose(b.linear1Weight.ptr, t.linear1, F, D);
      this.k.transpose(b.linear2Weight.ptr, t.linear2, D, F);
    });
    this.k.transpose(this.head.ptr, this.headT, V, D);
  }

  private copy(from: number, to: number, floats: number): void {
    new Uint8Array(this.k.memory.buffer).copyWithin(to, from, from + floats * 4);
  }

  private setBatch(ids: Int32Array, targets: Int32Array): void {
    const N = this.shape.batch * this.shape.context;
    if (ids.length !== N || targets.length !== N) throw new Error(`A batch here is ${N} ids and ${N} targets.`);
    const V = this.shape.vocab;
    for (let i = 0; i < N; i++) {
      if (!(ids[i] >= 0 && ids[i] < V && targets[i] >= 0 && targets[i] < V)) throw new Error(`Character ids run from 0 to ${V - 1}.`);
    }
    new Int32Array(this.k.memory.buffer, this.ids, N).set(ids);
    new Int32Array(this.k.memory.buffer, this.targets, N).set(targets);
  }

  /**
   * The mean cross entropy of the batch: ids and targets [B, T] row-major (sequence b at b T). Leaves the
   * logits' gradient and every activation in place for `backward`.
   */
  forward(ids: Int32Array, targets: Int32Array): number {
    this.setBatch(ids, targets);
    this.run();
    const N = this.shape.batch * this.shape.context;
    return this.k.softmaxCrossEntropy(this.logits, this.targets, N, this.shape.vocab, 1 / N) / N;
  }

  /**
   * The next character's logits [V] after `ids` (1 to T of them) for an engine made with batch 1: the window
   * is padded on the right to T, which the causal attention keeps every earlier position from reading.
   */
  nextLogits(ids: ArrayLike<number>): Float32Array {
    const { context: T, batch: B, vocab: V } = this.shape;
    if (B !== 1) throw new Error('nextLogits runs on an engine made with batch 1.');
    if (ids.length < 1 || ids.length > T) throw new Error(`A window here is 1 to ${T} characters.`);
    const window = new Int32Array(T);
    window.set(ids);
    this.setBatch(window, new Int32Array(T));
    this.run();
    return this.floats(this.logits + (ids.length - 1) * V * 4, V).slice();
  }

  /** The forward pass from the ids in place to the logits. */
  private run(): void {
    const { k } = this;
    const { vocab: V, context: T, width: D, layers: L, batch: B, heads: H } = this.shape;
    const N = B * T;
    const F = 4 * D;
    k.embed(this.tokens.ptr, this.positions.ptr, this.ids, this.resid[0], B, T, D);
    for (let l = 0; l < L; l++) {
      const w = this.blocks[l];
      const a = this.acts[l];
      const t = this.transposed[l];
      const x = this.resid[l];
      k.layerNorm(x, w.norm1Weight.ptr, w.norm1Bias.ptr, a.ln1, a.ln1Mean, a.ln1Rstd, N, D, EPS);
      this.matmul(a.ln1, t.inProj, a.qkv, N, D, 3 * D, false);
      k.addRows(a.qkv, w.inProjBias.ptr, N, 3 * D);
      k.attentionForwardShared(this.control, this.helperScratch, a.qkv, a.attOut, a.att, this.scratch, B, T, D, H);
      this.copy(x, a.mid, N * D);
      this.matmul(a.attOut, t.outProj, a.mid, N, D, D, true);
      k.addRows(a.mid, w.outProjBias.ptr, N, D);
      k.layerNorm(a.mid, w.norm2Weight.ptr, w.norm2Bias.ptr, a.ln2, a.ln2Mean, a.ln2Rstd, N, D, EPS);
      this.matmul(a.ln2, t.linear1, a.fc, N, D, F, false);
      k.addRows(a.fc, w.linear1Bias.ptr, N, F);
      k.geluShared(this.control, a.fc, a.fcGelu, a.fcCdf, N * F);
      const out = this.resid[l + 1];
      this.copy(a.mid, out, N * D);
      this.matmul(a.fcGelu, t.linear2, out, N, F, D, true);
      k.addRows(out, w.linear2Bias.ptr, N, D);
    }
    k.layerNorm(this.resid[L], this.finalNormWeight.ptr, this.finalNormBias.ptr, this.lnf, this.lnfMean, this.lnfRstd, N, D, EPS);
    this.matmul(this.lnf, this.headT, this.logits, N, D, V, false);
  }

  /** Every parameter's gradient of the last forward pass's loss, into the gradient region. */
  backward(): void {
    const { k } = this;
    const { vocab: V, context: T, width: D, layers: L, batch: B, heads: H } = this.shape;
    const N = B * T;
    const F = 4 * D;
    this.floats(this.gradBase, this.paramBytes / 4).fill(0);
    this.floats(this.dResid, N * D).fill(0);
    this.matmulTN(this.logits, this.lnf, this.grad(this.head), V, N, D);
    this.matmul(this.logits, this.head.ptr, this.dLn, N, V, D, false);
    k.layerNormBackward(
      this.dLn,
      this.resid[L],
      this.lnfMean,
      this.lnfRstd,
      this.finalNormWeight.ptr,
      this.dResid,
      this.grad(this.finalNormWeight),
      this.grad(this.finalNormBias),
      N,
      D,
    );
    for (let l = L - 1; l >= 0; l--) {
      const w = this.blocks[l];
      const a = this.acts[l];
      // out = mid + GELU(LN2(mid) W1^T + b1) W2^T + b2
      this.matmulTN(this.dResid, a.fcGelu, this.grad(w.linear2Weight), D, N, F);
      k.sumRows(this.dResid, this.grad(w.linear2Bias), N, D);
      this.matmul(this.dResid, w.linear2Weight.ptr, this.dFc, N, D, F, false);
      k.geluBackwardShared(this.control, a.fc, a.fcCdf, this.dFc, this.dFc, N * F);
      this.matmulTN(this.dFc, a.ln2, this.grad(w.linear1Weight), F, N, D);
      k.sumRows(this.dFc, this.grad(w.linear1Bias), N, F);
      this.matmul(this.dFc, w.linear1Weight.ptr, this.dLn, N, F, D, false);
      k.layerNormBackward(this.dLn, a.mid, a.ln2Mean, a.ln2Rstd, w.norm2Weight.ptr, this.dResid, this.grad(w.norm2Weight), this.grad(w.norm2Bias), N, D);
      // mid = x + Attention(LN1(x)) W_o^T + b_o
      this.matmulTN(this.dResid, a.attOut, this.grad(w.outProjWeight), D, N, D);
      k.sumRows(this.dResid, this.grad(w.outProjBias), N, D);
      this.matmul(this.dResid, w.outProjWeight.ptr, this.dAttOut, N, D, D, false);
      k.attentionBackwardShared(this.control, this.helperScratch, this.dAttOut, a.qkv, a.att, this.dQkv, this.scratch, B, T, D, H);
      this.matmulTN(this.dQkv, a.ln1, this.grad(w.inProjWeight), 3 * D, N, D);
      k.sumRows(this.dQkv, this.grad(w.inProjBias), N, 3 * D);
      this.matmul(this.dQkv, w.inProjWeight.ptr, this.dLn, N, 3 * D, D, false);
      k.layerNormBackward(
        this.dLn,
        this.resid[l],
        a.ln1Mean,
        a.ln1Rstd,
        w.norm1Weight.ptr,
        this.dResid,
        this.grad(w.norm1Weight),
        this.grad(w.norm1Bias),
        N,
        D,
      );
    }
    k.embedBackward(this.dResid, this.ids, this.grad(this.tokens), this.grad(this.positions), B, T, D);
  }

  /**
   * One training step on a batch: forward, backward, the gradient's total norm clipped to `opt.maxNorm`
   * (torch.nn.utils.clip_grad_norm_), then AdamW at `learningRate`. Returns the loss before the step and the norm.
   */
  trainStep(ids: Int32Array, targets: Int32Array, learningRate: number, opt: GptEngineOptimizer): { loss: number; norm: number } {
    const loss = this.forward(ids, targets);
    this.backward();
    const { k } = this;
    const total = this.paramBytes / 4;
    const norm = Math.sqrt(k.sumSquares(this.gradBase, total));
    const clip = opt.maxNorm / (norm + 1e-6);
    if (clip < 1) k.scale(this.gradBase, total, clip);
    this.t++;
    const c1 = 1 - opt.beta1 ** this.t;
    const c2 = 1 - opt.beta2 ** this.t;
    for (const p of this.params) {
      const decay = opt.weightDecay > 0 && p.decays ? 1 - learningRate * opt.weightDecay : 1;
      k.adamw(
        p.ptr,
        this.gradBase + p.offset,
        this.mBase + p.offset,
        this.vBase + p.offset,
        p.size,
        learningRate,
        opt.beta1,
        opt.beta2,
        opt.epsilon,
        decay,
        c1,
        c2,
      );
    }
    this.transposeWeights();
    return { loss, norm };
  }
}
