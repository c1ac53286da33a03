// Multi-head self-attention (Vaswani et al. 2017, "Attention Is All You Need"), in the weight layout of
// torch.nn.MultiheadAttention, so that it can be checked against PyTorch case by case.

import * as tf from '@tensorflow/tfjs';
import { matMul2d } from '../lib/matmul';

/** torch.nn.MultiheadAttention's weights: in_proj_weight [3D, D] (rows of W_q, then W_k, then W_v), in_proj_bias [3D], out_proj [D, D] and [D]. */
export interface AttentionWeights {
  inProjWeight: tf.Tensor2D;
  inProjBias: tf.Tensor1D;
  outProjWeight: tf.Tensor2D;
  outProjBias: tf.Tensor1D;
}

export interface AttentionOptions {
  heads: number;
  /** Each position sees only itself and the positions before it (a language model's mask). */
  causal: boolean;
}

/** [T, T]: true on and below the diagonal, where a causal position may look. */
export function causalMask(length: number): tf.Tensor2D {
  return tf.tidy(() => tf.linalg.bandPart(tf.ones([length, length], 'bool'), -1, 0) as tf.Tensor2D);
}

/**
 * [T, T]: 0 on and below the diagonal, minus infinity above it: added to the scores, it gives the future weight 0
 * after the softmax. Made from plain numbers: tfjs's WASM backend aborts when it tiles a boolean mask.
 */
export function causalBias(length: number): tf.Tensor2D {
  const values = new Float32Array(length * length);
  for (let t = 0; t < length; t++) values.fill(Number.NEGATIVE_INFINITY, t * length + t + 1, (t + 1) * length);
  return tf.tensor2d(values, [length, length]);
}

/**
 * Self-attention of `x`, [T, D] (one sequence) or [B, T, D] (a batch):
 *   Q, K, V = x W_q^T + b_q, x W_k^T + b_k, x W_v^T + b_v, each split into H heads of D / H;
 *   per head A = softmax(Q K^T / sqrt(D / H)) (with -infinity above the diagonal when causal), A V;
 *   the heads side by side, then W_o^T + b_o.
 * Returns `out`, shaped like `x`, and the attention weights A per head, [H, T, T] or [B, H, T, T]. Changes nothing.
 */
export function multiHeadAttention(x: tf.Tensor, w: AttentionWeights, { heads, causal }: AttentionOptions): { out: tf.Tensor; weights: tf.Tensor } {
  const batched = x.rank === 3;
  if (x.rank !== 2 && !batched) throw new Error(`multiHeadAttention takes x of rank 2 [T, D] or 3 [B, T, D], not rank ${x.rank}.`);
  const D = x.shape[x.rank - 1];
  if (D % heads !== 0) throw new Error(`The width ${D} does not split into ${heads} heads.`);
  return tf.tidy(() => {
    const xs = (batched ? x : x.expandDims(0)) as tf.Tensor3D; // [B, T, D]
    const [B, T] = xs.shape;
    const dh = D / heads;
    const rows = xs.reshape([B * T, D]) as tf.Tensor2D;
    // One of Q, K, V as [B H, T, dh]: x times its D rows of in_proj_weight (a slice of the weight, not of the
    // [B T, 3D] product: slicing the activations and padding their gradient cost more than the products), its D
    // columns split into the heads.
    const part = (i: number) =>
      matMul2d(rows, w.inProjWeight.slice([i * D, 0], [D, D]).transpose())
        .add(w.inProjBias.slice([i * D], [D]))
        .reshape([B, T, heads, dh])
        .transpose([0, 2, 1, 3])
        .reshape([B * heads, T, dh]) as tf.Tensor3D;
    const [q, k, v] = [part(0), part(1), part(2)];
    let scores = tf.matMul(q, k.transpose([0, 2, 1])).div(Math.sqrt(dh)) as tf.Tensor3D; // [B H, T, T]
    if (causal) scores = scores.add(causalBias(T)) as tf.Tensor3D; // broadcast over the batch and the heads
    const attention = tf.softmax(scores, -1) as tf.Tensor3D; // [B H, T, T]
    const context = tf
      .matMul(attention, v) // [B H, T, dh]
      .reshape([B, heads, T, dh])
      .transpose([0, 2, 1, 3])
      .reshape([B * T, D]) as tf.Tensor2D; // the heads side by side
    const out = matMul2d(context, w.outProjWeight.transpose()).add(w.outProjBias).reshape([B, T, D]); // [B, T, D]
    const weights = attention.reshape([B, heads, T, T]);
    return batched ? { out, weights } : { out: out.squeeze([0]), weights: weights.squeeze([0]) };
  });
}
