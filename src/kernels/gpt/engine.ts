// Lesson 9's tiny GPT trained in this project's WebAssembly kernels: the weights, their gradients, AdamW's
// moments and every activation live in one instance's memory (layout.ts), and a training step (forward.ts,
// backward.ts, the clipping of the gradient's norm and AdamW) is some 30 kernel calls a block, where tfjs runs
// some 500 small ops a step. The same model and update as src/models/gpt.ts and src/lib/adam.ts, checked against
// them in test/unit/gptEngine.test.ts.

import type { KernelExports, Kernels, KernelThreads } from '../kernels';
import { sharedInstance, startHelperOn, twoThreadsOr } from '../sharedInstance';
import { backwardPass } from './backward';
import { forwardPass } from './forward';
import { floats, type GptEngineShape, type GptLayout, layOut, type Param } from './layout';

export { type GptEngineShape, gptEngineBytes } from './layout';

/** AdamW's settings (src/lib/adam.ts's meaning). */
export interface GptEngineOptimizer {
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  maxNorm: number;
}

export class GptEngine {
  /** AdamW's steps so far. */
  t = 0;
  private readonly m: GptLayout;
  private helper?: { terminate(): void };

  /**
   * An engine in a new instance of `kernels`' module: on two threads where the build with shared memory is
   * loaded and its helper starts, else on one.
   */
  static create(kernels: Kernels, shape: GptEngineShape): Promise<GptEngine> {
    return twoThreadsOr(
      kernels,
      'The GPT engine',
      (threads) => GptEngine.createShared(threads, shape),
      async () => new GptEngine(await kernels.instantiate(), shape),
    );
  }

  /** An engine on shared memory, with a helper thread that shares each large product, a chunk at a time. */
  static async createShared(threads: KernelThreads, shape: GptEngineShape): Promise<GptEngine> {
    const { k, memory } = await sharedInstance(threads);
    const engine = new GptEngine(k, shape, true);
    engine.helper = await startHelperOn(threads, memory, engine.m.sharedControl);
    engine.m.control = engine.m.sharedControl;
    return engine;
  }

  constructor(k: KernelExports, shape: GptEngineShape, shared = false) {
    this.m = layOut(k, shape, shared);
  }

  get shape(): GptEngineShape {
    return this.m.shape;
  }

  /** Every parameter, in gptVariables' order (src/models/gpt.ts). */
  get params(): readonly Param[] {
    return this.m.params;
  }

  /** Whether a helper thread shares the large products. */
  get threads(): number {
    return this.m.control ? 2 : 1;
  }

  /** Stops the helper thread, if there is one; the engine goes on, on one thread. */
  dispose(): void {
    if (this.m.control) this.m.k.stopServing(this.m.control);
    this.m.control = 0;
    this.helper?.terminate();
    this.helper = undefined;
  }

  /** Every parameter's values, in gptVariables' order (copies). */
  getParameters(): Float32Array[] {
    return this.m.params.map((p) => floats(this.m, p.ptr, p.size).slice());
  }

  /** Sets every parameter, in gptVariables' order. */
  setParameters(values: readonly Float32Array[]): void {
    const { params } = this.m;
    if (values.length !== params.length) throw new Error(`The engine holds ${params.length} tensors, not ${values.length}.`);
    params.forEach((p, i) => {
      if (values[i].length !== p.size) throw new Error(`Tensor ${i} holds ${p.size} values, not ${values[i].length}.`);
      floats(this.m, p.ptr, p.size).set(values[i]);
    });
  }

  /** AdamW's state: its step count and both moments, per parameter (copies). */
  getAdamState(): { t: number; m: Float32Array[]; v: Float32Array[] } {
    const { params, mBase, vBase } = this.m;
    return {
      t: this.t,
      m: params.map((p) => floats(this.m, mBase + p.offset, p.size).slice()),
      v: params.map((p) => floats(this.m, vBase + p.offset, p.size).slice()),
    };
  }

  setAdamState(state: { t: number; m: readonly Float32Array[]; v: readonly Float32Array[] }): void {
    this.t = state.t;
    const { params, mBase, vBase } = this.m;
    params.forEach((p, i) => {
      floats(this.m, mBase + p.offset, p.size).set(state.m[i]);
      floats(this.m, vBase + p.offset, p.size).set(state.v[i]);
    });
  }

  /** Each parameter's gradient from the last backward pass (copies; clipped if that step clipped). */
  getGradients(): Float32Array[] {
    return this.m.params.map((p) => floats(this.m, this.m.gradBase + p.offset, p.size).slice());
  }

