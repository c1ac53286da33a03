// Continuous bag of words (Mikolov et al. 2013, "Efficient Estimation of Word Representations in Vector
// Space"), as the notebook builds it: Embedding(V, D, max_norm=1) -> mean over the window -> Linear(D, V)
// without bias -> softmax cross entropy. Gradients are written out by hand (they are short), which lets a
// batch of 20000 run in chunks with exactly the gradient of the whole batch.

import * as tf from '@tensorflow/tfjs';
import type { CbowProducts } from '../../kernels/cbowProducts';
import { normal, type Rng, uniformArray } from '../../lib/rng';

/**
 * The two V x D matrices. `context` is the embedding (one row per token, read for the context words);
 * `centre` is the output layer's weight (PyTorch's Linear(D, V).weight, also [V, D]), one row per token
 * as a centre word. Both can serve as word vectors.
 */
export interface CbowWeights {
  context: tf.Variable<tf.Rank.R2>;
  centre: tf.Variable<tf.Rank.R2>;
}

function variableFrom(values: Float32Array, shape: [number, number]): tf.Variable<tf.Rank.R2> {
  const initial = tf.tensor2d(values, shape);
  const variable = tf.variable(initial, true);
  initial.dispose();
  return variable;
}

/**
 * Creates the weights. `pytorch` (the notebook's): embedding N(0, 1), Linear U(+-1/sqrt(D)).
 * `word2vec` (the original C code's, for fast mode): context U(+-0.5/D), centre all zero.
 */
export function createCbow(vocabSize: number, dim: number, rng: Rng, init: 'pytorch' | 'word2vec' = 'pytorch'): CbowWeights {
  if (init === 'word2vec') {
    return {
      context: variableFrom(uniformArray(rng, vocabSize * dim, 0.5 / dim), [vocabSize, dim]),
      centre: variableFrom(new Float32Array(vocabSize * dim), [vocabSize, dim]),
    };
  }
  const context = new Float32Array(vocabSize * dim);
  for (let i = 0; i < context.length; i++) context[i] = normal(rng);
  return {
    context: variableFrom(context, [vocabSize, dim]),
    centre: variableFrom(uniformArray(rng, vocabSize * dim, 1 / Math.sqrt(dim)), [vocabSize, dim]),
  };
}

/** Weights from saved arrays. */
export function cbowFromArrays(vocabSize: number, dim: number, context: Float32Array, centre: Float32Array): CbowWeights {
  return { context: variableFrom(context, [vocabSize, dim]), centre: variableFrom(centre, [vocabSize, dim]) };
}

export function disposeCbow(weights: CbowWeights): void {
  weights.context.dispose();
  weights.centre.dispose();
}

/** The distinct ids of `ids`, sorted. */
export function uniqueIds(ids: Int32Array): Int32Array {
  return Int32Array.from(new Set(ids)).sort();
}

/**
 * PyTorch's `max_norm`, on the embedding as a plain row-major array `table` [V * D]: before a batch is
 * looked up, every row among `ids` whose norm is above `maxNorm` is scaled in place to norm `maxNorm`
 * (scale maxNorm / (norm + 1e-7), as `embedding_renorm_` does). Rows not looked up, and rows short
 * enough, are left alone. Returns whether any row changed.
 */
export function renormTable(table: Float32Array, dim: number, ids: Int32Array, maxNorm = 1): boolean {
  let changed = false;
  for (const id of uniqueIds(ids)) {
    const row = table.subarray(id * dim, (id + 1) * dim);
    let squares = 0;
    for (let k = 0; k < dim; k++) squares += row[k] * row[k];
    const norm = Math.fround(Math.sqrt(squares));
    if (norm > maxNorm) {
      const scale = Math.fround(maxNorm / (norm + 1e-7));
      for (let k = 0; k < dim; k++) row[k] *= scale;
      changed = true;
    }
  }
  return changed;
}

/**
 * The mean of the context rows of each window, read from the embedding as a plain array `table` [V * D]:
 * contexts [n * W] -> [n * D]. A loop over typed arrays does this faster than tfjs's gather on WASM.
 */
export function contextMeansOf(table: Float32Array, dim: number, contexts: Int32Array, window: number): Float32Array {
  const n = contexts.length / window;
  const out = new Float32Array(n * dim);
  const sums = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < window; j++) {
      const base = contexts[i * window + j] * dim;
      for (let k = 0; k < dim; k++) sums[k] += table[base + k];
    }
    for (let k = 0; k < dim; k++) out[i * dim + k] = sums[k] / window;
  }
  return out;
}

