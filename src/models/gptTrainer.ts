// The tiny GPT in training, whatever runs it (src/kernels/trainer.ts): the tfjs reference here (the model of
// gpt.ts, autodiff, clipping, our AdamW) or the GPT engine on the WebAssembly kernels (src/kernels/gpt), picked
// once by createGptTrainer. Both draw nanoGPT's initialisation from the same seed, so a run is the same run.

import * as tf from '@tensorflow/tfjs';
import { type GptEngineShape, gptEngineBytes } from '../kernels/gpt/engine';
import { type GptBatch, KernelGptTrainer } from '../kernels/gpt/trainer';
import type { Kernels } from '../kernels/kernels';
import { chooseTrainer, type ModelTrainer, TFJS_ENGINE } from '../kernels/trainer';
import { Adam, type AdamState } from '../lib/adam';
import type { Rng } from '../lib/rng';
import { clipGradNorm } from '../lib/schedule';
import { createGpt, disposeGpt, type GptWeights, gptAttentionMaps, gptInitialValues, gptLogits, gptLoss, gptVariables } from './gpt';

export type { GptBatch };

/** A GPT in training: a ModelTrainer that also reads the next character's logits and a prompt's attention. */
export interface GptTrainer extends ModelTrainer<GptBatch> {
  /** The logits [V] of the character after `window` (1 to T ids). */
  nextLogits(window: readonly number[]): Float32Array;
  /** Each block's attention on `ids` (1 to T of them): per block [H, n, n] row-major. */
  attention(ids: readonly number[]): Float32Array[];
}

/** AdamW as nanoGPT sets it, with the gradient's norm clipped before each step. */
export interface GptOptimizer {
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  maxNorm: number;
}

/** The most memory the WebAssembly engine may take; a larger model trains on tfjs ops. */
const ENGINE_MAX_BYTES = 1024 * 1024 * 1024;

/** The GPT on tfjs ops: variables, autodiff, the norm clipped, our AdamW (matrices decay; biases and gains do not). */
class TfjsGptTrainer implements GptTrainer {
  readonly engine = TFJS_ENGINE;
  private readonly weights: GptWeights;
  private adam: Adam;

  constructor(
    private readonly shape: GptEngineShape,
    private readonly optimizer: GptOptimizer,
    values: Float32Array[],
    state?: AdamState,
  ) {
    this.weights = createGpt(shape, values);
    const variables = gptVariables(this.weights);
    const { beta1, beta2, epsilon, weightDecay } = optimizer;
    this.adam = new Adam(variables, { learningRate: 0, beta1, beta2, epsilon, weightDecay, decays: (i) => variables[i].rank === 2 }, state);
  }

  private tensors({ ids, targets }: GptBatch): [tf.Tensor2D, tf.Tensor2D] {
    const { batch: B, context: T } = this.shape;
    return [tf.tensor2d(ids, [B, T], 'int32'), tf.tensor2d(targets, [B, T], 'int32')];
  }

  step(batch: GptBatch, learningRate: number): number {
    this.adam.learningRate = learningRate;
    return tf.tidy(() => {
      const [ids, targets] = this.tensors(batch);
      const variables = gptVariables(this.weights);
      const { value, grads } = tf.variableGrads(() => gptLoss(this.weights, ids, targets, this.shape.heads), variables);
      const clipped = clipGradNorm(
        variables.map((v) => grads[v.name]),
        this.optimizer.maxNorm,
      );
      this.adam.step(clipped.grads);
      return value.dataSync()[0];
    });
  }

  loss(batch: GptBatch): number {
    return tf.tidy(() => gptLoss(this.weights, ...this.tensors(batch), this.shape.heads).dataSync()[0]);
  }

  nextLogits(window: readonly number[]): Float32Array {
    return tf.tidy(
      () =>
        gptLogits(this.weights, tf.tensor2d(Int32Array.from(window), [1, window.length], 'int32'), this.shape.heads)
          .slice([0, window.length - 1, 0], [1, 1, -1])
          .dataSync() as Float32Array,
    );
  }

  attention(ids: readonly number[]): Float32Array[] {
    return tf.tidy(() => gptAttentionMaps(this.weights, tf.tensor2d(Int32Array.from(ids), [1, ids.length], 'int32'), this.shape.heads));
  }

  getParameters(): Float32Array[] {
    return gptVariables(this.weights).map((v) => (v.dataSync() as Float32Array).slice());
  }

  setParameters(values: readonly Float32Array[]): void {
    for (const [i, v] of gptVariables(this.weights).entries()) tf.tidy(() => v.assign(tf.tensor(values[i], v.shape)));
  }

  getOptimizerState(): AdamState {
    return this.adam.stateSync();
  }

  setOptimizerState(state: AdamState): void {
    const variables = gptVariables(this.weights);
    const { beta1, beta2, epsilon, weightDecay } = this.optimizer;
    const fresh = new Adam(variables, { learningRate: 0, beta1, beta2, epsilon, weightDecay, decays: (i) => variables[i].rank === 2 }, state);
    this.adam.dispose();
    this.adam = fresh;
  }

  dispose(): void {
    disposeGpt(this.weights);
    this.adam.dispose();
  }
}

/** Where a trainer starts: nanoGPT's initialisation from `rng`, or saved parameters and AdamW's state. */
export type GptStart = { rng: Rng } | { values: Float32Array[]; optimizer: AdamState };

/** The kernels a GPT of `shape` trains on: the worker's, where the model fits in the engine's 1 GB; else none (tfjs ops). */
export const gptKernels = (shape: GptEngineShape, kernels: Kernels | undefined): Kernels | undefined =>
  kernels && gptEngineBytes(shape) <= ENGINE_MAX_BYTES ? kernels : undefined;

/** The GPT of `shape` in training: on the WebAssembly kernels where the worker loaded them (gptKernels), else on tfjs ops. */
export async function createGptTrainer(shape: GptEngineShape, optimizer: GptOptimizer, start: GptStart, kernels?: Kernels): Promise<GptTrainer> {
  const values = 'rng' in start ? gptInitialValues(shape, start.rng) : start.values;
  const state = 'rng' in start ? undefined : start.optimizer;
  return chooseTrainer<Promise<GptTrainer>>(gptKernels(shape, kernels), {
    tfjs: async () => new TfjsGptTrainer(shape, optimizer, values, state),
    kernels: (k) => KernelGptTrainer.create(k, shape, optimizer, values, state),
  });
}