  private setBatch(ids: Int32Array, targets: Int32Array): void {
    const { shape, k } = this.m;
    const N = shape.batch * shape.context;
    if (ids.length !== N || targets.length !== N) throw new Error(`A batch here is ${N} ids and ${N} targets.`);
    const V = shape.vocab;
    for (let i = 0; i < N; i++) {
      if (!(ids[i] >= 0 && ids[i] < V && targets[i] >= 0 && targets[i] < V)) throw new Error(`Character ids run from 0 to ${V - 1}.`);
    }
    new Int32Array(k.memory.buffer, this.m.ids, N).set(ids);
    new Int32Array(k.memory.buffer, this.m.targets, N).set(targets);
  }

  /**
   * The mean cross entropy of the batch: ids and targets [B, T] row-major (sequence b at b T). Leaves the
   * logits' gradient and every activation in place for `backward`.
   */
  forward(ids: Int32Array, targets: Int32Array): number {
    this.setBatch(ids, targets);
    forwardPass(this.m);
    const N = this.shape.batch * this.shape.context;
    return this.m.k.softmaxCrossEntropyShared(this.m.control, this.m.logits, this.m.targets, N, this.shape.vocab, 1 / N) / N;
  }

  /** The logits [B T, V] of a batch of ids [B, T] (the forward pass alone). */
  logits(ids: Int32Array): Float32Array {
    this.setBatch(ids, new Int32Array(ids.length));
    forwardPass(this.m);
    return floats(this.m, this.m.logits, ids.length * this.shape.vocab).slice();
  }

  /** Every parameter's gradient of the last forward pass's loss, into the gradient region. */
  backward(): void {
    backwardPass(this.m);
  }

  /**
   * Runs `ids` (1 to T of them) on an engine made with batch 1: the window is padded on the right to T, which the
   * causal attention keeps every earlier position from reading.
   */
  private runWindow(ids: ArrayLike<number>): void {
    const { context: T, batch: B } = this.shape;
    if (B !== 1) throw new Error('An engine made with batch 1 reads one window at a time.');
    if (ids.length < 1 || ids.length > T) throw new Error(`A window here is 1 to ${T} characters.`);
    const window = new Int32Array(T);
    window.set(ids);
    this.setBatch(window, new Int32Array(T));
    forwardPass(this.m);
  }

  /** The next character's logits [V] after `ids`, on an engine made with batch 1. */
  nextLogits(ids: ArrayLike<number>): Float32Array {
    this.runWindow(ids);
    const V = this.shape.vocab;
    return floats(this.m, this.m.logits + (ids.length - 1) * V * 4, V).slice();
  }

  /** Each block's attention on `ids` (n of them), [H, n, n] row-major, on an engine made with batch 1. */
  attention(ids: ArrayLike<number>): Float32Array[] {
    this.runWindow(ids);
    const { context: T, heads: H } = this.shape;
    const n = ids.length;
    return this.m.acts.map((a) => {
      const all = floats(this.m, a.att, H * T * T); // [H, T, T]: the padded positions come after the first n
      const maps = new Float32Array(H * n * n);
      for (let h = 0; h < H; h++) for (let i = 0; i < n; i++) maps.set(all.subarray((h * T + i) * T, (h * T + i) * T + n), (h * n + i) * n);
      return maps;
    });
  }

  /**
   * One training step on a batch: forward, backward, the gradient's total norm clipped to `opt.maxNorm`
   * (torch.nn.utils.clip_grad_norm_), then AdamW at `learningRate`. Returns the loss before the step and the norm.
   */
  trainStep(ids: Int32Array, targets: Int32Array, learningRate: number, opt: GptEngineOptimizer): { loss: number; norm: number } {
    const loss = this.forward(ids, targets);
    this.backward();
    const { k, paramBase, gradBase, mBase, vBase, paramBytes, adamTensors, adamSettings, params } = this.m;
    const norm = Math.sqrt(k.sumSquares(gradBase, paramBytes / 4));
    const clip = opt.maxNorm / (norm + 1e-6);
    this.t++;
    const decay = opt.weightDecay > 0 ? 1 - learningRate * opt.weightDecay : 1;
    const c1 = 1 - opt.beta1 ** this.t;
    const c2 = 1 - opt.beta2 ** this.t;
    floats(this.m, adamSettings, 8).set([learningRate, opt.beta1, opt.beta2, opt.epsilon, decay, c1, c2, Math.min(clip, 1)]);
    k.adamwShared(this.m.control, paramBase, gradBase, mBase, vBase, adamTensors, params.length, adamSettings);
    return { loss, norm };
  }
}
