// Trainable tfjs variables made from plain arrays (initial values, or weights from a checkpoint).

import * as tf from '@tensorflow/tfjs';

/** A trainable variable holding `values` in `shape`; the temporary tensor it is made from is freed. */
export function variableFrom<R extends tf.Rank>(values: Float32Array, shape: number[]): tf.Variable<R> {
  const initial = tf.tensor(values, shape);
  const variable = tf.variable(initial, true) as tf.Variable<R>;
  initial.dispose();
  return variable;
}
