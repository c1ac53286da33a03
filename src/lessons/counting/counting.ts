// Part IV of the series: an Elman RNN that learns what follows 7, 8, 9, 10. Inputs are one-hot numbers,
// targets are the inputs shifted by one (teacher forcing), with cross entropy at every time step.

import * as tf from '@tensorflow/tfjs';
import { Adam, type AdamState } from '../../lib/adam';
import { variableFrom } from '../../lib/variables';
import { createRng, normal, type Rng, shuffleInPlace, uniformArray } from '../../lib/rng';
import { type ElmanWeights, elmanForward } from '../rnn/elman';

/** The task and its training recipe. */
export interface CountingConfig {
  /** Numbers 0..vocab-1, each its own one-hot input (V). */
  vocab: number;
  /** Sequence length L of the training items. */
  length: number;
  hidden: number;
  batch: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

/** The notebook's recipe: V 128, L 6, hidden 32, batch 61, Adam lr 0.1 with a linear decay, 25 epochs. */
export const NOTEBOOK_RECIPE: CountingConfig = { vocab: 128, length: 6, hidden: 32, batch: 61, epochs: 25, learningRate: 0.1, seed: 0 };

/** The notebook's loss at the end of epochs 1..6, 11, 16, 21 and 25 (its epochs 0..5, 10, 15, 20, 24). */
export const NOTEBOOK_LOSSES: readonly { epoch: number; loss: number }[] = [
  { epoch: 1, loss: 5.032 },
  { epoch: 2, loss: 4.265 },
  { epoch: 3, loss: 3.662 },
  { epoch: 4, loss: 3.156 },
  { epoch: 5, loss: 2.588 },
  { epoch: 6, loss: 2.06 },
  { epoch: 11, loss: 0.731 },
  { epoch: 16, loss: 0.236 },
  { epoch: 21, loss: 0.109 },
  { epoch: 25, loss: 0.0879 },
];

/**
 * Every run of L consecutive numbers in 0..V-1 that leaves room for one more: item i has inputs
 * i, i+1, ..., i+L-1 and, at step t, the target `target(i, t)`. V - L items, stored row-major ([items, L]).
 */
export function consecutiveSequences(vocab: number, length: number, target: (item: number, t: number) => number): { inputs: Int32Array; targets: Int32Array; items: number } {
  const items = Math.max(0, vocab - length);
  const inputs = new Int32Array(items * length);
  const targets = new Int32Array(items * length);
  for (let i = 0; i < items; i++) {
    for (let t = 0; t < length; t++) {
      inputs[i * length + t] = i + t;
      targets[i * length + t] = target(i, t);
    }
  }
  return { inputs, targets, items };
}

/** The counting data: targets are the inputs shifted by one (i+1, ..., i+L). */
export const countingData = (vocab: number, length: number) => consecutiveSequences(vocab, length, (i, t) => i + t + 1);

/** The RNN's four parameters and the Linear layer after it (PyTorch layout: weight [V, D_h], bias [V]). */
export interface CountingWeights {
  rnn: { wIh: tf.Variable<tf.Rank.R2>; wHh: tf.Variable<tf.Rank.R2>; bIh: tf.Variable<tf.Rank.R1>; bHh: tf.Variable<tf.Rank.R1> };
  linW: tf.Variable<tf.Rank.R2>;
  linB: tf.Variable<tf.Rank.R1>;
}

/**
 * Fresh weights as the notebook makes them: the four RNN parameters from N(0, 1) (torch.randn), the
 * Linear layer uniform in +-1/sqrt(D_h) as PyTorch's default. Or the given `values`, in `weightList` order.
 */
export function createCountingWeights(vocab: number, hidden: number, rng: Rng, values?: readonly Float32Array[]): CountingWeights {
  const randn = (n: number) => Float32Array.from({ length: n }, () => normal(rng));
  const bound = 1 / Math.sqrt(hidden);
  const v = values ?? [randn(hidden * vocab), randn(hidden * hidden), randn(hidden), randn(hidden), uniformArray(rng, vocab * hidden, bound), uniformArray(rng, vocab, bound)];
  return {
    rnn: {
      wIh: variableFrom(v[0], [hidden, vocab]),
      wHh: variableFrom(v[1], [hidden, hidden]),
      bIh: variableFrom(v[2], [hidden]),
      bHh: variableFrom(v[3], [hidden]),
    },
    linW: variableFrom(v[4], [vocab, hidden]),
    linB: variableFrom(v[5], [vocab]),
  };
}

/** The six variables in a fixed order (for the optimizer and checkpoints). */
export const weightList = (w: CountingWeights): tf.Variable[] => [w.rnn.wIh, w.rnn.wHh, w.rnn.bIh, w.rnn.bHh, w.linW, w.linB];

/**
 * The model on a batch of number sequences `ids` [L, B] (int32), from hidden state `h0` [B, D_h] (zeros
 * when left out): one-hot inputs [L, B, V], the RNN's states [L, B, D_h], and logits [L, B, V] for the
 * next number at every step. Also returns the last state [B, D_h].
 */
export function countingForward(weights: CountingWeights, ids: tf.Tensor2D, h0?: tf.Tensor2D): { logits: tf.Tensor3D; states: tf.Tensor3D; h: tf.Tensor2D } {
  return tf.tidy(() => {
    const [length, batch] = ids.shape;
    const [vocab, hidden] = weights.linW.shape;
    const x = tf.oneHot(ids, vocab).toFloat(); // [L, B, V]
    const { out, h } = elmanForward(x, weights.rnn as ElmanWeights, h0); // [L, B, D_h], [B, D_h]
    const flat = out.reshape([length * batch, hidden]); // [L*B, D_h]
    const logits = tf.matMul(flat, weights.linW.transpose()).add(weights.linB); // [L*B, V]
    return { logits: logits.reshape([length, batch, vocab]) as tf.Tensor3D, states: out as tf.Tensor3D, h: h as tf.Tensor2D };
  });
}

/** Mean cross entropy over all L x B positions, as PyTorch's cross_entropy(f.view(-1, V), Y.flatten()). */
export function countingLoss(weights: CountingWeights, ids: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const vocab = weights.linW.shape[0];
    const { logits } = countingForward(weights, ids);
    const labels = tf.oneHot(targets.flatten(), vocab).toFloat(); // [L*B, V]
    return tf.losses.softmaxCrossEntropy(labels, logits.reshape([-1, vocab])) as tf.Scalar;
  });
}