/** The mean of the context rows of each window: contexts [B, W] int32 -> [B, D]. */
export function contextMeans(embedding: tf.Tensor2D, contexts: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch, window] = contexts.shape;
    const rows = tf.gather(embedding, contexts.reshape([batch * window])); // [B*W, D]
    return rows.reshape([batch, window, embedding.shape[1]]).mean(1) as tf.Tensor2D; // [B, D]
  });
}

/** Logits of every token as the centre word: mean context vectors [B, D] x centre^T -> [B, V]. */
export function cbowLogits(weights: CbowWeights, contexts: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(contextMeans(weights.context, contexts), weights.centre, false, true));
}

/** Mean cross entropy of predicting `centres` [B] from `contexts` [B, W] (no max_norm applied here). */
export function cbowLoss(weights: CbowWeights, contexts: tf.Tensor2D, centres: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(centres, weights.centre.shape[0]), cbowLogits(weights, contexts)) as tf.Scalar);
}

/** Loss and gradients of one chunk of a batch. */
export interface CbowGradients {
  [key: string]: tf.Tensor;
  /** Gradient for the chunk's context means h, [n, D]; `addContextGradient` hands it on to the embedding's rows. */
  dH: tf.Tensor2D;
  dCentre: tf.Tensor2D;
  /** Sum of the per-example losses in this chunk. */
  lossSum: tf.Scalar;
}

/**
 * Loss and gradients of one chunk of a batch of `batchSize` examples, for the batch's mean loss
 * (`centreT`, the centre matrix transposed, and `means`, the context means h, when the caller has them):
 *   h = mean of context rows [n, D], z = h C^T [n, V], p = softmax(z), dz = (p - onehot(y)) / B,
 *   dC = dz^T h [V, D], dh = dz C [n, D]; each context row then gets dh / W (`addContextGradient`).
 * Summing these over the chunks gives exactly the gradient of the whole batch.
 */
export function cbowChunkGradients(
  weights: CbowWeights,
  contexts: tf.Tensor2D,
  centres: tf.Tensor1D,
  batchSize: number,
  centreT?: tf.Tensor2D,
  means?: tf.Tensor2D,
): CbowGradients {
  return tf.tidy((): CbowGradients => {
    const vocabSize = weights.centre.shape[0];
    const h = means ?? contextMeans(weights.context, contexts); // [n, D]
    // WASM's matmul is fast only without transpose flags (about 10x): transpose explicitly, once a batch when given.
    const logits = tf.matMul(h, centreT ?? (weights.centre.transpose() as tf.Tensor2D)); // [n, V]
    const logProbs = tf.logSoftmax(logits); // [n, V]
    const labels = tf.oneHot(centres, vocabSize).toFloat(); // [n, V] (WASM's oneHot is int32 whatever it is asked)
    const lossSum = logProbs.mul(labels).sum().neg() as tf.Scalar;
    const dLogits = tf.exp(logProbs).sub(labels).div(batchSize); // [n, V]
    const dCentre = tf.matMul(dLogits.transpose(), h) as tf.Tensor2D; // [V, D]
    const dH = tf.matMul(dLogits, weights.centre) as tf.Tensor2D; // [n, D]
    return { dH, dCentre, lossSum };
  });
}

/**
 * The embedding's gradient, sparse: each window's dh / W goes to the rows of its W context words, added
 * into `dTable` ([V * D], row-major) in place. Only rows in the batch are touched; a loop over typed
 * arrays, where a scatter into a dense V x D tensor is slow (on WebGL every output element scans every update).
 */
export function addContextGradient(dTable: Float32Array, dH: Float32Array, contexts: Int32Array, window: number, dim: number): void {
  const n = contexts.length / window;
  const share = new Float32Array(dim); // dh / W of one window
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < dim; k++) share[k] = dH[i * dim + k] / window;
    for (let j = 0; j < window; j++) {
      const row = contexts[i * window + j] * dim;
      for (let k = 0; k < dim; k++) dTable[row + k] += share[k];
    }
  }
}

/** A training configuration of the full-softmax model. */
export interface CbowFullConfig {
  batch: number;
  /** At most this many examples are pushed through at once (the logits of a chunk are chunk x V floats). */
  chunk: number;
  maxNorm: number | null;
}

