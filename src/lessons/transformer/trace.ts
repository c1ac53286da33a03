// Lesson 8's step-through: one transformer block on the reader's sentence, every intermediate kept as plain
// numbers for the page (the input, Q, K and V of each head, the scores before and after the mask, the weights,
// each head's output, the block's residual stream and MLP). The weights are random, drawn from a seed (the
// arithmetic, not what a model has learnt), or a trained model's block (trained.ts), pre- or post-LayerNorm.

import * as tf from '@tensorflow/tfjs';
import { matMul2d } from '../../lib/matmul';
import { createRng, normal, uniformArray } from '../../lib/rng';
import { causalBias } from '../../models/attention';
import { type BlockOptions, type BlockWeights, gelu, layerNorm, linear, transformerBlock } from '../../models/block';

export interface TraceOptions {
  /** The width D of every vector. */
  dim: number;
  heads: number;
  causal: boolean;
  seed: number;
}

/** How the traced block is built: where its LayerNorms stand and its MLP's non-linearity (random blocks: pre, GELU). */
export type BlockKind = Required<Pick<BlockOptions, 'norm' | 'activation'>>;

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
  kind: BlockKind;
  /** What the weights are: random from a seed, or the trained model (and which of its blocks) it shows. */
  source: string;
  /** The block shown (1 for random weights), of how many. */
  layer: number;
  layers: number;
  /** Tokens of the reader's text left out: past the model's context or the step-through's limit. */
  dropped: number;
  tokenEmbedding: Matrix;
  positionEmbedding: Matrix;
  /** x = token + position embeddings [T, D]. */
  x: Matrix;
  /** What the attention reads: LN1(x) before a pre-LN block's attention, x itself in a post-LN block. */
  ln1: Matrix;
  heads: HeadTrace[];
  /** The heads side by side, projected by W_o: the attention's output [T, D]. */
  attention: Matrix;
  /** h = x + attention (pre-LN), LN1(x + attention) (post-LN): the residual stream after the first half. */
  h: Matrix;
  /** What the MLP reads: LN2(h) (pre-LN), h (post-LN). */
  ln2: Matrix;
  /** act(ln2 W_1^T + b_1) [T, F]. */
  mlpHidden: Matrix;
  mlp: Matrix;
  /** out = h + MLP (pre-LN), LN2(h + MLP) (post-LN). */
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

/** What a traced block reads: the token and position rows [T, D] of its input, the blocks before it, its own weights. */
export interface TraceInput {
  tokens: string[];
  tokenEmbedding: tf.Tensor2D;
  positionEmbedding: tf.Tensor2D;
  /** Blocks run before the traced one (their output is its x). */
  before: BlockWeights[];
  block: BlockWeights;
  kind: BlockKind;
}

/** The traced block's stages on `input` (all of whose tensors it leaves alone); the page's fields but the labels. */
export function traceStages(
  input: TraceInput,
  heads: number,
  causal: boolean,
): Omit<BlockTrace, 'options' | 'source' | 'layer' | 'layers' | 'dropped' | 'tokens' | 'kind'> {
  const { block: w, kind } = input;
  const [T, D] = input.tokenEmbedding.shape;
  const H = heads;
  if (D % H !== 0) throw new Error(`The width ${D} does not split into ${H} heads.`);
  const dh = D / H;
  tf.engine().startScope();
  try {
    const options = { heads: H, causal, ...kind };
    let x = input.tokenEmbedding.add(input.positionEmbedding) as tf.Tensor2D;
    for (const earlier of input.before) x = transformerBlock(x, earlier, options) as tf.Tensor2D;
    const post = kind.norm === 'post';
    const ln1 = post ? x : (layerNorm(x, w.norm1Weight, w.norm1Bias) as tf.Tensor2D);
    const qkv = matMul2d(ln1, w.inProjWeight.transpose()).add(w.inProjBias) as tf.Tensor2D; // [T, 3D]
    const bias = causalBias(T);
    const traced: HeadTrace[] = [];
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
      traced.push({ q: matrix(q), k: matrix(k), v: matrix(v), scores: matrix(scores), masked: matrix(masked), weights: matrix(weights), out: matrix(out) });
    }
    const attention = matMul2d(tf.concat(outs, 1) as tf.Tensor2D, w.outProjWeight.transpose()).add(w.outProjBias);
    const sum1 = x.add(attention);
    const h = post ? layerNorm(sum1, w.norm1Weight, w.norm1Bias) : sum1;
    const ln2 = post ? h : layerNorm(h, w.norm2Weight, w.norm2Bias);
    const hidden = linear(ln2, w.linear1Weight, w.linear1Bias);
    const mlpHidden = kind.activation === 'relu' ? tf.relu(hidden) : gelu(hidden);
    const mlp = linear(mlpHidden, w.linear2Weight, w.linear2Bias);
    const out = post ? layerNorm(h.add(mlp), w.norm2Weight, w.norm2Bias) : h.add(mlp);
    const checkDifference = out
      .sub(transformerBlock(x, w, options))
      .abs()
      .max()
      .dataSync()[0];
    return {
      tokenEmbedding: matrix(input.tokenEmbedding),
      positionEmbedding: matrix(input.positionEmbedding),
      x: matrix(x),
      ln1: matrix(ln1),
      heads: traced,
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

/** One block with random weights from `options.seed` on `tokens`, every step kept. */
export function traceBlock(tokens: string[], options: TraceOptions): BlockTrace {
  const { dim: D, heads: H, causal, seed } = options;
  if (tokens.length === 0) throw new Error('traceBlock needs at least one token.');
  if (D % H !== 0) throw new Error(`The width ${D} does not split into ${H} heads.`);
  const T = tokens.length;
  // A scope rather than tf.tidy, which only returns tensors: everything made here is freed at its end.
  tf.engine().startScope();
  try {
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
    const kind: BlockKind = { norm: 'pre', activation: 'gelu' };
    const stages = traceStages({ tokens, tokenEmbedding, positionEmbedding, before: [], block: randomBlock(D, seed), kind }, H, causal);
    return { tokens: [...tokens], options: { ...options }, kind, source: `random (seed ${seed})`, layer: 1, layers: 1, dropped: 0, ...stages };
  } finally {
    tf.engine().endScope();
  }
}
