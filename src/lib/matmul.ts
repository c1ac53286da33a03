// A matrix product whose gradient runs fast on tfjs's WASM backend: tf.matMul's own gradient multiplies
// with transpose flags, which WASM runs about ten times slower than a product of explicitly transposed operands.

import * as tf from '@tensorflow/tfjs';

const product = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    // d(a b)/da = dy b^T, d(a b)/db = a^T dy, each with its transpose made explicit.
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [
      tf.matMul(dy as tf.Tensor2D, saved[1].transpose() as tf.Tensor2D),
      tf.matMul(saved[0].transpose() as tf.Tensor2D, dy as tf.Tensor2D),
    ],
  };
}) as Parameters<typeof tf.customGrad>[0]);

/** a [m, k] x b [k, n] -> [m, n], as tf.matMul, with a gradient free of transpose flags. */
export function matMul2d(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return product(a, b) as tf.Tensor2D;
}
