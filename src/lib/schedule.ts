// What GPT recipes (nanoGPT's "baby GPT") add to Adam: a learning rate that warms up linearly and then falls
// on a cosine, and the clipping of the gradient's total norm.

import * as tf from '@tensorflow/tfjs';

/**
 * The learning rate at `step` (from 0): maxLr * (step + 1) / warmup during the warm-up, then a cosine from
 * maxLr down to minLr at `decaySteps`, and minLr after it (nanoGPT's get_lr).
 */
export function warmupCosine(step: number, s: { maxLr: number; minLr: number; warmup: number; decaySteps: number }): number {
  if (step < s.warmup) return (s.maxLr * (step + 1)) / s.warmup;
  if (step > s.decaySteps) return s.minLr;
  const ratio = (step - s.warmup) / (s.decaySteps - s.warmup);
  return s.minLr + 0.5 * (1 + Math.cos(Math.PI * ratio)) * (s.maxLr - s.minLr);
}

/**
 * torch.nn.utils.clip_grad_norm_: the total L2 norm of all `grads` together, and the gradients scaled by
 * maxNorm / (norm + 1e-6) when that is below 1 (else the same tensors). The caller owns new tensors it gets.
 */
export function clipGradNorm(grads: readonly tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; norm: number } {
  const norm = Math.sqrt(tf.tidy(() => tf.addN(grads.map((g) => g.square().sum())).dataSync()[0]));
  const scale = maxNorm / (norm + 1e-6);
  if (scale >= 1) return { grads: [...grads], norm };
  return { grads: grads.map((g) => g.mul(scale)), norm };
}
