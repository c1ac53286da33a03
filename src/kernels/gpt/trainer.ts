// The tiny GPT in training on this site's WebAssembly kernels: the GPT engine holds the one copy of the weights
// and AdamW's moments; the GPT-2 engine takes them to show the attention of a prompt and to write one token at a
// time, each new token read through its cache of keys and values while the text fits the context (past it, each
// window is read again: the positions move).

import type { AdamState } from '../../lib/adam';
import { Gpt2Engine } from '../gpt2/engine';
import { readerShape, setTrainedWeights } from '../gpt2/trained';
import type { Kernels } from '../kernels';
import type { EngineInfo } from '../trainer';
import { GptEngine, type GptEngineOptimizer, type GptEngineShape } from './engine';

/** A batch of B windows of T ids and their targets, [B, T] row-major. */
export interface GptBatch {
  ids: Int32Array;
  targets: Int32Array;
}

export class KernelGptTrainer {
  private readerStale = true;
  /** The ids the GPT-2 engine's cache holds, in order. */
  private cached: readonly number[] = [];

  private constructor(
    private readonly engine0: GptEngine,
    private readonly optimizer: GptEngineOptimizer,
    private readonly shape: GptEngineShape,
    private readonly cachedReader: Gpt2Engine,
  ) {}

  /** A trainer holding `values` (gptVariables' order) and `adam`'s state where given. */
  static async create(
    kernels: Kernels,
    shape: GptEngineShape,
    optimizer: GptEngineOptimizer,
    values: readonly Float32Array[],
    adam?: AdamState,
  ): Promise<KernelGptTrainer> {
    const engine = await GptEngine.create(kernels, shape);
    engine.setParameters(values);
    if (adam) engine.setAdamState(adam);
    return new KernelGptTrainer(engine, optimizer, shape, await Gpt2Engine.create(kernels, readerShape(shape)));
  }

  get engine(): EngineInfo {
    return { kernels: true, threads: this.engine0.threads };
  }

  step(batch: GptBatch, learningRate: number): number {
    this.readerStale = true;
    return this.engine0.trainStep(batch.ids, batch.targets, learningRate, this.optimizer).loss;
  }

  loss(batch: GptBatch): number {
    return this.engine0.forward(batch.ids, batch.targets);
  }

  /** The GPT-2 engine with the weights of the last step, `window` (1 to T ids) checked. */
  private reader(window: readonly number[]): Gpt2Engine {
    if (window.length < 1 || window.length > this.shape.context) throw new Error(`A window here is 1 to ${this.shape.context} tokens, not ${window.length}.`);
    if (this.readerStale) {
      setTrainedWeights(this.cachedReader, this.shape, this.engine0.getParameters(), 'the model in training');
      this.cached = [];
      this.readerStale = false;
    }
    return this.cachedReader;
  }

  /** The next token's logits after `window`: one token read through the cache where the window is the cached text and one more. */
  nextLogits(window: readonly number[]): Float32Array {
    const engine = this.reader(window);
    const n = this.cached.length;
    if (n > 0 && window.length === n + 1 && this.cached.every((id, i) => id === window[i])) engine.read([window[n]]);
    else {
      engine.reset();
      engine.read(window);
    }
    this.cached = [...window];
    return engine.logits(1);
  }

  /** Each block's attention on `ids` (n of them), [H, n, n] row-major. */
  attention(ids: readonly number[]): Float32Array[] {
    const engine = this.reader(ids);
    engine.reset();
    const maps = engine.read(ids, { attention: true }).attention!;
    this.cached = [...ids];
    return maps;
  }

  getParameters(): Float32Array[] {
    return this.engine0.getParameters();
  }

  setParameters(values: readonly Float32Array[]): void {
    this.engine0.setParameters(values);
    this.readerStale = true;
  }

  getOptimizerState(): AdamState {
    return this.engine0.getAdamState();
  }

  setOptimizerState(state: AdamState): void {
    this.engine0.setAdamState(state);
  }

  dispose(): void {
    this.engine0.dispose();
    this.cachedReader.dispose();
  }
}
