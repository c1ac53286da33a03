// Lesson 6's character LSTM trained in this project's WebAssembly kernels: the weights, their gradients, Adam's
// moments and every activation live in one instance's memory (layout.ts), and a training step is some 20 kernel
// calls: the embedding looked up, each layer's input share of the gates as one product over all steps and its
// recurrence in one call (half the batch's rows on each thread), the head and the softmax's cross entropy, then
// all of it back and Adam over every parameter at once. The same model and update as src/models/charLstm.ts
// and src/lib/adam.ts, checked against them in test/unit/charEngine.test.ts.

import type { AdamState } from '../../lib/adam';
import type { Kernels } from '../kernels';
import { sharedInstance, startHelperOn, twoThreadsOr } from '../sharedInstance';
import { type CharEngineShape, type CharLayout, layOutChar } from './layout';

export { type CharEngineShape, charEngineBytes } from './layout';

/** Adam's constants (PyTorch's defaults, as src/lib/adam.ts). */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

export class CharEngine {
  /** Adam's steps so far. */
  t = 0;
  private helper?: { terminate(): void };

  private constructor(private readonly m: CharLayout) {}

  /** An engine in a new instance of `kernels`' module: on two threads where the shared-memory build runs and its helper starts. */
  static create(kernels: Kernels, shape: CharEngineShape): Promise<CharEngine> {
    return twoThreadsOr(
      kernels,
      'The character model',
      async (threads) => {
        const { k, memory } = await sharedInstance(threads);
        const engine = new CharEngine(layOutChar(k, shape, true));
        engine.helper = await startHelperOn(threads, memory, engine.m.sharedControl);
        engine.m.control = engine.m.sharedControl;
        return engine;
      },
      async () => new CharEngine(layOutChar(await kernels.instantiate(), shape, false)),
    );
  }

  get shape(): CharEngineShape {
    return this.m.shape;
  }

  /** 2 where a helper thread shares each product and takes half of each recurrence, else 1. */
  get threads(): number {
    return this.m.control ? 2 : 1;
  }

  private floats(ptr: number, count: number): Float32Array {
    return new Float32Array(this.m.k.memory.buffer, ptr, count);
  }

  /** Every parameter's values, in charLmVariables' order (copies). */
  getParameters(): Float32Array[] {
    return this.m.params.map((p) => this.floats(p.ptr, p.size).slice());
  }

  setParameters(values: readonly Float32Array[]): void {
    const { params } = this.m;
    if (values.length !== params.length) throw new Error(`The engine holds ${params.length} tensors, not ${values.length}.`);
    params.forEach((p, i) => {
      if (values[i].length !== p.size) throw new Error(`Tensor ${i} holds ${p.size} values, not ${values[i].length}.`);
      this.floats(p.ptr, p.size).set(values[i]);
    });
    this.prepareWeights();
  }

  getAdamState(): AdamState {
    const { params, mBase, vBase } = this.m;
    return {
      t: this.t,
      m: params.map((p) => this.floats(mBase + p.offset, p.size).slice()),
      v: params.map((p) => this.floats(vBase + p.offset, p.size).slice()),
    };
  }

  setAdamState(state: AdamState): void {
    this.t = state.t;
    const { params, mBase, vBase } = this.m;
    params.forEach((p, i) => {
      this.floats(mBase + p.offset, p.size).set(state.m[i]);
      this.floats(vBase + p.offset, p.size).set(state.v[i]);
    });
  }

  /** Each parameter's gradient from the last backward pass (copies). */
  getGradients(): Float32Array[] {
    return this.m.params.map((p) => this.floats(this.m.gradBase + p.offset, p.size).slice());
  }

  /** The transposed weights the products read and the summed biases, after the weights changed. */
  private prepareWeights(): void {
    const { k, layers, linW, linWT } = this.m;
    const { hidden: H, vocab: V } = this.m.shape;
    for (const l of layers) {
      k.transpose(l.wIh.ptr, l.wIhT, 4 * H, l.inputs);
      k.transpose(l.wHh.ptr, l.wHhT, 4 * H, H);
      k.add(l.bIh.ptr, l.bHh.ptr, l.bias, 4 * H);
    }
    k.transpose(linW.ptr, linWT, V, H);
  }

  private matmul(a: number, b: number, c: number, rows: number, inner: number, cols: number): void {
    this.m.k.matmulShared(this.m.control, a, b, c, rows, inner, cols, false, this.m.pack);
  }

