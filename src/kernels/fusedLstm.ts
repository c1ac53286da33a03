// An LSTM layer over a whole sequence, the seam of the character model (src/models/charLstm.ts): the tfjs
// reference (lstmForward, step by step in tfjs ops) or the same layer whose recurrence runs in the project's
// WebAssembly kernels, with its gradient through tf.customGrad, so that it trains inside tfjs's autodiff like
// the reference it is checked against. Same layout and gate order as lstmForward: PyTorch's, i, f, g, o.

import * as tf from '@tensorflow/tfjs';
import { type LstmWeights, lstmForward } from '../models/lstm';
import type { Kernels } from './kernels';
import { chooseTrainer, type EngineInfo, TFJS_ENGINE } from './trainer';

/** An LSTM layer from zero states, inside tfjs's autodiff: x [T, B, D] -> every h_t [T, B, H]. */
export interface SequenceLayer {
  readonly engine: EngineInfo;
  forward(x: tf.Tensor3D, w: LstmWeights): tf.Tensor3D;
  /** Before each training step or evaluation: frees what the pass before kept (the kernels' caches). */
  beginPass(): void;
}

/** The reference: tfjs ops, one step at a time. */
export const tfjsLstmLayer: SequenceLayer = {
  engine: TFJS_ENGINE,
  forward: (x, w) => lstmForward(x, w).out as tf.Tensor3D,
  beginPass: () => {},
};

/** The layer on `kernels`: all T steps in one kernel call, and back in one. */
export function kernelLstmLayer(kernels: Kernels): SequenceLayer {
  return { engine: { kernels: true, threads: 1 }, forward: (x, w) => fusedLstmForward(kernels, x, w), beginPass: () => kernels.beginPass() };
}

/** The layer for what the worker loaded: the kernels' where they are, else tfjs's. */
export const lstmLayerFor = (kernels: Kernels | undefined): SequenceLayer => chooseTrainer(kernels, { tfjs: () => tfjsLstmLayer, kernels: kernelLstmLayer });

/**
 * All hidden states [T, B, H] of the layer `w` over x [T, B, D], from zero states: the whole layer, all T steps,
 * in one kernel call (and all of it back in one on the way back), its five inputs copied in once.
 * Its forward cache lives in the kernels' memory until `kernels.beginPass()`, which the caller runs before
 * each training step or evaluation.
 */
export function fusedLstmForward(kernels: Kernels, x: tf.Tensor3D, w: LstmWeights): tf.Tensor3D {
  const [T, B, D] = x.shape;
  const H = w.wHh.shape[1];
  const layer = tf.customGrad((...args) => {
    const [input, wIh, wHh, bIh, bHh] = args as tf.Tensor[];
    const bHhValues = bHh.dataSync() as Float32Array;
    const bias = Float32Array.from(bIh.dataSync() as Float32Array, (b, i) => b + bHhValues[i]);
    const { out, cache } = kernels.lstmLayer(
      input.dataSync() as Float32Array,
      wIh.dataSync() as Float32Array,
      bias,
      wHh.dataSync() as Float32Array,
      T,
      B,
      D,
      H,
    );
    return {
      value: tf.tensor3d(out, [T, B, H]),
      gradFunc: (dy: tf.Tensor) => {
        const g = kernels.lstmLayerBackward(cache, dy.dataSync() as Float32Array);
        return [tf.tensor3d(g.dX, [T, B, D]), tf.tensor2d(g.dWih, [4 * H, D]), tf.tensor2d(g.dWhh, [4 * H, H]), tf.tensor1d(g.dBias), tf.tensor1d(g.dBias)];
      },
    };
  });
  return layer(x, w.wIh, w.wHh, w.bIh, w.bHh) as tf.Tensor3D;
}
