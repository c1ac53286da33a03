// The Elman RNN (Elman 1990), written out one time step after the other as in Part III of the series:
// h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh). No output layer, as in torch.nn.RNN.

import * as tf from '@tensorflow/tfjs';

/** The four parameters, shaped as PyTorch shapes them: W_ih [D_h, D_in], W_hh [D_h, D_h], b_ih [D_h], b_hh [D_h]. */
export interface ElmanWeights {
  wIh: tf.Tensor2D;
  wHh: tf.Tensor2D;
  bIh: tf.Tensor1D;
  bHh: tf.Tensor1D;
}

/**
 * Runs the RNN over `x`, [L, D_in] (one sequence) or [L, B, D_in] (a batch, time first as in PyTorch),
 * starting from `h0` ([D_h] or [B, D_h]; zeros when left out). Returns all hidden states `out`
 * ([L, D_h] or [L, B, D_h]) and the last one `h` ([D_h] or [B, D_h]), which a later call can take as its
 * `h0` to go on where this one stopped. Changes nothing; the caller owns both results.
 */
export function elmanForward(x: tf.Tensor, weights: ElmanWeights, h0?: tf.Tensor): { out: tf.Tensor; h: tf.Tensor } {
  const batched = x.rank === 3;
  if (x.rank !== 2 && !batched) throw new Error(`elmanForward takes x of rank 2 [L, D_in] or 3 [L, B, D_in], not rank ${x.rank}.`);
  const [dHidden, dIn] = weights.wIh.shape;
  if (x.shape[x.rank - 1] !== dIn) throw new Error(`x has ${x.shape[x.rank - 1]} features but W_ih expects ${dIn}.`);
  return tf.tidy(() => {
    const xs = batched ? (x as tf.Tensor3D) : (x.expandDims(1) as tf.Tensor3D); // [L, B, D_in]
    const batch = xs.shape[1];
    let h: tf.Tensor2D = h0 ? (batched ? (h0 as tf.Tensor2D) : (h0.reshape([1, dHidden]) as tf.Tensor2D)) : tf.zeros([batch, dHidden]); // [B, D_h]
    // Transposed once, so that every product below is a plain matMul (the fast case on WASM).
    const wIhT = weights.wIh.transpose(); // [D_in, D_h]
    const wHhT = weights.wHh.transpose() as tf.Tensor2D; // [D_h, D_h]
    const states: tf.Tensor2D[] = [];
    for (const xt of tf.unstack(xs)) {
      // xt: [B, D_in]
      const fromInput = tf.matMul(xt as tf.Tensor2D, wIhT).add(weights.bIh); // [B, D_h]
      const fromHidden = tf.matMul(h, wHhT).add(weights.bHh); // [B, D_h]
      h = tf.tanh(fromInput.add(fromHidden)) as tf.Tensor2D; // [B, D_h]
      states.push(h);
    }
    const out = tf.stack(states); // [L, B, D_h]
    return batched ? { out, h } : { out: out.squeeze([1]), h: h.squeeze([0]) };
  });
}

/** What happens inside one time step, for the step-through view (plain arrays, row-major). */
export interface ElmanStep {
  /** x_t [D_in] and h_{t-1} [D_h]. */
  x: Float32Array;
  hPrev: Float32Array;
  /** x_t W_ih^T + b_ih and h_{t-1} W_hh^T + b_hh, both [D_h]. */
  fromInput: Float32Array;
  fromHidden: Float32Array;
  /** Their sum, [D_h], and h_t = tanh(sum). */
  sum: Float32Array;
  h: Float32Array;
}

/**
 * The same recurrence as `elmanForward` for one sequence x [L, D_in], keeping every intermediate of every
 * step so a reader can follow it. Reads the results back synchronously (small sequences only).
 */
export function elmanTrace(x: tf.Tensor2D, weights: ElmanWeights, h0?: tf.Tensor1D): ElmanStep[] {
  const [dHidden] = weights.wIh.shape;
  const steps: ElmanStep[] = [];
  tf.tidy(() => {
    let h = h0 ? h0.reshape([1, dHidden]) : tf.zeros([1, dHidden]); // [1, D_h]
    for (const row of tf.unstack(x)) {
      const xt = row.reshape([1, -1]); // [1, D_in]
      const fromInput = tf.matMul(xt, weights.wIh, false, true).add(weights.bIh); // [1, D_h]
      const fromHidden = tf.matMul(h, weights.wHh, false, true).add(weights.bHh); // [1, D_h]
      const sum = fromInput.add(fromHidden); // [1, D_h]
      const next = tf.tanh(sum); // [1, D_h]
      const read = (t: tf.Tensor) => new Float32Array(t.dataSync());
      steps.push({ x: read(xt), hPrev: read(h), fromInput: read(fromInput), fromHidden: read(fromHidden), sum: read(sum), h: read(next) });
      h = next;
    }
  });
  return steps;
}
