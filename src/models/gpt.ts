// A tiny GPT (Radford et al. 2018/2019, as nanoGPT writes it): token and learned position embeddings, a stack of
// pre-LayerNorm transformer blocks with causal self-attention (Lesson 8's), a final LayerNorm and a linear head,
// trained on next-character prediction as Lesson 6's LSTM is.

import * as tf from '@tensorflow/tfjs';
import { matMul2d } from '../lib/matmul';
import { normal, type Rng } from '../lib/rng';
import { variableFrom } from '../lib/variables';
import { multiHeadAttention } from './attention';
import { type BlockWeights, layerNorm, transformerBlock } from './block';

export interface GptConfig {
  /** Characters in the vocabulary (V). */
  vocab: number;
  /** Positions the model reads at most (the context, T_max). */
  context: number;
  /** Model width D, heads H (D / H each), and blocks. */
  width: number;
  heads: number;
  layers: number;
}

export interface GptWeights {
  tokens: tf.Variable<tf.Rank.R2>; // [V, D]
  positions: tf.Variable<tf.Rank.R2>; // [T_max, D]
  blocks: BlockWeights[];
  finalNormWeight: tf.Variable<tf.Rank.R1>; // [D]
  finalNormBias: tf.Variable<tf.Rank.R1>;
  head: tf.Variable<tf.Rank.R2>; // [V, D], as nn.Linear(D, V, bias=False)
}

/** The shapes of every parameter, in gptVariables' order. */
export function gptShapes(config: GptConfig): number[][] {
  const { vocab: V, context, width: D, layers } = config;
  const F = 4 * D;
  const block = [[3 * D, D], [3 * D], [D, D], [D], [F, D], [F], [D, F], [D], [D], [D], [D], [D]];
  return [[V, D], [context, D], ...Array.from({ length: layers }, () => block).flat(), [D], [D], [V, D]];
}

/**
 * nanoGPT's initialisation, as arrays in gptVariables' order: every weight N(0, 0.02), the projections into the
 * residual stream (attention's output and the MLP's second layer) N(0, 0.02 / sqrt(2 layers)), biases 0,
 * LayerNorm gains 1.
 */
export function gptInitialValues(config: GptConfig, rng: Rng): Float32Array[] {
  const { vocab: V, context, width: D, layers } = config;
  const F = 4 * D;
  const gauss = (n: number, std: number) => Float32Array.from({ length: n }, () => std * normal(rng));
  const zeros = (n: number) => new Float32Array(n);
  const ones = (n: number) => new Float32Array(n).fill(1);
  const residual = 0.02 / Math.sqrt(2 * layers);
  return [
    gauss(V * D, 0.02),
    gauss(context * D, 0.02),
    ...Array.from({ length: layers }, () => [
      gauss(3 * D * D, 0.02),
      zeros(3 * D),
      gauss(D * D, residual),
      zeros(D),
      gauss(F * D, 0.02),
      zeros(F),
      gauss(D * F, residual),
      zeros(D),
      ones(D),
      zeros(D),
      ones(D),
      zeros(D),
    ]).flat(),
    ones(D),
    zeros(D),
    gauss(V * D, 0.02),
  ];
}

/** The model's variables, nanoGPT's initialisation drawn from `rng`, or `values` (gptVariables' order). */
export function createGpt(config: GptConfig, from: Rng | readonly Float32Array[]): GptWeights {
  const values = typeof from === 'function' ? gptInitialValues(config, from) : from;
  const shapes = gptShapes(config);
  let i = 0;
  const next = <R extends tf.Rank>() => {
    const v = variableFrom<R>(values[i], shapes[i]);
    i++;
    return v;
  };
  return {
    tokens: next(),
    positions: next(),
    blocks: Array.from({ length: config.layers }, () => ({
      inProjWeight: next(),
      inProjBias: next(),
      outProjWeight: next(),
      outProjBias: next(),
      linear1Weight: next(),
      linear1Bias: next(),
      linear2Weight: next(),
      linear2Bias: next(),
      norm1Weight: next(),
      norm1Bias: next(),
      norm2Weight: next(),
      norm2Bias: next(),
    })),
    finalNormWeight: next(),
    finalNormBias: next(),
    head: next(),
  };
}

