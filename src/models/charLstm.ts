// A character-level language model, as in the series' War and Peace notebook: an embedding of each
// character, a stack of LSTMs (the hand-written one of Lesson 5), and a linear layer to the next character.

import * as tf from '@tensorflow/tfjs';
import { CharEngine, charEngineBytes } from '../kernels/charLstm/engine';
import type { Kernels } from '../kernels/kernels';
import { type EngineInfo, TFJS_ENGINE } from '../kernels/trainer';
import { Adam, type AdamState } from '../lib/adam';
import { DataError } from '../lib/errors';
import { matMul2d } from '../lib/matmul';
import { checkMemory } from '../lib/memoryBudget';
import { createRng, normal, type Rng, uniformArray } from '../lib/rng';
import { variableFrom } from '../lib/variables';
import { CHAR_SMALLER, type CharLmConfig, charTrainingBytes } from './charLstmConfig';
import { type LstmWeights, lstmForward } from './lstm';
import { type SamplingOptions, sampleNext } from './sampling';

export type { CharLmConfig };

export interface CharLmWeights {
  embedding: tf.Variable<tf.Rank.R2>;
  layers: { wIh: tf.Variable<tf.Rank.R2>; wHh: tf.Variable<tf.Rank.R2>; bIh: tf.Variable<tf.Rank.R1>; bHh: tf.Variable<tf.Rank.R1> }[];
  linW: tf.Variable<tf.Rank.R2>;
  linB: tf.Variable<tf.Rank.R1>;
}

export const charLmVariables = (w: CharLmWeights): tf.Variable[] => [w.embedding, ...w.layers.flatMap((l) => [l.wIh, l.wHh, l.bIh, l.bHh]), w.linW, w.linB];

/** PyTorch's initialisation: embedding N(0, 1), LSTM and Linear uniform in +-1/sqrt(hidden); or the given values in `charLmVariables` order. */
export function createCharLm(config: CharLmConfig, rng: Rng, values?: readonly Float32Array[]): CharLmWeights {
  const { vocab: V, embed: E, hidden: H, layers } = config;
  const bound = 1 / Math.sqrt(H);
  const u = (n: number) => uniformArray(rng, n, bound);
  const v = values ?? [
    Float32Array.from({ length: V * E }, () => normal(rng)),
    ...Array.from({ length: layers }, (_, l) => [u(4 * H * (l === 0 ? E : H)), u(4 * H * H), u(4 * H), u(4 * H)]).flat(),
    u(V * H),
    u(V),
  ];
  let k = 1;
  return {
    embedding: variableFrom(v[0], [V, E]),
    layers: Array.from({ length: layers }, (_, l) => ({
      wIh: variableFrom<tf.Rank.R2>(v[k++], [4 * H, l === 0 ? E : H]),
      wHh: variableFrom<tf.Rank.R2>(v[k++], [4 * H, H]),
      bIh: variableFrom<tf.Rank.R1>(v[k++], [4 * H]),
      bHh: variableFrom<tf.Rank.R1>(v[k++], [4 * H]),
    })),
    linW: variableFrom(v[k++], [V, H]),
    linB: variableFrom(v[k], [V]),
  };
}

export type LayerStates = { h: tf.Tensor2D; c: tf.Tensor2D }[];

/**
 * Next-character logits [T, B, V] for ids [T, B] (int32), from `states` (zeros when left out), and the
 * states after the last step, one { h, c } [B, H] per layer. The embedding lookup is a one-hot product
 * (V is small), whose gradient every backend has.
 */
export function charLmForward(w: CharLmWeights, ids: tf.Tensor2D, states?: LayerStates): { logits: tf.Tensor3D; states: LayerStates } {
  return tf.tidy(() => {
    const [T, B] = ids.shape;
    const [V, H] = w.linW.shape;
    const E = w.embedding.shape[1];
    let x: tf.Tensor = matMul2d(tf.oneHot(ids.reshape([T * B]), V).toFloat() as tf.Tensor2D, w.embedding).reshape([T, B, E]); // [T, B, E]
    const next: LayerStates = [];
    w.layers.forEach((weights, l) => {
      const run = lstmForward(x, weights as LstmWeights, states?.[l]); // out [T, B, H]
      next.push({ h: run.h as tf.Tensor2D, c: run.c as tf.Tensor2D });
      x = run.out;
    });
    const logits = matMul2d(x.reshape([T * B, H]) as tf.Tensor2D, w.linW.transpose() as tf.Tensor2D).add(w.linB); // [T*B, V]
    return { logits: logits.reshape([T, B, V]) as tf.Tensor3D, states: next };
  });
}

/** Mean cross entropy (nats per character) of predicting `targets` [T, B] from `inputs` [T, B]. */
export function charLmLoss(w: CharLmWeights, inputs: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const V = w.linW.shape[0];
    const { logits } = charLmForward(w, inputs);
    return tf.losses.softmaxCrossEntropy(tf.oneHot(targets.reshape([-1]), V).toFloat(), logits.reshape([-1, V])) as tf.Scalar;
  });
}

export interface CharLmState {
  config: CharLmConfig;
  step: number;
  weights: Float32Array[];
  adam: AdamState;
}

/** The most memory the WebAssembly engine may take; a larger model trains on tfjs ops. */
const ENGINE_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * The model in training: Adam steps on batches of windows, validation loss, and generation. It trains on tfjs ops,
 * or in the WebAssembly engine (useKernels), which then holds the weights and Adam's state; the tfjs variables
 * catch up (`sync`) before the model writes or is saved.
 */
