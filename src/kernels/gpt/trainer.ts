// The tiny GPT in training on this site's WebAssembly kernels: the GPT engine holds the one copy of the weights
// and AdamW's moments; a second engine of batch 1 takes them to write one character at a time and to show the
// attention of a prompt.

import type { AdamState } from '../../lib/adam';
import type { Kernels } from '../kernels';
import type { EngineInfo } from '../trainer';
import { GptEngine, type GptEngineOptimizer, type GptEngineShape } from './engine';

/** A batch of B windows of T ids and their targets, [B, T] row-major. */
export interface GptBatch {
  ids: Int32Array;
  targets: Int32Array;
}

export class KernelGptTrainer {
  private writerStale = true;

  private constructor(
    private readonly engine0: GptEngine,
    private readonly writer: GptEngine,
    private readonly optimizer: GptEngineOptimizer,
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
    const writer = new GptEngine(await kernels.instantiate(), { ...shape, batch: 1 });
    engine.setParameters(values);
    if (adam) engine.setAdamState(adam);
    return new KernelGptTrainer(engine, writer, optimizer);
  }

  get engine(): EngineInfo {
    return { kernels: true, threads: this.engine0.threads };
  }

  step(batch: GptBatch, learningRate: number): number {
    this.writerStale = true;
    return this.engine0.trainStep(batch.ids, batch.targets, learningRate, this.optimizer).loss;
  }

  loss(batch: GptBatch): number {
    return this.engine0.forward(batch.ids, batch.targets);
  }

  /** The batch-1 engine, with the weights of the last step. */
  private reader(): GptEngine {
    if (this.writerStale) this.writer.setParameters(this.engine0.getParameters());
    this.writerStale = false;
    return this.writer;
  }

  nextLogits(window: readonly number[]): Float32Array {
    return this.reader().nextLogits(window);
  }

  attention(ids: readonly number[]): Float32Array[] {
    return this.reader().attention(ids);
  }

  getParameters(): Float32Array[] {
    return this.engine0.getParameters();
  }

  setParameters(values: readonly Float32Array[]): void {
    this.engine0.setParameters(values);
    this.writerStale = true;
  }

  getOptimizerState(): AdamState {
    return this.engine0.getAdamState();
  }

  setOptimizerState(state: AdamState): void {
    this.engine0.setAdamState(state);
  }

  dispose(): void {
    this.engine0.dispose();
    this.writer.dispose();
  }
}
