// The smallest language model: predict the next token from the current one alone (a bigram model).
// The current token is one-hot; multiplying it by the embedding matrix picks one row, its word vector.

import * as tf from '@tensorflow/tfjs';
import { type Rng, uniformArray } from '../../lib/rng';

/** The two weight matrices: embedding [V, D] (a row per token) and output [D, V] (to next-token logits). */
export interface BigramWeights {
  embedding: tf.Variable<tf.Rank.R2>;
  output: tf.Variable<tf.Rank.R2>;
}

/** Creates the weights, uniform in +-1/sqrt(fan-in) as PyTorch's Linear does, from the seeded `rng`. */
export function createBigram(vocabSize: number, dim: number, rng: Rng): BigramWeights {
  return {
    embedding: variableFrom(uniformArray(rng, vocabSize * dim, 1), [vocabSize, dim]),
    output: variableFrom(uniformArray(rng, dim * vocabSize, 1 / Math.sqrt(dim)), [dim, vocabSize]),
  };
}

/** A trainable variable holding `values`; the temporary tensor it is made from is freed. */
function variableFrom(values: Float32Array, shape: [number, number]): tf.Variable<tf.Rank.R2> {
  const initial = tf.tensor2d(values, shape);
  const variable = tf.variable(initial, true);
  initial.dispose();
  return variable;
}

/** Next-token logits for a batch of current-token ids [B]: one-hot [B, V] x embedding [V, D] x output [D, V]. */
export function bigramLogits(weights: BigramWeights, current: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const vocabSize = weights.embedding.shape[0];
    const oneHot = tf.oneHot(current, vocabSize).toFloat(); // [B, V]
    const vectors = tf.matMul(oneHot, weights.embedding); // [B, D]: the looked-up rows
    return tf.matMul(vectors, weights.output); // [B, V]
  });
}

/** Mean cross entropy (nats) of predicting `next` [B] from `current` [B]. */
export function bigramLoss(weights: BigramWeights, current: tf.Tensor1D, next: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const logits = bigramLogits(weights, current);
    const labels = tf.oneHot(next, weights.embedding.shape[0]);
    return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  });
}

/** Frees the weights. */
export function disposeBigram(weights: BigramWeights): void {
  weights.embedding.dispose();
  weights.output.dispose();
}

/** Every (current, next) pair inside each document of ids; pairs never cross documents. */
export function bigramPairs(docs: readonly Int32Array[]): { current: Int32Array; next: Int32Array } {
  let n = 0;
  for (const doc of docs) n += Math.max(0, doc.length - 1);
  const current = new Int32Array(n);
  const next = new Int32Array(n);
  let k = 0;
  for (const doc of docs) {
    for (let i = 0; i + 1 < doc.length; i++, k++) {
      current[k] = doc[i];
      next[k] = doc[i + 1];
    }
  }
  return { current, next };
}

/**
 * Two yardsticks for the loss, in nats: the entropy of the next token alone (what a model that ignores
 * the current token can reach) and its conditional entropy given the current token (the lowest average
 * cross entropy any bigram model can reach on these pairs).
 */
export function bigramEntropies(current: Int32Array, next: Int32Array, vocabSize: number): { unigram: number; conditional: number } {
  const n = current.length;
  const nextCounts = new Float64Array(vocabSize);
  const currentCounts = new Float64Array(vocabSize);
  const pairCounts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    nextCounts[next[i]]++;
    currentCounts[current[i]]++;
    const key = current[i] * vocabSize + next[i];
    pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
  }
  let unigram = 0;
  for (const c of nextCounts) if (c > 0) unigram -= (c / n) * Math.log(c / n);
  let conditional = 0;
  for (const [key, c] of pairCounts) {
    const cur = Math.floor(key / vocabSize);
    conditional -= (c / n) * Math.log(c / currentCounts[cur]);
  }
  return { unigram, conditional };
}

/** How the bigram model trains: batch size, Adam's learning rate, and the seed for init and shuffling. */
export interface BigramTrainingConfig {
  dim: number;
  batch: number;
  learningRate: number;
  seed: number;
}

/** A bigram model with its optimizer and its place in the shuffled data. */
export interface BigramTrainer {
  readonly weights: BigramWeights;
  /** One Adam step on the next batch of pairs; returns that batch's loss. Changes the weights. */
  step(): number;
  /** Probabilities of every next token after token `id` ([V] numbers). */
  nextDistribution(id: number): Float32Array;
  dispose(): void;
}

/**
 * Sets up training on the (current, next) pairs: weights from `createBigram`, Adam, and batches drawn
 * from a seeded shuffle that is redrawn after every pass over the pairs.
 */
export function createBigramTrainer(
  pairs: { current: Int32Array; next: Int32Array },
  vocabSize: number,
  config: BigramTrainingConfig,
  rng: Rng,
): BigramTrainer {
  if (pairs.current.length === 0) throw new RangeError('There are no pairs of tokens to learn from.');
  const weights = createBigram(vocabSize, config.dim, rng);
  const optimizer = tf.train.adam(config.learningRate);
  const order = Int32Array.from({ length: pairs.current.length }, (_, i) => i);
  let cursor = order.length;
  const batch = Math.min(config.batch, order.length);
  const current = new Int32Array(batch);
  const next = new Int32Array(batch);
  return {
    weights,
    step() {
      for (let b = 0; b < batch; b++) {
        if (cursor >= order.length) {
          for (let i = order.length - 1; i > 0; i--) {
            const j = Math.floor(rng() * (i + 1));
            [order[i], order[j]] = [order[j], order[i]];
          }
          cursor = 0;
        }
        const k = order[cursor++];
        current[b] = pairs.current[k];
        next[b] = pairs.next[k];
      }
      const loss = tf.tidy(() => {
        const cur = tf.tensor1d(current, 'int32');
        const nxt = tf.tensor1d(next, 'int32');
        return optimizer.minimize(() => bigramLoss(weights, cur, nxt), true) as tf.Scalar;
      });
      const value = loss.dataSync()[0];
      loss.dispose();
      return value;
    },
    nextDistribution(id) {
      return tf.tidy(() => tf.softmax(bigramLogits(weights, tf.tensor1d([id], 'int32'))).dataSync() as Float32Array);
    },
    dispose() {
      disposeBigram(weights);
      optimizer.dispose();
    },
  };
}