/** Every variable, in a fixed order (for the optimizer and checkpoints). */
export function gptVariables(w: GptWeights): tf.Variable[] {
  return [w.tokens, w.positions, ...w.blocks.flatMap((b) => Object.values(b) as tf.Variable[]), w.finalNormWeight, w.finalNormBias, w.head];
}

/** Logits [B, T, V] for ids [B, T] (T at most the context): each position sees itself and the positions before it. */
export function gptLogits(w: GptWeights, ids: tf.Tensor2D, heads: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [B, T] = ids.shape;
    const [V, D] = w.tokens.shape;
    if (T > w.positions.shape[0]) throw new Error(`${T} positions are more than the model's context of ${w.positions.shape[0]}.`);
    // The lookup as a one-hot product, as Lesson 6's: tf.gather's gradient has no kernel on the WASM backend.
    const embedded = matMul2d(tf.oneHot(ids.reshape([B * T]), V).toFloat() as tf.Tensor2D, w.tokens); // [B T, D]
    let x = embedded.reshape([B, T, D]).add(w.positions.slice([0, 0], [T, D])) as tf.Tensor3D; // [B, T, D]
    for (const block of w.blocks) x = transformerBlock(x, block, { heads, causal: true }) as tf.Tensor3D;
    const normed = layerNorm(x, w.finalNormWeight, w.finalNormBias).reshape([B * T, D]);
    return matMul2d(normed as tf.Tensor2D, w.head.transpose()).reshape([B, T, V]) as tf.Tensor3D; // [B, T, V]
  });
}

/** Mean cross entropy of predicting targets [B, T] from ids [B, T], in nats. */
export function gptLoss(w: GptWeights, ids: tf.Tensor2D, targets: tf.Tensor2D, heads: number): tf.Scalar {
  return tf.tidy(() => {
    const V = w.tokens.shape[0];
    const logits = gptLogits(w, ids, heads).reshape([-1, V]);
    return tf.losses.softmaxCrossEntropy(tf.oneHot(targets.flatten(), V).toFloat(), logits) as tf.Scalar;
  });
}

export function disposeGpt(w: GptWeights): void {
  for (const v of gptVariables(w)) v.dispose();
}

/**
 * The attention weights of every block and head for ids [1, T]: per block [H, T, T] row-major (row t: how much
 * position t reads each position up to it). The blocks run as gptLogits runs them.
 */
export function gptAttentionMaps(w: GptWeights, ids: tf.Tensor2D, heads: number): Float32Array[] {
  return tf.tidy(() => {
    const [B, T] = ids.shape;
    const [V, D] = w.tokens.shape;
    const embedded = matMul2d(tf.oneHot(ids.reshape([B * T]), V).toFloat() as tf.Tensor2D, w.tokens);
    let x = embedded.reshape([B, T, D]).add(w.positions.slice([0, 0], [T, D])) as tf.Tensor3D;
    const maps: Float32Array[] = [];
    for (const block of w.blocks) {
      const normed = layerNorm(x, block.norm1Weight, block.norm1Bias);
      maps.push(multiHeadAttention(normed, block, { heads, causal: true }).weights.dataSync() as Float32Array);
      x = transformerBlock(x, block, { heads, causal: true }) as tf.Tensor3D;
    }
    return maps;
  });
}

/** A [T, B] time-first batch (Lesson 6's windows) as [B, T] rows, as the GPT reads it. */
export function batchFirst(timeFirst: Int32Array, T: number, B: number): Int32Array {
  const out = new Int32Array(T * B);
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) out[b * T + t] = timeFirst[t * B + b];
  return out;
}