export class CharLm {
  readonly config: CharLmConfig;
  readonly weights: CharLmWeights;
  step = 0;
  private adam: Adam;
  private kernelEngine?: CharEngine;
  /** Whether the engine has trained since the tfjs variables last caught up. */
  private stale = false;

  constructor(config: CharLmConfig, state?: CharLmState) {
    this.config = config;
    checkMemory(charTrainingBytes(config), CHAR_SMALLER);
    this.weights = createCharLm(config, createRng(config.seed), state?.weights);
    this.adam = new Adam(charLmVariables(this.weights), { learningRate: config.learningRate }, state?.adam);
    this.step = state?.step ?? 0;
  }

  /**
   * Trains from now on where the worker's kernels say: in the WebAssembly engine where they loaded and the model
   * fits its 1 GB, else on tfjs ops.
   */
  async useKernels(kernels: Kernels | undefined): Promise<void> {
    const { vocab, embed, hidden, layers, window, batch } = this.config;
    const shape = { vocab, embed, hidden, layers, window, batch };
    const wanted = kernels && charEngineBytes(shape) <= ENGINE_MAX_BYTES;
    if (wanted && this.kernelEngine) return;
    this.sync();
    this.kernelEngine?.dispose();
    this.kernelEngine = undefined;
    if (!wanted) return;
    const engine = await CharEngine.create(kernels, shape);
    engine.setParameters(charLmVariables(this.weights).map((v) => v.dataSync() as Float32Array));
    engine.setAdamState(this.adam.stateSync());
    this.kernelEngine = engine;
  }

  /** Where its training steps run. */
  get engine(): EngineInfo {
    return this.kernelEngine ? { kernels: true, threads: this.kernelEngine.threads } : TFJS_ENGINE;
  }

  /** Brings the tfjs variables and Adam's state up to the engine's, where it trained since they last did. */
  private sync(): void {
    if (!this.kernelEngine || !this.stale) return;
    const variables = charLmVariables(this.weights);
    const values = this.kernelEngine.getParameters();
    for (const [i, v] of variables.entries()) tf.tidy(() => v.assign(tf.tensor(values[i], v.shape)));
    const fresh = new Adam(variables, { learningRate: this.adam.learningRate }, this.kernelEngine.getAdamState());
    this.adam.dispose();
    this.adam = fresh;
    this.stale = false;
  }

  /** One Adam step on a batch (`inputs`, `targets` flat [T * B], time first); returns its loss. */
  trainStep(inputs: Int32Array, targets: Int32Array): number {
    const { window: T, batch: B } = this.config;
    this.step++;
    if (this.kernelEngine) {
      this.stale = true;
      return this.kernelEngine.trainStep(inputs, targets, this.adam.learningRate);
    }
    return tf.tidy(() => {
      const x = tf.tensor2d(inputs, [T, B], 'int32');
      const y = tf.tensor2d(targets, [T, B], 'int32');
      const variables = charLmVariables(this.weights);
      const { value, grads } = tf.variableGrads(() => charLmLoss(this.weights, x, y), variables);
      this.adam.step(variables.map((v) => grads[v.name]));
      return value.dataSync()[0];
    });
  }

  /** Mean loss over the given batches (no training). */
  loss(batches: { inputs: Int32Array; targets: Int32Array }[]): number {
    const { window: T, batch: B } = this.config;
    let sum = 0;
    for (const { inputs, targets } of batches) {
      const engine = this.kernelEngine;
      sum += engine
        ? engine.forward(inputs, targets)
        : tf.tidy(() => charLmLoss(this.weights, tf.tensor2d(inputs, [T, B], 'int32'), tf.tensor2d(targets, [T, B], 'int32')).dataSync()[0]);
    }
    return sum / batches.length;
  }

  /**
   * Reads `prompt` (ids, at least one) and then writes `count` characters, each drawn under `options` and
   * fed back in; `onChar` gets each as it comes (return false to stop early). Returns the ids written.
   */
  async generate(
    prompt: Int32Array,
    count: number,
    options: SamplingOptions,
    rng: Rng,
    onChar?: (id: number) => boolean | void | Promise<boolean | void>,
  ): Promise<number[]> {
    if (prompt.length === 0) throw new DataError('The prompt needs at least one character the model knows.');
    this.sync();
    const written: number[] = [];
    let run = tf.tidy(() => charLmForward(this.weights, tf.tensor2d(prompt, [prompt.length, 1], 'int32')));
    try {
      for (let n = 0; n < count; n++) {
        const last = tf.tidy(() => run.logits.slice([run.logits.shape[0] - 1, 0, 0], [1, 1, this.config.vocab]).reshape([this.config.vocab]));
        const logits = (await last.data()) as Float32Array;
        last.dispose();
        const id = sampleNext(logits, options, rng);
        written.push(id);
        if ((await onChar?.(id)) === false) break;
        const previous = run;
        run = tf.tidy(() => charLmForward(this.weights, tf.tensor2d([id], [1, 1], 'int32'), previous.states));
        tf.dispose([previous.logits, ...previous.states.flatMap((s) => [s.h, s.c])]);
      }
      return written;
    } finally {
      tf.dispose([run.logits, ...run.states.flatMap((s) => [s.h, s.c])]);
    }
  }

  async exportState(): Promise<CharLmState> {
    this.sync();
    return {
      config: this.config,
      step: this.step,
      weights: await Promise.all(charLmVariables(this.weights).map(async (v) => new Float32Array(await v.data()))),
      adam: await this.adam.exportState(),
    };
  }

  dispose(): void {
    this.kernelEngine?.dispose();
    for (const v of charLmVariables(this.weights)) v.dispose();
    this.adam.dispose();
  }
}
