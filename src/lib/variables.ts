// Trainable tfjs variables made from plain arrays (initial values, or weights from a checkpoint), and models
// built so that one refused part-way leaves nothing behind.

import * as tf from '@tensorflow/tfjs';

/** A trainable variable holding `values` in `shape`; the temporary tensor it is made from is freed. */
export function variableFrom<R extends tf.Rank>(values: Float32Array, shape: number[]): tf.Variable<R> {
  const initial = tf.tensor(values, shape);
  try {
    return tf.variable(initial, true) as tf.Variable<R>;
  } finally {
    initial.dispose();
  }
}

/** Frees the variables registered since `before` (their names) was taken. */
function freeVariablesSince(before: Set<string>): void {
  for (const [name, variable] of Object.entries(tf.engine().registeredVariables)) if (!before.has(name)) variable.dispose();
}

/**
 * Builds a model with `make(...args)` (a constructor, a `create`, a `restore`). If it throws part-way (memory ran out
 * for one weight after the first were made, or a check failed after them), the variables it made are freed
 * before the error goes on: a model that was refused holds no memory. A model's weights and Adam's moments
 * are variables; the other tensors made while building are temporaries, freed where they are made.
 */
export function builtOrFreed<A extends unknown[], T>(make: (...args: A) => T, ...args: A): T {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  let made: T;
  try {
    made = make(...args);
  } catch (error) {
    freeVariablesSince(before);
    throw error;
  }
  if (made instanceof Promise) {
    return made.catch((error: unknown) => {
      freeVariablesSince(before);
      throw error;
    }) as T;
  }
  return made;
}
