// The hand-written LSTM against tfjs's own, with the same weights: the notebook-style "allclose" check.
// tf.layers.lstm stores W_ih^T and W_hh^T (Keras layout, same gate order i, f, g, o) and one bias.

import * as tf from '@tensorflow/tfjs';
import { createRng, normal, uniformArray } from '../../lib/rng';
import type { RnnComparison } from '../../models/compare';
import { type LstmWeights, lstmForward } from '../../models/lstm';

/**
 * Runs `tf.layers.lstm` with `weights` copied in on x [L, B, D_in] from (h0, c0) [B, D_h] (zeros when
 * left out), and returns `out` [L, B, D_h] and the last h and c. Its recurrent activation is set to the
 * sigmoid (tfjs's default is the hard sigmoid). The layer is built, used and freed here.
 */
export function layersLstmForward(
  x: tf.Tensor3D,
  weights: LstmWeights,
  state?: { h: tf.Tensor2D; c: tf.Tensor2D },
): { out: tf.Tensor3D; h: tf.Tensor2D; c: tf.Tensor2D } {
  const dHidden = weights.wIh.shape[0] / 4;
  const batch = x.shape[1];
  const layer = tf.layers.lstm({ units: dHidden, activation: 'tanh', recurrentActivation: 'sigmoid', returnSequences: true, returnState: true });
  try {
    return tf.tidy(() => {
      const batchFirst = x.transpose([1, 0, 2]); // [B, L, D_in]
      const initial = [state?.h ?? tf.zeros([batch, dHidden]), state?.c ?? tf.zeros([batch, dHidden])];
      layer.apply(batchFirst, { initialState: initial }); // the first call builds the layer (random weights)
      layer.setWeights([weights.wIh.transpose(), weights.wHh.transpose(), weights.bIh.add(weights.bHh)]);
      const [out, h, c] = layer.apply(batchFirst, { initialState: initial }) as tf.Tensor[]; // [B, L, D_h], [B, D_h], [B, D_h]
      return { out: out.transpose([1, 0, 2]) as tf.Tensor3D, h: h as tf.Tensor2D, c: c as tf.Tensor2D };
    });
  } finally {
    layer.dispose();
  }
}

const maxAbs = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => a.sub(b.reshape(a.shape)).abs().max().dataSync()[0]);

/**
 * The check with fresh weights from `seed` (PyTorch's init, D_in 5, D_h 3): a sequence of 5 from zeros, 3
 * more inputs continuing from its (h, c), and a batch of 4 sequences of 5; the largest absolute difference
 * over all outputs and the last h and c.
 */
export function lstmNotebookCheck(seed: number): RnnComparison {
  const rng = createRng(seed);
  const bound = 1 / Math.sqrt(3);
  const weights: LstmWeights = {
    wIh: tf.tensor2d(uniformArray(rng, 12 * 5, bound), [12, 5]),
    wHh: tf.tensor2d(uniformArray(rng, 12 * 3, bound), [12, 3]),
    bIh: tf.tensor1d(uniformArray(rng, 12, bound)),
    bHh: tf.tensor1d(uniformArray(rng, 12, bound)),
  };
  const values = (n: number) => Float32Array.from({ length: n }, () => normal(rng));
  try {
    return tf.tidy(() => {
      const diff = (ours: { out: tf.Tensor; h: tf.Tensor; c: tf.Tensor }, theirs: { out: tf.Tensor; h: tf.Tensor; c: tf.Tensor }) =>
        Math.max(maxAbs(ours.out, theirs.out), maxAbs(ours.h, theirs.h), maxAbs(ours.c, theirs.c));
      const x = tf.tensor2d(values(25), [5, 5]);
      const next = tf.tensor2d(values(15), [3, 5]);
      const xb = tf.tensor3d(values(100), [5, 4, 5]);
      const first = lstmForward(x, weights);
      const fresh = diff(first, layersLstmForward(x.expandDims(1) as tf.Tensor3D, weights));
      const second = lstmForward(next, weights, { h: first.h, c: first.c });
      const continuation = diff(
        second,
        layersLstmForward(next.expandDims(1) as tf.Tensor3D, weights, { h: first.h.expandDims(0) as tf.Tensor2D, c: first.c.expandDims(0) as tf.Tensor2D }),
      );
      const batched = lstmForward(xb, weights);
      const batch = diff(batched, layersLstmForward(xb, weights));
      return { fresh, continuation, batch, shapes: { fresh: first.out.shape, continuation: second.out.shape, batch: batched.out.shape } };
    });
  } finally {
    tf.dispose([weights.wIh, weights.wHh, weights.bIh, weights.bHh]);
  }
}
