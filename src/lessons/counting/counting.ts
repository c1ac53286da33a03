// Part IV of the series: an Elman RNN that learns what follows 7, 8, 9, 10. Inputs are one-hot numbers,
// targets are the inputs shifted by one (teacher forcing), with cross entropy at every time step.

import * as tf from '@tensorflow/tfjs';
import type { AdamState } from '../../lib/adam';
import { normal, type Rng, uniformArray } from '../../lib/rng';
import { variableFrom } from '../../lib/variables';
import { type ElmanWeights, elmanForward } from '../../models/elman';
import { consecutiveSequences } from '../../text/sequences';
import type { CountingConfig } from './meta';

export type { CountingConfig };

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
  const v = values ?? [
    randn(hidden * vocab),
    randn(hidden * hidden),
    randn(hidden),
    randn(hidden),
    uniformArray(rng, vocab * hidden, bound),
    uniformArray(rng, vocab, bound),
  ];
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
export function timeFirst(values: Int32Array, rows: ArrayLike<number>, length: number): tf.Tensor2D {
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
  /** Epochs past the schedule's `config.epochs`, added by "Train further". */
  extraEpochs?: number;
}