/** Turns row-major items ([n, L] for the listed `rows`) into the model's time-first layout [L, n]. */
function timeFirst(values: Int32Array, rows: ArrayLike<number>, length: number): tf.Tensor2D {
  const out = new Int32Array(rows.length * length);
  for (let b = 0; b < rows.length; b++) for (let t = 0; t < length; t++) out[t * rows.length + b] = values[rows[b] * length + t];
  return tf.tensor2d(out, [length, rows.length], 'int32');
}

/** Everything needed to pick a run up again exactly where it stopped (plain arrays, for IndexedDB). */
export interface CountingState {
  config: CountingConfig;
  step: number;
  weights: Float32Array[];
  adam: AdamState;
  /** Batch losses of the epoch under way, and the mean loss of every finished epoch. */
  epochLosses: number[];
  epochMeans: { epoch: number; loss: number }[];
}

/** How the model does on all (V - L) x L next-number predictions of the data set. */
export interface CountingAccuracy {
  correct: number;
  total: number;
  accuracy: number;
  loss: number;
}

/** The model's answer for one sequence: the softmax of the last step, its hidden states, the last state. */
export interface CountingPrediction {
  /** P(next number) after the last element, [V]. */
  probabilities: Float32Array;
  argmax: number;
  /** Argmax after every element, [L]. */
  argmaxEachStep: number[];
  /** All hidden states, row-major [L, D_h], and the last one [D_h] (to continue from). */
  states: Float32Array;
  h: Float32Array;
}

/** The per-epoch shuffle: its own generator per (seed, epoch), so a resumed run sees the same order. */
const epochRng = (seed: number, epoch: number): Rng => createRng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b)) >>> 0);

/**
 * The training run of the notebook: epochs of shuffled batches (the last, short batch dropped, as
 * DataLoader's drop_last), Adam with the learning rate times (E - e) / E in epoch e, one `step()` a batch.
 */
export class CountingTrainer {
  readonly config: CountingConfig;
  readonly weights: CountingWeights;
  readonly items: number;
  readonly stepsPerEpoch: number;
  step = 0;
  epochMeans: { epoch: number; loss: number }[] = [];
  private epochLosses: number[] = [];
  private readonly adam: Adam;
  private readonly data: { inputs: Int32Array; targets: Int32Array };
  private order: Int32Array = new Int32Array(0);
  private orderEpoch = -1;

  constructor(config: CountingConfig, state?: CountingState) {
    this.config = config;
    const data = countingData(config.vocab, config.length);
    this.data = data;
    this.items = data.items;
    this.stepsPerEpoch = Math.floor(data.items / config.batch);
    if (this.stepsPerEpoch === 0) {
      throw new Error(`A batch of ${config.batch} is larger than the ${data.items} sequences there are (V - L = ${config.vocab} - ${config.length}); with the last short batch dropped, nothing would train.`);
    }
    this.weights = createCountingWeights(config.vocab, config.hidden, createRng(config.seed), state?.weights);
    this.adam = new Adam(weightList(this.weights), { learningRate: config.learningRate }, state?.adam);
    if (state) {
      this.step = state.step;
      this.epochMeans = state.epochMeans.slice();
      this.epochLosses = state.epochLosses.slice();
    }
  }

  get totalSteps(): number {
    return this.stepsPerEpoch * this.config.epochs;
  }

  get epoch(): number {
    return Math.floor(this.step / this.stepsPerEpoch);
  }

  /** The learning rate of epoch `epoch`: the notebook's LambdaLR, lr (E - e) / E. */
  rateAt(epoch: number): number {
    return (this.config.learningRate * (this.config.epochs - epoch)) / this.config.epochs;
  }