/**
 * One training step on a batch: max_norm renorm of the batch's context rows, chunked forward and
 * backward, one Adam step. `step(grads)` applies the gradients [dContext, dCentre]. Returns the batch's
 * mean loss. Yields to the event loop between chunks through `between` (so Stop and queries get through).
 */
export async function cbowFullStep(
  weights: CbowWeights,
  contexts: Int32Array,
  centres: Int32Array,
  window: number,
  config: CbowFullConfig,
  applyGradients: (gradients: [tf.Tensor2D, tf.Tensor2D]) => void,
  between: () => Promise<void> = async () => {},
  products?: CbowProducts,
): Promise<number> {
  const batchSize = centres.length;
  const [vocabSize, dim] = weights.context.shape;
  // The embedding as a plain array for this batch: max_norm and the context means run on it (typed-array
  // loops beat tfjs's gather on WASM); renormed rows go back into the variable before the gradients.
  const table = new Float32Array(await weights.context.data());
  if (config.maxNorm !== null && renormTable(table, dim, contexts, config.maxNorm)) {
    const renormed = tf.tensor2d(table, [vocabSize, dim]);
    weights.context.assign(renormed);
    renormed.dispose();
  }
  if (products) return kernelChunks(products, weights, table, contexts, centres, window, config, applyGradients, between);
  const dTable = new Float32Array(vocabSize * dim); // the embedding's gradient, filled row by row
  let dCentre = tf.zeros(weights.centre.shape) as tf.Tensor2D;
  let lossSum = tf.scalar(0);
  const centreT = weights.centre.transpose() as tf.Tensor2D; // [D, V], for the forward products of every chunk
  try {
    for (let start = 0; start < batchSize; start += config.chunk) {
      const end = Math.min(batchSize, start + config.chunk);
      const chunkContexts = contexts.subarray(start * window, end * window);
      const chunk: CbowGradients = tf.tidy(() =>
        cbowChunkGradients(
          weights,
          tf.tensor2d(chunkContexts, [end - start, window], 'int32'),
          tf.tensor1d(centres.subarray(start, end), 'int32'),
          batchSize,
          centreT,
          tf.tensor2d(contextMeansOf(table, dim, chunkContexts, window), [end - start, dim]),
        ),
      );
      const sums = tf.tidy(() => [dCentre.add(chunk.dCentre), lossSum.add(chunk.lossSum)] as const);
      const dH = (await chunk.dH.data()) as Float32Array;
      tf.dispose([dCentre, lossSum, chunk.dH, chunk.dCentre, chunk.lossSum]);
      [dCentre, lossSum] = [sums[0] as tf.Tensor2D, sums[1] as tf.Scalar];
      addContextGradient(dTable, dH, chunkContexts, window, dim);
      if (end < batchSize) await between();
    }
    const dContext = tf.tensor2d(dTable, [vocabSize, dim]);
    try {
      applyGradients([dContext, dCentre]);
    } finally {
      dContext.dispose();
    }
    return (await lossSum.data())[0] / batchSize;
  } finally {
    tf.dispose([dCentre, lossSum, centreT]);
  }
}

/** cbowFullStep's chunks on the project's kernels (CbowProducts): the same gradients, the products on two threads. */
async function kernelChunks(
  products: CbowProducts,
  weights: CbowWeights,
  table: Float32Array,
  contexts: Int32Array,
  centres: Int32Array,
  window: number,
  config: CbowFullConfig,
  applyGradients: (gradients: [tf.Tensor2D, tf.Tensor2D]) => void,
  between: () => Promise<void>,
): Promise<number> {
  const batchSize = centres.length;
  const [vocabSize, dim] = weights.context.shape;
  products.begin(table, (await weights.centre.data()) as Float32Array, batchSize);
  let lossSum = 0;
  for (let start = 0; start < batchSize; start += config.chunk) {
    const end = Math.min(batchSize, start + config.chunk);
    lossSum += products.chunkGradients(contexts.subarray(start * window, end * window), centres.subarray(start, end), batchSize);
    if (end < batchSize) await between();
  }
  products.finish();
  const [dContext, dCentre] = [tf.tensor2d(products.dContext, [vocabSize, dim]), tf.tensor2d(products.dCentre, [vocabSize, dim])];
  try {
    applyGradients([dContext, dCentre]);
  } finally {
    tf.dispose([dContext, dCentre]);
  }
  return lossSum / batchSize;
}
