// The small RNNs of Lesson 3's widgets: random weights as PyTorch's nn.RNN draws them, a traced run over a
// one-hot sentence, and the notebook's check against a library RNN.

import * as tf from '@tensorflow/tfjs';
import { DataError } from '../../lib/errors';
import { createRng, normal, type Rng, uniformArray } from '../../lib/rng';
import type { RnnComparison } from '../../models/compare';
import { type ElmanStep, type ElmanWeights, elmanForward, elmanTrace } from '../../models/elman';
import { compareWithLayers } from './compare';

/** Weights uniform in +-1/sqrt(D_h), nn.RNN's default initialisation. The caller disposes them. */
export function randomElmanWeights(dIn: number, dHidden: number, rng: Rng): ElmanWeights {
  const bound = 1 / Math.sqrt(dHidden);
  return {
    wIh: tf.tensor2d(uniformArray(rng, dHidden * dIn, bound), [dHidden, dIn]),
    wHh: tf.tensor2d(uniformArray(rng, dHidden * dHidden, bound), [dHidden, dHidden]),
    bIh: tf.tensor1d(uniformArray(rng, dHidden, bound)),
    bHh: tf.tensor1d(uniformArray(rng, dHidden, bound)),
  };
}

const disposeWeights = (w: ElmanWeights) => tf.dispose([w.wIh, w.wHh, w.bIh, w.bHh]);

/** A traced run over a sequence of tokens, each a one-hot vector over the sequence's own distinct tokens. */
export interface SequenceTrace {
  /** The distinct tokens in order of appearance: token i is the one-hot vector e_i. */
  vocabulary: string[];
  dIn: number;
  dHidden: number;
  weights: { wIh: Float32Array; wHh: Float32Array; bIh: Float32Array; bHh: Float32Array };
  steps: ElmanStep[];
  /** The run cut in two calls at `split`: the state the first call hands over, and how far the second call's states are from the single call's. */
  split: number;
  handedOver: Float32Array;
  maxDifference: number;
}

/**
 * Runs a fresh RNN (hidden size `dHidden`, weights from `seed`) over `tokens` one-hot, keeping every
 * intermediate; then runs it again as two calls, tokens[0, split) and tokens[split, L) from the state the
 * first returned, and measures the largest difference from the single run.
 */
export function traceSequence(tokens: readonly string[], dHidden: number, seed: number, split: number): SequenceTrace {
  if (tokens.length === 0) throw new DataError('The sequence is empty.');
  const vocabulary = [...new Set(tokens)];
  const dIn = vocabulary.length;
  const at = Math.min(Math.max(1, Math.round(split)), tokens.length);
  const weights = randomElmanWeights(dIn, dHidden, createRng(seed));
  let steps: ElmanStep[] = [];
  try {
    const summary = tf.tidy(() => {
      // One-hot rows built directly: tf.oneHot refuses a depth of 1 (a sentence of one word, or one word repeated).
      const rows = new Float32Array(tokens.length * dIn);
      tokens.forEach((t, i) => {
        rows[i * dIn + vocabulary.indexOf(t)] = 1;
      });
      const x = tf.tensor2d(rows, [tokens.length, dIn]); // [L, D_in]
      steps = elmanTrace(x, weights);
      const whole = elmanForward(x, weights);
      const first = elmanForward(x.slice([0, 0], [at, dIn]), weights); // [split, D_h]
      let maxDifference = first.out
        .sub(whole.out.slice([0, 0], [at, dHidden]))
        .abs()
        .max()
        .dataSync()[0];
      if (at < tokens.length) {
        const second = elmanForward(x.slice([at, 0], [tokens.length - at, dIn]), weights, first.h); // [L - split, D_h]
        maxDifference = Math.max(
          maxDifference,
          second.out
            .sub(whole.out.slice([at, 0], [tokens.length - at, dHidden]))
            .abs()
            .max()
            .dataSync()[0],
        );
      }
      const read = (t: tf.Tensor) => new Float32Array(t.dataSync());
      return {
        vocabulary,
        dIn,
        dHidden,
        weights: { wIh: read(weights.wIh), wHh: read(weights.wHh), bIh: read(weights.bIh), bHh: read(weights.bHh) },
        split: at,
        handedOver: read(first.h),
        maxDifference,
      };
    });
    return { ...summary, steps };
  } finally {
    disposeWeights(weights);
  }
}

/**
 * The notebook's check with fresh random weights from `seed`: D_in 5, D_h 3, a sequence of L 5, a
 * continuation of 3 more inputs from its last state, and a batch of L 5, B 4, each run through the
 * hand-written RNN and tfjs's SimpleRNN.
 */
export function notebookCheck(seed: number): RnnComparison {
  const rng = createRng(seed);
  const weights = randomElmanWeights(5, 3, rng);
  const values = (n: number) => Float32Array.from({ length: n }, () => normal(rng));
  try {
    return tf.tidy(() => compareWithLayers(weights, tf.tensor2d(values(25), [5, 5]), tf.tensor2d(values(15), [3, 5]), tf.tensor3d(values(100), [5, 4, 5])));
  } finally {
    disposeWeights(weights);
  }
}