  /** Trains on the next batch and returns its loss. */
  trainStep(): number {
    const epoch = this.epoch;
    if (this.orderEpoch !== epoch) {
      this.order = shuffleInPlace(Int32Array.from({ length: this.items }, (_, i) => i), epochRng(this.config.seed, epoch));
      this.orderEpoch = epoch;
    }
    const start = (this.step % this.stepsPerEpoch) * this.config.batch;
    const rows = this.order.subarray(start, start + this.config.batch);
    this.adam.learningRate = this.rateAt(epoch);
    const loss = tf.tidy(() => {
      const ids = timeFirst(this.data.inputs, rows, this.config.length); // [L, B]
      const targets = timeFirst(this.data.targets, rows, this.config.length); // [L, B]
      const variables = weightList(this.weights);
      const { value, grads } = tf.variableGrads(() => countingLoss(this.weights, ids, targets), variables);
      this.adam.step(variables.map((v) => grads[v.name]));
      return value.dataSync()[0];
    });
    this.step++;
    this.epochLosses.push(loss);
    if (this.step % this.stepsPerEpoch === 0) {
      this.epochMeans.push({ epoch, loss: this.epochLosses.reduce((a, b) => a + b, 0) / this.epochLosses.length });
      this.epochLosses = [];
    }
    return loss;
  }

  /** Accuracy of the argmax over every next-number prediction of the data set ((V - L) x L of them). */
  evaluate(): CountingAccuracy {
    return tf.tidy(() => {
      const all = Int32Array.from({ length: this.items }, (_, i) => i);
      const ids = timeFirst(this.data.inputs, all, this.config.length);
      const targets = timeFirst(this.data.targets, all, this.config.length);
      const { logits } = countingForward(this.weights, ids);
      const correct = logits.argMax(-1).equal(targets).sum().dataSync()[0];
      const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(targets.flatten(), this.config.vocab).toFloat(), logits.reshape([-1, this.config.vocab])).dataSync()[0];
      const total = this.items * this.config.length;
      return { correct, total, accuracy: correct / total, loss };
    });
  }

  /** Runs one sequence of numbers (any length) from `h0` [D_h] (zeros when left out). */
  predict(sequence: readonly number[], h0?: Float32Array): CountingPrediction {
    if (sequence.length === 0) throw new Error('predict needs at least one number.');
    return tf.tidy(() => {
      const ids = tf.tensor2d(Int32Array.from(sequence), [sequence.length, 1], 'int32'); // [L, 1]
      const start = h0 ? tf.tensor2d(h0, [1, this.config.hidden]) : undefined;
      const { logits, states, h } = countingForward(this.weights, ids, start);
      const last = logits.slice([sequence.length - 1, 0, 0], [1, 1, this.config.vocab]).reshape([this.config.vocab]);
      const probabilities = new Float32Array(tf.softmax(last).dataSync());
      const argmaxEachStep = Array.from(logits.argMax(-1).dataSync());
      return {
        probabilities,
        argmax: argmaxEachStep[argmaxEachStep.length - 1],
        argmaxEachStep,
        states: new Float32Array(states.dataSync()),
        h: new Float32Array(h.dataSync()),
      };
    });
  }

  async exportState(): Promise<CountingState> {
    return {
      config: this.config,
      step: this.step,
      weights: await Promise.all(weightList(this.weights).map(async (v) => new Float32Array(await v.data()))),
      adam: await this.adam.exportState(),
      epochLosses: this.epochLosses.slice(),
      epochMeans: this.epochMeans.slice(),
    };
  }

  dispose(): void {
    for (const v of weightList(this.weights)) v.dispose();
    this.adam.dispose();
  }
}

/** A sequence the reader typed, checked: whole numbers in 0..vocab-1, at most `maxLength` of them. */
export type ParsedSequence = { ok: true; values: number[] } | { ok: false; message: string };

/** Reads "7, 8, 9, 10" (commas, spaces or both) into numbers, or says clearly what is wrong with it. */
export function parseSequence(text: string, vocab: number, maxLength = 256): ParsedSequence {
  const parts = text.split(/[\s,;]+/).filter((p) => p.length > 0);
  const range = `whole numbers from 0 to ${vocab - 1}`;
  if (parts.length === 0) return { ok: false, message: `Type a few ${range}, separated by commas or spaces, for example 7, 8, 9, 10.` };
  if (parts.length > maxLength) {
    return { ok: false, message: `That is ${parts.length.toLocaleString('en')} numbers; this box takes at most ${maxLength} at a time.` };
  }
  const values: number[] = [];
  for (const part of parts) {
    const shown = part.length > 12 ? `${part.slice(0, 12)}…` : part;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(part)) return { ok: false, message: `“${shown}” is not a number. The model reads ${range}.` };
    const value = Number(part);
    if (value < 0) return { ok: false, message: `${shown} is negative. The model reads ${range}.` };
    if (!Number.isInteger(value)) return { ok: false, message: `${shown} is not a whole number. The model reads ${range}.` };
    if (value >= vocab) return { ok: false, message: `${shown} is beyond the vocabulary: the model knows only the ${range} (V = ${vocab}).` };
    values.push(value);
  }
  return { ok: true, values };
}
