// The notebooks' "allclose" checks: how far a hand-written layer's outputs are from a library's on the same
// weights (Lessons 3 and 5 show it beside their cells).

import * as tf from '@tensorflow/tfjs';

/** The largest |a - b| over all elements (a and b of the same shape). */
export function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]);
}

export type RnnComparison = {
  /** Largest absolute difference between the hand-written RNN and tfjs's SimpleRNN, over all outputs and the last state. */
  fresh: number;
  continuation: number;
  batch: number;
  /** The shapes compared, for the page. */
  shapes: { fresh: number[]; continuation: number[]; batch: number[] };
};
