// Fast mode: CBOW with negative sampling and subsampling of frequent words (Mikolov et al. 2013,
// "Distributed Representations of Words and Phrases and their Compositionality"). Instead of a softmax
// over all V words, each example scores its true centre word against k noise words, so it costs
// O(k D) instead of O(V D). Written as plain loops over typed arrays, one example after another like the
// original C code: each example touches only k + 1 + W rows, which is what a tensor library does worst.

import type { Rng } from '../../lib/rng';

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

/** The two matrices as plain row-major arrays, V x D each: fast mode updates them in place, row by row. */
export interface PlainCbow {
  dim: number;
  context: Float32Array;
  centre: Float32Array;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Trains on `centres.length` examples one after another, as word2vec's C code does. For each example, with
 * h the mean of its `window` context rows, the true centre word w (label 1) and k noise words n_j (label 0):
 *   g = lr (label - s(h . c)),  e += g c,  c += g h          for c in C_w, C_n1 ... C_nk   (s: sigmoid)
 * and then every context row moves by e. That is plain gradient descent on
 *   loss = -ln s(h . C_w) - sum_j ln s(-h . C_nj)
 * (the context rows get the gradient with respect to h itself, not divided by the window, as in the C
 * code). A noise word equal to the centre word is skipped. `negatives` holds k ids per example. Returns the
 * mean loss of the examples, each measured before its own update. Changes `model` in place.
 */
export function trainNegativeSampling(
  model: PlainCbow,
  contexts: Int32Array,
  centres: Int32Array,
  negatives: Int32Array,
  window: number,
  learningRate: number,
): number {
  const { dim, context, centre } = model;
  const k = negatives.length / centres.length;
  const h = new Float32Array(dim);
  const e = new Float32Array(dim);
  let lossSum = 0;
  for (let n = 0; n < centres.length; n++) {
    h.fill(0);
    e.fill(0);
    for (let j = 0; j < window; j++) {
      const row = contexts[n * window + j] * dim;
      for (let d = 0; d < dim; d++) h[d] += context[row + d];
    }
    for (let d = 0; d < dim; d++) h[d] /= window;
    const word = centres[n];
    for (let j = -1; j < k; j++) {
      const target = j < 0 ? word : negatives[n * k + j];
      if (j >= 0 && target === word) continue;
      const label = j < 0 ? 1 : 0;
      const row = target * dim;
      let f = 0;
      for (let d = 0; d < dim; d++) f += h[d] * centre[row + d];
      const p = sigmoid(f);
      lossSum -= Math.log(Math.max(1e-12, label === 1 ? p : 1 - p));
      const g = learningRate * (label - p);
      for (let d = 0; d < dim; d++) {
        e[d] += g * centre[row + d];
        centre[row + d] += g * h[d];
      }
    }
    for (let j = 0; j < window; j++) {
      const row = contexts[n * window + j] * dim;
      for (let d = 0; d < dim; d++) context[row + d] += e[d];
    }
  }
  return lossSum / centres.length;
}
