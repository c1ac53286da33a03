// Fast mode: CBOW with negative sampling and subsampling of frequent words (Mikolov et al. 2013,
// "Distributed Representations of Words and Phrases and their Compositionality"). Instead of a softmax
// over all V words, each example scores its true centre word against k noise words, so it costs
// O(k D) instead of O(V D).

import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../lib/rng';
import type { CbowWeights } from './cbow';

/** Draws noise words from the unigram distribution raised to `power` (0.75 in the paper). */
export function noiseSampler(counts: ArrayLike<number>, power = 0.75): (rng: Rng) => number {
  const cumulative = new Float64Array(counts.length);
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    total += counts[i] > 0 ? counts[i] ** power : 0;
    cumulative[i] = total;
  }
  return (rng) => {
    const target = rng() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/**
 * The chance of keeping each occurrence of a word with relative frequency f: min(1, sqrt(t / f) + t / f),
 * as word2vec's code computes it. Frequent words ("the", ",") are mostly dropped; rare ones always kept.
 */
export function keepProbabilities(counts: ArrayLike<number>, threshold: number): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  const keep = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    const ratio = counts[i] > 0 ? threshold / (counts[i] / total) : 1;
    keep[i] = Math.min(1, Math.sqrt(ratio) + ratio);
  }
  return keep;
}

/** Drops word occurrences at random by `keep`, paragraph by paragraph (the windows then span further). */
export function subsample(paragraphs: readonly Int32Array[], keep: Float64Array, rng: Rng): Int32Array[] {
  return paragraphs.map((p) => p.filter((id) => rng() < keep[id]));
}

/**
 * One SGD step on a batch with negative sampling. With h the mean context vector of an example, c+ its
 * centre word's row and c1..ck noise rows of `centre`:
 *   loss = -ln s(h.c+) - sum_j ln s(-h.cj)      (s the logistic sigmoid)
 *   dh = (s(h.c+) - 1) c+ + sum_j s(h.cj) cj,   dc+ = (s(h.c+) - 1) h,   dcj = s(h.cj) h
 * and each context row gets dh / W. Rows move by -lr x gradient, summed over the batch, as word2vec's
 * updates do one example at a time. `negatives` is [B * k]. Returns the batch's mean loss. Changes both matrices.
 */
export function negativeSamplingStep(
  weights: CbowWeights,
  contexts: Int32Array,
  centres: Int32Array,
  negatives: Int32Array,
  window: number,
  learningRate: number,
): number {
  const batch = centres.length;
  const k = negatives.length / batch;
  const loss = tf.tidy(() => {
    const [vocabSize, dim] = weights.centre.shape;
    const ctx = tf.tensor1d(contexts, 'int32');
    const h = tf.gather(weights.context, ctx).reshape([batch, window, dim]).mean(1); // [B, D]
    const targets = tf.tensor1d(centres, 'int32');
    const noise = tf.tensor1d(negatives, 'int32');
    const positive = tf.gather(weights.centre, targets); // [B, D]
    const negative = tf.gather(weights.centre, noise).reshape([batch, k, dim]); // [B, k, D]
    const sPos = positive.mul(h).sum(1); // [B]
    const sNeg = tf.matMul(negative, h.expandDims(2)).reshape([batch, k]); // [B, k]
    const lossMean = tf.logSigmoid(sPos).add(tf.logSigmoid(sNeg.neg()).sum(1)).mean().neg();
    const gPos = tf.sigmoid(sPos).sub(1).expandDims(1); // [B, 1]
    const gNeg = tf.sigmoid(sNeg).expandDims(2); // [B, k, 1]
    const dH = positive.mul(gPos).add(negative.mul(gNeg).sum(1)); // [B, D]
    const dPositive = h.mul(gPos); // [B, D]
    const dNegative = h.expandDims(1).mul(gNeg).reshape([batch * k, dim]); // [B*k, D]
    const dContextRows = dH.div(window).expandDims(1).tile([1, window, 1]).reshape([batch * window, dim]);
    const dContext = tf.scatterND(ctx.reshape([batch * window, 1]), dContextRows, [vocabSize, dim]);
    const centreIds = tf.concat([targets, noise]).reshape([batch * (1 + k), 1]);
    const dCentre = tf.scatterND(centreIds, tf.concat([dPositive, dNegative]), [vocabSize, dim]);
    weights.context.assign(weights.context.sub(dContext.mul(learningRate)));
    weights.centre.assign(weights.centre.sub(dCentre.mul(learningRate)));
    return lossMean;
  });
  const value = loss.dataSync()[0];
  loss.dispose();
  return value;
}
