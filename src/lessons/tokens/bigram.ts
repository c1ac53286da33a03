// The smallest language model: predict the next token from the current one alone (a bigram model).
// The current token is one-hot; multiplying it by the embedding matrix picks one row, its word vector.

import * as tf from '@tensorflow/tfjs';
import { DataError } from '../../lib/errors';
import { checkMemory } from '../../lib/memoryBudget';
import { type Rng, uniformArray } from '../../lib/rng';
import { BIGRAM_SMALLER, bigramTrainingBytes } from './meta';

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

/** Everything needed to carry a trained model over a reload: weights and Adam's state, as plain arrays. */
export interface BigramState {
  vocabSize: number;
  dim: number;
  embedding: Float32Array;
  output: Float32Array;
  /** Adam's step count and its first and second moments, in the order of `[embedding, output]`. */
  adamIterations: number;
  adamMoments: Float32Array[];
}

/** A bigram model with its optimizer and its place in the shuffled data. */
export interface BigramTrainer {
  readonly weights: BigramWeights;
  /** Resolves once a restored optimizer state is in place; train only after it. */
  readonly ready: Promise<void>;
  /** Sets the (current, next) pairs to learn from; a new shuffle starts. */
  usePairs(pairs: { current: Int32Array; next: Int32Array }): void;
  readonly hasPairs: boolean;
  /** One Adam step on the next batch of pairs; returns that batch's loss. Changes the weights. */
  step(): number;
  /** Probabilities of every next token after token `id` ([V] numbers). */
  nextDistribution(id: number): Float32Array;
  /** A copy of the weights and the optimizer's state. */
  exportState(): Promise<BigramState>;
  dispose(): void;
}

/**
 * Sets up training: weights from `createBigram` (or from `initial`, a saved state), Adam, and batches
 * drawn from a seeded shuffle of the pairs that is redrawn after every pass over them.
 */
export function createBigramTrainer(vocabSize: number, config: BigramTrainingConfig, rng: Rng, initial?: BigramState): BigramTrainer {
  checkMemory(bigramTrainingBytes(config, vocabSize), BIGRAM_SMALLER);
  const weights = initial
    ? { embedding: variableFrom(initial.embedding, [vocabSize, config.dim]), output: variableFrom(initial.output, [config.dim, vocabSize]) }
    : createBigram(vocabSize, config.dim, rng);
  const variables = [weights.embedding, weights.output];
  const optimizer = tf.train.adam(config.learningRate);
  let ready = Promise.resolve();
  if (initial) {
    const named = [
      { name: 'iter', tensor: tf.scalar(initial.adamIterations, 'int32') },
      ...initial.adamMoments.map((data, i) => ({ name: `moment${i}`, tensor: tf.tensor(data, variables[i % 2].shape) })),
    ];
    // setWeights copies the tensors into variables of its own, so ours are freed afterwards.
    ready = optimizer.setWeights(named).finally(() => {
      for (const n of named) n.tensor.dispose();
    });
  }
  let pairs: { current: Int32Array; next: Int32Array } | undefined;
  let order = new Int32Array(0);
  let cursor = 0;
  let current = new Int32Array(0);
  let next = new Int32Array(0);
  return {
    weights,
    ready,
    usePairs(newPairs) {
      if (newPairs.current.length === 0) throw new DataError('There are no pairs of tokens to learn from.');
      pairs = newPairs;
      order = Int32Array.from({ length: pairs.current.length }, (_, i) => i);
      cursor = order.length;
      const batch = Math.min(config.batch, order.length);
      current = new Int32Array(batch);
      next = new Int32Array(batch);
    },
    get hasPairs() {
      return pairs !== undefined;
    },
    step() {
      if (!pairs) throw new DataError('There is no corpus to train on: load one first.');
      for (let b = 0; b < current.length; b++) {
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
        return optimizer.minimize(() => bigramLoss(weights, cur, nxt), true, variables) as tf.Scalar;
      });
      const value = loss.dataSync()[0];
      loss.dispose();
      return value;
    },
    nextDistribution(id) {
      return tf.tidy(() => tf.softmax(bigramLogits(weights, tf.tensor1d([id], 'int32'))).dataSync() as Float32Array);
    },
    async exportState() {
      const named = await optimizer.getWeights();
      const iterations = (await named[0].tensor.data())[0];
      named[0].tensor.dispose();
      return {
        vocabSize,
        dim: config.dim,
        embedding: (await weights.embedding.data()) as Float32Array,
        output: (await weights.output.data()) as Float32Array,
        adamIterations: iterations,
        adamMoments: await Promise.all(named.slice(1).map(async (n) => (await n.tensor.data()) as Float32Array)),
      };
    },
    dispose() {
      disposeBigram(weights);
      optimizer.dispose();
    },
  };
}
