// The transformer block as GPT-2 and nanoGPT use it (pre-LayerNorm): h = x + Attn(LN1(x)), out = h + MLP(LN2(h)),
// with MLP = Linear(D, F), GELU, Linear(F, D); the same as torch.nn.TransformerEncoderLayer(norm_first=True,
// activation='gelu', dropout=0), whose weight names it keeps.

import * as tf from '@tensorflow/tfjs';
import { matMul2d } from '../lib/matmul';
import { type AttentionOptions, type AttentionWeights, multiHeadAttention } from './attention';

export interface BlockWeights extends AttentionWeights {
  linear1Weight: tf.Tensor2D; // [F, D]
  linear1Bias: tf.Tensor1D; // [F]
  linear2Weight: tf.Tensor2D; // [D, F]
  linear2Bias: tf.Tensor1D; // [D]
  norm1Weight: tf.Tensor1D; // [D]
  norm1Bias: tf.Tensor1D;
  norm2Weight: tf.Tensor1D;
  norm2Bias: tf.Tensor1D;
}

/** LayerNorm over the last axis: (x - mean) / sqrt(var + eps) * gain + bias, with the biased variance. */
export function layerNorm(x: tf.Tensor, gain: tf.Tensor1D, bias: tf.Tensor1D, eps = 1e-5): tf.Tensor {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    return x.sub(mean).div(variance.add(eps).sqrt()).mul(gain).add(bias);
  });
}

/** GELU in its exact form, x Phi(x) = x (1 + erf(x / sqrt 2)) / 2 (not the tanh approximation). */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => x.mul(tf.erf(x.div(Math.SQRT2)).add(1)).mul(0.5));
}

/** A Linear layer on the last axis of x [..., in]: x W^T + b, W [out, in]. */
export function linear(x: tf.Tensor, weight: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor {
  const [outFeatures, inFeatures] = weight.shape;
  const rows = x.size / inFeatures;
  return matMul2d(x.reshape([rows, inFeatures]), weight.transpose())
    .add(bias)
    .reshape([...x.shape.slice(0, -1), outFeatures]);
}

/** One pre-LayerNorm block on x [T, D] or [B, T, D]; the output is shaped like x. Changes nothing. */
export function transformerBlock(x: tf.Tensor, w: BlockWeights, options: AttentionOptions & { eps?: number }): tf.Tensor {
  return tf.tidy(() => {
    const eps = options.eps ?? 1e-5;
    const h = x.add(multiHeadAttention(layerNorm(x, w.norm1Weight, w.norm1Bias, eps), w, options).out);
    const mlp = linear(gelu(linear(layerNorm(h, w.norm2Weight, w.norm2Bias, eps), w.linear1Weight, w.linear1Bias)), w.linear2Weight, w.linear2Bias);
    return h.add(mlp);
  });
}
