// Lesson 8's step-through: one transformer block on the reader's sentence, every intermediate kept as plain
// numbers for the page (the input, Q, K and V of each head, the scores before and after the mask, the weights,
// each head's output, the block's residual stream and MLP). The weights are random, drawn from a seed: the
// lesson shows the arithmetic, not what a trained model has learnt.

import * as tf from '@tensorflow/tfjs';
import { matMul2d } from '../../lib/matmul';
import { createRng, normal, uniformArray } from '../../lib/rng';
import { causalBias } from '../../models/attention';
import { type BlockWeights, gelu, layerNorm, linear, transformerBlock } from '../../models/block';

export interface TraceOptions {
  /** The width D of every vector. */
  dim: number;
  heads: number;
  causal: boolean;
  seed: number;
}

/** A matrix as row-major numbers with its shape. */
export interface Matrix {
  rows: number;
  cols: number;
  values: number[];
}

export interface HeadTrace {
  q: Matrix;
  k: Matrix;
  v: Matrix;
  /** Q K^T / sqrt(d_k), before the mask. */
  scores: Matrix;
  /** After the mask: -Infinity above the diagonal when causal. */
  masked: Matrix;
  weights: Matrix;
  out: Matrix;
}

export interface BlockTrace {
  tokens: string[];
  options: TraceOptions;
  tokenEmbedding: Matrix;
  positionEmbedding: Matrix;
  /** x = token + position embeddings [T, D]. */
  x: Matrix;
  ln1: Matrix;
  heads: HeadTrace[];
  /** The heads side by side, projected by W_o: the attention's output [T, D]. */
  attention: Matrix;
  /** h = x + attention: the residual stream after the first half. */
  h: Matrix;
  ln2: Matrix;
  /** GELU(LN2(h) W_1^T + b_1) [T, 4D]. */
  mlpHidden: Matrix;
  mlp: Matrix;
  out: Matrix;
  /** The largest difference between `out` and transformerBlock's output on the same weights (the tested seam). */
  checkDifference: number;
}

const matrix = (t: tf.Tensor): Matrix => ({ rows: t.shape[0]!, cols: t.shape[1]!, values: Array.from(t.dataSync()) });

/** A word's own seed: the same word gets the same token embedding wherever it stands. */
function wordSeed(word: string, seed: number): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Random block weights of width D (F = 4D), PyTorch's scales: N(0, 1) embeddings, linear layers uniform in +-1/sqrt(fan in), LayerNorm 1 and 0. */
export function randomBlock(dim: number, seed: number): BlockWeights {
  const rng = createRng(seed);
  const u = (n: number, fan: number) => uniformArray(rng, n, 1 / Math.sqrt(fan));
  const F = 4 * dim;
  return {
    inProjWeight: tf.tensor2d(u(3 * dim * dim, dim), [3 * dim, dim]),
    inProjBias: tf.zeros([3 * dim]) as tf.Tensor1D,
    outProjWeight: tf.tensor2d(u(dim * dim, dim), [dim, dim]),
    outProjBias: tf.zeros([dim]) as tf.Tensor1D,
    linear1Weight: tf.tensor2d(u(F * dim, dim), [F, dim]),
    linear1Bias: tf.tensor1d(u(F, dim)),
    linear2Weight: tf.tensor2d(u(dim * F, F), [dim, F]),
    linear2Bias: tf.tensor1d(u(dim, F)),
    norm1Weight: tf.ones([dim]) as tf.Tensor1D,
    norm1Bias: tf.zeros([dim]) as tf.Tensor1D,
    norm2Weight: tf.ones([dim]) as tf.Tensor1D,
    norm2Bias: tf.zeros([dim]) as tf.Tensor1D,
  };
}

/** One block on `tokens`, every step kept. */
export function traceBlock(tokens: string[], options: TraceOptions): BlockTrace {
  const { dim: D, heads: H, causal, seed } = options;
  if (tokens.length === 0) throw new Error('traceBlock needs at least one token.');
  if (D % H !== 0) throw new Error(`The width ${D} does not split into ${H} heads.`);
  const T = tokens.length;
  const dh = D / H;
  // A scope rather than tf.tidy, which only returns tensors: everything made here is freed at its end.
  tf.engine().startScope();
  try {
    const w = randomBlock(D, seed);
    const tokenEmbedding = tf.tensor2d(
      tokens.flatMap((word) => {
        const rng = createRng(wordSeed(word, seed));
        return Array.from({ length: D }, () => normal(rng) * 0.5);
      }),
      [T, D],
    );
    const positionRng = createRng(seed + 7);
    const positionEmbedding = tf.tensor2d(
      Array.from({ length: T * D }, () => normal(positionRng) * 0.5),
      [T, D],
    );
    const x = tokenEmbedding.add(positionEmbedding) as tf.Tensor2D;
    const ln1 = layerNorm(x, w.norm1Weight, w.norm1Bias) as tf.Tensor2D;
    const qkv = matMul2d(ln1, w.inProjWeight.transpose()).add(w.inProjBias) as tf.Tensor2D; // [T, 3D]
    const bias = causalBias(T);
    const heads: HeadTrace[] = [];
    const outs: tf.Tensor2D[] = [];
    for (let h = 0; h < H; h++) {
      const q = qkv.slice([0, h * dh], [T, dh]) as tf.Tensor2D;
      const k = qkv.slice([0, D + h * dh], [T, dh]) as tf.Tensor2D;
      const v = qkv.slice([0, 2 * D + h * dh], [T, dh]) as tf.Tensor2D;
      const scores = matMul2d(q, k.transpose()).div(Math.sqrt(dh)) as tf.Tensor2D;
      const masked = causal ? (scores.add(bias) as tf.Tensor2D) : scores;
      const weights = tf.softmax(masked, -1) as tf.Tensor2D;
      const out = matMul2d(weights, v);
      outs.push(out);
      heads.push({ q: matrix(q), k: matrix(k), v: matrix(v), scores: matrix(scores), masked: matrix(masked), weights: matrix(weights), out: matrix(out) });
    }
    const attention = matMul2d(tf.concat(outs, 1) as tf.Tensor2D, w.outProjWeight.transpose()).add(w.outProjBias);
    const h = x.add(attention);
    const ln2 = layerNorm(h, w.norm2Weight, w.norm2Bias);
    const mlpHidden = gelu(linear(ln2, w.linear1Weight, w.linear1Bias));
    const mlp = linear(mlpHidden, w.linear2Weight, w.linear2Bias);
    const out = h.add(mlp);
    const checkDifference = out
      .sub(transformerBlock(x, w, { heads: H, causal }))
      .abs()
      .max()
      .dataSync()[0];
    return {
      tokens: [...tokens],
      options: { ...options },
      tokenEmbedding: matrix(tokenEmbedding),
      positionEmbedding: matrix(positionEmbedding),
      x: matrix(x),
      ln1: matrix(ln1),
      heads,
      attention: matrix(attention),
      h: matrix(h),
      ln2: matrix(ln2),
      mlpHidden: matrix(mlpHidden),
      mlp: matrix(mlp),
      out: matrix(out),
      checkDifference,
    };
  } finally {
    tf.engine().endScope();
  }
}
