// An LSTM layer whose recurrence runs in the project's WebAssembly kernels, with its gradient through
// tf.customGrad, so that it trains inside tfjs's autodiff like the tfjs-ops reference (lstmForward) it is
// checked against. Same layout and gate order as lstmForward: PyTorch's, i, f, g, o.

import * as tf from '@tensorflow/tfjs';
import type { LstmWeights } from '../lessons/lstm/lstm';
import { matMul2d } from '../lib/matmul';
import type { Kernels } from './lstmKernels';

/**
 * All hidden states [T, B, H] of the layer `w` over x [T, B, D], from zero states: the input's share of the
 * gates as one tfjs product, then all T steps in one kernel call (and all of them back in one on the way back).
 */
export function fusedLstmForward(kernels: Kernels, x: tf.Tensor3D, w: LstmWeights): tf.Tensor3D {
  const [T, B, D] = x.shape;
  const H = w.wHh.shape[1];
  const zeros = new Float32Array(B * H);
  const recurrence = tf.customGrad((...args) => {
    const [gin, wHh] = args as tf.Tensor[];
    const wHhValues = wHh.dataSync() as Float32Array;
    const { out, cache } = kernels.recurrence(gin.dataSync() as Float32Array, wHhValues, zeros, zeros, T, B, H);
    return {
      value: tf.tensor3d(out, [T, B, H]),
      gradFunc: (dy: tf.Tensor) => {
        const grads = kernels.recurrenceBackward(cache, wHhValues, dy.dataSync() as Float32Array);
        return [tf.tensor3d(grads.dGin, [T, B, 4 * H]), tf.tensor2d(grads.dWhh, [4 * H, H])];
      },
    };
  });
  return tf.tidy(() => {
    const gin = matMul2d(x.reshape([T * B, D]) as tf.Tensor2D, w.wIh.transpose() as tf.Tensor2D)
      .add(w.bIh.add(w.bHh))
      .reshape([T, B, 4 * H]); // [T, B, 4H]
    return recurrence(gin, w.wHh) as tf.Tensor3D;
  });
}
