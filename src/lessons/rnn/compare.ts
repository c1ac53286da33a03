// The notebook's "allclose" check: the hand-written RNN against a library's, with the same weights.
// tfjs's SimpleRNN stores W_ih^T and W_hh^T (Keras layout) and has one bias, so b_ih + b_hh goes there.

import * as tf from '@tensorflow/tfjs';
import { maxAbsDifference, type RnnComparison } from '../../models/compare';
import { type ElmanWeights, elmanForward } from '../../models/elman';

export type { RnnComparison };

/**
 * Runs `tf.layers.simpleRNN` with `weights` copied in, on x [L, B, D_in] from h0 [B, D_h] (zeros when left
 * out), and returns its outputs in PyTorch's layout: `out` [L, B, D_h] and the last state `h` [B, D_h].
 * The layer is built, used and freed here.
 */
export function layersRnnForward(x: tf.Tensor3D, weights: ElmanWeights, h0?: tf.Tensor2D): { out: tf.Tensor3D; h: tf.Tensor2D } {
  const dHidden = weights.wIh.shape[0];
  const batch = x.shape[1];
  const layer = tf.layers.simpleRNN({ units: dHidden, activation: 'tanh', returnSequences: true, returnState: true });
  try {
    return tf.tidy(() => {
      const batchFirst = x.transpose([1, 0, 2]); // [B, L, D_in]
      const initial = h0 ?? tf.zeros([batch, dHidden]); // [B, D_h]
      layer.apply(batchFirst, { initialState: [initial] }); // the first call builds the layer (random weights)
      // Keras layout: kernel [D_in, D_h], recurrent kernel [D_h, D_h], one bias [D_h].
      layer.setWeights([weights.wIh.transpose(), weights.wHh.transpose(), weights.bIh.add(weights.bHh)]);
      const [out, h] = layer.apply(batchFirst, { initialState: [initial] }) as tf.Tensor[]; // [B, L, D_h], [B, D_h]
      return { out: out.transpose([1, 0, 2]) as tf.Tensor3D, h: h as tf.Tensor2D };
    });
  } finally {
    layer.dispose();
  }
}

/**
 * The three checks of the notebook on the given weights: a fresh sequence x [L, D_in] from h = 0, a second
 * sequence continuing from the first one's last state, and a batch xb [L, B, D_in].
 */
export function compareWithLayers(weights: ElmanWeights, x: tf.Tensor2D, next: tf.Tensor2D, xb: tf.Tensor3D): RnnComparison {
  return tf.tidy(() => {
    const diff = (ours: { out: tf.Tensor; h: tf.Tensor }, theirs: { out: tf.Tensor; h: tf.Tensor }) =>
      Math.max(maxAbsDifference(ours.out, theirs.out.reshape(ours.out.shape)), maxAbsDifference(ours.h, theirs.h.reshape(ours.h.shape)));
    const first = elmanForward(x, weights);
    const fresh = diff(first, layersRnnForward(x.expandDims(1) as tf.Tensor3D, weights));
    const second = elmanForward(next, weights, first.h);
    const continuation = diff(second, layersRnnForward(next.expandDims(1) as tf.Tensor3D, weights, first.h.expandDims(0) as tf.Tensor2D));
    const batched = elmanForward(xb, weights);
    const batch = diff(batched, layersRnnForward(xb, weights));
    return { fresh, continuation, batch, shapes: { fresh: first.out.shape, continuation: second.out.shape, batch: batched.out.shape } };
  });
}
