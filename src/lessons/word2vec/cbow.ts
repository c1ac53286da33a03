// Continuous bag of words (Mikolov et al. 2013, "Efficient Estimation of Word Representations in Vector
// Space"), as the notebook builds it: Embedding(V, D, max_norm=1) -> mean over the window -> Linear(D, V)
// without bias -> softmax cross entropy. Gradients are written out by hand (they are short), which lets a
// batch of 20000 run in chunks with exactly the gradient of the whole batch.

import * as tf from '@tensorflow/tfjs';
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
 * PyTorch's `max_norm`: before a batch is looked up, every row of `embedding` among `ids` whose norm is
 * above `maxNorm` is scaled in place to norm `maxNorm` (scale maxNorm / (norm + 1e-7), as
 * `embedding_renorm_` does). Rows not looked up, and rows short enough, are left alone. Changes `embedding`.
 */
export function renormRows(embedding: tf.Variable<tf.Rank.R2>, ids: Int32Array, maxNorm = 1): void {
  const unique = uniqueIds(ids);
  tf.tidy(() => {
    const index = tf.tensor2d(unique, [unique.length, 1], 'int32');
    const rows = tf.gather(embedding, tf.tensor1d(unique, 'int32')); // [U, D]
    const norms = rows.norm('euclidean', 1, true); // [U, 1]
    const scale = tf.where(norms.greater(maxNorm), tf.scalar(maxNorm).div(norms.add(1e-7)), tf.onesLike(norms));
    const delta = rows.mul(scale).sub(rows); // [U, D]: zero for rows that stay
    embedding.assign(embedding.add(tf.scatterND(index, delta, embedding.shape)));
  });
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

/** Gradients of a batch's mean loss, summed over its chunks. */
export interface CbowGradients {
  [key: string]: tf.Tensor;
  dContext: tf.Tensor2D;
  dCentre: tf.Tensor2D;
  /** Sum of the per-example losses in this chunk. */
  lossSum: tf.Scalar;
}

/**
 * Loss and gradients of one chunk of a batch of `batchSize` examples, for the batch's mean loss:
 *   h = mean of context rows [n, D], z = h C^T [n, V], p = softmax(z), dz = (p - onehot(y)) / B,
 *   dC = dz^T h [V, D], dh = dz C [n, D], and each context row gets dh / W (scattered, summed).
 * Summing these over the chunks gives exactly the gradient of the whole batch.
 */
export function cbowChunkGradients(weights: CbowWeights, contexts: tf.Tensor2D, centres: tf.Tensor1D, batchSize: number): CbowGradients {
  return tf.tidy((): CbowGradients => {
    const [n, window] = contexts.shape;
    const [vocabSize, dim] = weights.centre.shape;
    const h = contextMeans(weights.context, contexts); // [n, D]
    const logits = tf.matMul(h, weights.centre, false, true); // [n, V]
    const logProbs = tf.logSoftmax(logits); // [n, V]
    const labels = tf.oneHot(centres, vocabSize).toFloat(); // [n, V] (WASM's oneHot is int32 whatever it is asked)
    const lossSum = logProbs.mul(labels).sum().neg() as tf.Scalar;
    const dLogits = tf.exp(logProbs).sub(labels).div(batchSize); // [n, V]
    // WASM's matmul is fast only without transpose flags: transpose explicitly.
    const dCentre = tf.matMul(dLogits.transpose(), h) as tf.Tensor2D; // [V, D]
    const dH = tf.matMul(dLogits, weights.centre); // [n, D]
    const perRow = dH.div(window).expandDims(1).tile([1, window, 1]).reshape([n * window, dim]); // [n*W, D]
    const dContext = tf.scatterND(contexts.reshape([n * window, 1]), perRow, [vocabSize, dim]) as tf.Tensor2D;
    return { dContext, dCentre, lossSum };
  });
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
): Promise<number> {
  const batchSize = centres.length;
  if (config.maxNorm !== null) renormRows(weights.context, contexts, config.maxNorm);
  let dContext = tf.zeros(weights.context.shape) as tf.Tensor2D;
  let dCentre = tf.zeros(weights.centre.shape) as tf.Tensor2D;
  let lossSum = tf.scalar(0);
  try {
    for (let start = 0; start < batchSize; start += config.chunk) {
      const end = Math.min(batchSize, start + config.chunk);
      const chunk: CbowGradients = tf.tidy(() =>
        cbowChunkGradients(
          weights,
          tf.tensor2d(contexts.subarray(start * window, end * window), [end - start, window], 'int32'),
          tf.tensor1d(centres.subarray(start, end), 'int32'),
          batchSize,
        ),
      );
      const sums = tf.tidy(() => [dContext.add(chunk.dContext), dCentre.add(chunk.dCentre), lossSum.add(chunk.lossSum)] as const);
      tf.dispose([dContext, dCentre, lossSum, chunk.dContext, chunk.dCentre, chunk.lossSum]);
      [dContext, dCentre, lossSum] = [sums[0] as tf.Tensor2D, sums[1] as tf.Tensor2D, sums[2] as tf.Scalar];
      if (end < batchSize) await between();
    }
    applyGradients([dContext, dCentre]);
    return (await lossSum.data())[0] / batchSize;
  } finally {
    tf.dispose([dContext, dCentre, lossSum]);
  }
}