  /** C = A^T B: A [inner, rows], B [inner, cols] (a weight's gradient); A's column sums added into `sums` where given (its bias's). */
  private matmulTN(a: number, b: number, c: number, rows: number, inner: number, cols: number, sums = 0): void {
    const { k, control, pack } = this.m;
    k.matmulTNShared(control, a, b, c, rows, inner, cols, pack, false, sums);
  }

  /**
   * The mean cross entropy of a batch: ids and targets [T, B] time first (window b's step t at t B + b). Leaves the
   * logits' gradient and every activation in place for `backward`.
   */
  forward(ids: Int32Array, targets: Int32Array): number {
    const { k, shape, layers, control } = this.m;
    const { vocab: V, embed: E, hidden: H, window: T, batch: B } = shape;
    const N = T * B;
    if (ids.length !== N || targets.length !== N) throw new Error(`A batch here is ${N} ids and ${N} targets.`);
    for (let i = 0; i < N; i++) {
      if (!(ids[i] >= 0 && ids[i] < V && targets[i] >= 0 && targets[i] < V)) throw new Error(`Character ids run from 0 to ${V - 1}.`);
    }
    new Int32Array(k.memory.buffer, this.m.ids, N).set(ids);
    new Int32Array(k.memory.buffer, this.m.targets, N).set(targets);
    k.gatherRows(this.m.embedding.ptr, this.m.ids, this.m.zeros, this.m.embedded, N, E);
    for (const l of layers) {
      this.matmul(l.x, l.wIhT, l.gates, N, l.inputs, 4 * H);
      k.addRows(l.gates, l.bias, N, 4 * H);
      k.lstmRecurrenceShared(control, l.desc, false);
    }
    const top = layers[layers.length - 1];
    this.matmul(top.h + B * H * 4, this.m.linWT, this.m.logits, N, H, V);
    k.addRows(this.m.logits, this.m.linB.ptr, N, V);
    return k.softmaxCrossEntropyShared(control, this.m.logits, this.m.targets, N, V, 1 / N) / N;
  }

  /** Every parameter's gradient of the last forward pass's loss, into the gradient region. */
  backward(): void {
    const { k, shape, layers, control, gradBase, linW, linB, logits, dGates } = this.m;
    const { vocab: V, embed: E, hidden: H, window: T, batch: B } = shape;
    const N = T * B;
    const G = 4 * H;
    const grad = (p: { offset: number }) => gradBase + p.offset;
    this.floats(gradBase, this.m.paramBytes / 4).fill(0);
    const top = layers[layers.length - 1];
    this.matmulTN(logits, top.h + B * H * 4, grad(linW), V, N, H, grad(linB));
    this.matmul(logits, linW.ptr, top.dOut, N, V, H);
    for (let i = layers.length - 1; i >= 0; i--) {
      const l = layers[i];
      k.lstmRecurrenceShared(control, l.desc, true);
      this.matmulTN(dGates, l.h, grad(l.wHh), G, N, H, grad(l.bIh));
      this.floats(grad(l.bHh), G).set(this.floats(grad(l.bIh), G));
      this.matmulTN(dGates, l.x, grad(l.wIh), G, N, l.inputs);
      this.matmul(dGates, l.wIh.ptr, l.dX, N, G, l.inputs);
    }
    k.scatterAddRows(layers[0].dX, this.m.ids, grad(this.m.embedding), N, E);
  }

  /** One training step on a batch: forward, backward, then Adam at `learningRate` over every parameter. Returns the loss before the step. */
  trainStep(ids: Int32Array, targets: Int32Array, learningRate: number): number {
    const loss = this.forward(ids, targets);
    this.backward();
    this.t++;
    const { k, paramBase, gradBase, mBase, vBase, paramBytes } = this.m;
    k.adamw(paramBase, gradBase, mBase, vBase, paramBytes / 4, learningRate, BETA1, BETA2, EPSILON, 1, 1 - BETA1 ** this.t, 1 - BETA2 ** this.t);
    this.prepareWeights();
    return loss;
  }

  /** Stops the helper thread, if there is one; the engine goes on, on one thread. */
  dispose(): void {
    if (this.m.control) this.m.k.stopServing(this.m.control);
    this.m.control = 0;
    this.helper?.terminate();
    this.helper = undefined;
  }
}
