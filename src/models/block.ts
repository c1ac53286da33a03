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

export interface BlockOptions extends AttentionOptions {
  eps?: number;
  /**
   * Where the LayerNorms stand: 'pre' (GPT-2's, the default) or 'post' (the original transformer's and Project II's:
   * h = LN1(x + Attn(x)), out = LN2(h + MLP(h)), torch's TransformerEncoderLayer with norm_first=False).
   */
  norm?: 'pre' | 'post';
  /** The MLP's non-linearity: GELU (the default) or ReLU (Project II's). */
  activation?: 'gelu' | 'relu';
}

/** One block on x [T, D] or [B, T, D] (pre-LayerNorm unless `norm` says 'post'); the output is shaped like x. Changes nothing. */
export function transformerBlock(x: tf.Tensor, w: BlockWeights, options: BlockOptions): tf.Tensor {
  return tf.tidy(() => {
    const eps = options.eps ?? 1e-5;
    const act: (t: tf.Tensor) => tf.Tensor = options.activation === 'relu' ? (t) => tf.relu(t) : gelu;
    const mlp = (z: tf.Tensor) => linear(act(linear(z, w.linear1Weight, w.linear1Bias)), w.linear2Weight, w.linear2Bias);
    if (options.norm === 'post') {
      const h = layerNorm(x.add(multiHeadAttention(x, w, options).out), w.norm1Weight, w.norm1Bias, eps);
      return layerNorm(h.add(mlp(h)), w.norm2Weight, w.norm2Bias, eps);
    }
    const h = x.add(multiHeadAttention(layerNorm(x, w.norm1Weight, w.norm1Bias, eps), w, options).out);
    return h.add(mlp(layerNorm(h, w.norm2Weight, w.norm2Bias, eps)));
  });
}
