// Lesson 5's model: a recurrent cell (the Elman RNN of Lesson 3, or the LSTM) over one-hot numbers, then a Linear
// layer to V scores, in tfjs ops: the reference that the WebAssembly kernels' pass is checked against.

import * as tf from '@tensorflow/tfjs';
import { matMul2d } from '../../lib/matmul';
import { type Rng, uniformArray } from '../../lib/rng';
import { variableFrom } from '../../lib/variables';
import { elmanForward } from '../../models/elman';
import { lstmForward } from '../../models/lstm';
import type { CellKind } from './meta';

/** A recurrent cell (Elman RNN or LSTM, PyTorch's layouts) and a Linear layer to V scores. */
export interface MemoryWeights {
  wIh: tf.Variable<tf.Rank.R2>;
  wHh: tf.Variable<tf.Rank.R2>;
  bIh: tf.Variable<tf.Rank.R1>;
  bHh: tf.Variable<tf.Rank.R1>;
  linW: tf.Variable<tf.Rank.R2>;
  linB: tf.Variable<tf.Rank.R1>;
}

/** PyTorch's default initialisation for nn.RNN / nn.LSTM and nn.Linear: uniform in +-1/sqrt(D_h). */
export function createMemoryWeights(cell: CellKind, vocab: number, hidden: number, rng: Rng): MemoryWeights {
  const rows = cell === 'lstm' ? 4 * hidden : hidden;
  const bound = 1 / Math.sqrt(hidden);
  return {
    wIh: variableFrom(uniformArray(rng, rows * vocab, bound), [rows, vocab]),
    wHh: variableFrom(uniformArray(rng, rows * hidden, bound), [rows, hidden]),
    bIh: variableFrom(uniformArray(rng, rows, bound), [rows]),
    bHh: variableFrom(uniformArray(rng, rows, bound), [rows]),
    linW: variableFrom(uniformArray(rng, vocab * hidden, bound), [vocab, hidden]),
    linB: variableFrom(uniformArray(rng, vocab, bound), [vocab]),
  };
}

export const weightList = (w: MemoryWeights): tf.Variable[] => [w.wIh, w.wHh, w.bIh, w.bHh, w.linW, w.linB];

/** Logits [L, B, V] for number sequences `ids` [L, B]: one-hot inputs through the cell, then the Linear layer. */
export function memoryLogits(cell: CellKind, w: MemoryWeights, ids: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const [length, batch] = ids.shape;
    const [vocab, hidden] = w.linW.shape;
    const x = tf.oneHot(ids, vocab).toFloat(); // [L, B, V]
    const weights = { wIh: w.wIh, wHh: w.wHh, bIh: w.bIh, bHh: w.bHh };
    const out = cell === 'lstm' ? lstmForward(x, weights).out : elmanForward(x, weights).out; // [L, B, D_h]
    const logits = matMul2d(out.reshape([length * batch, hidden]) as tf.Tensor2D, w.linW.transpose() as tf.Tensor2D).add(w.linB); // [L*B, V]
    return logits.reshape([length, batch, vocab]) as tf.Tensor3D;
  });
}
