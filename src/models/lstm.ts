// The LSTM (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000), written out one time
// step after the other in PyTorch's layout and gate order i, f, g, o, as the series' next step after Part IV.

import * as tf from '@tensorflow/tfjs';
import { matMul2d } from '../lib/matmul';

/** PyTorch's LSTM parameters: W_ih [4 D_h, D_in], W_hh [4 D_h, D_h], b_ih [4 D_h], b_hh [4 D_h]; rows in gate order i, f, g, o. */
export interface LstmWeights {
  wIh: tf.Tensor2D;
  wHh: tf.Tensor2D;
  bIh: tf.Tensor1D;
  bHh: tf.Tensor1D;
}

/** The two states the LSTM carries: h (its output) and c (the cell, its memory), each [D_h] or [B, D_h]. */
export interface LstmState {
  h: tf.Tensor;
  c: tf.Tensor;
}

/** What happens inside the LSTM at every step, for the page's view of the memory: [L, B, D_h] each. */
export interface LstmInternals {
  input: tf.Tensor3D;
  forget: tf.Tensor3D;
  candidate: tf.Tensor3D;
  output: tf.Tensor3D;
  cell: tf.Tensor3D;
}

/**
 * One step, from the input's share of the gates x_t W_ih^T + b_ih + b_hh ([B, 4 D_h], computed for all steps
 * at once) and the state h, c [B, D_h]:
 *   i = sigma(.), f = sigma(.), g = tanh(.), o = sigma(.)   (the four D_h-wide slices of that + h W_hh^T)
 *   c' = f * c + i * g,   h' = o * tanh(c')
 */
export function lstmCell(fromInput: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, wHhT: tf.Tensor2D) {
  return tf.tidy(() => {
    const gates = fromInput.add(matMul2d(h, wHhT)); // [B, 4 D_h]
    const [iRaw, fRaw, gRaw, oRaw] = tf.split(gates, 4, 1); // each [B, D_h]
    const i = tf.sigmoid(iRaw);
    const f = tf.sigmoid(fRaw);
    const g = tf.tanh(gRaw);
    const o = tf.sigmoid(oRaw);
    const cNext = f.mul(c).add(i.mul(g)) as tf.Tensor2D; // [B, D_h]
    const hNext = o.mul(tf.tanh(cNext)) as tf.Tensor2D; // [B, D_h]
    return { h: hNext, c: cNext, i: i as tf.Tensor2D, f: f as tf.Tensor2D, g: g as tf.Tensor2D, o: o as tf.Tensor2D };
  });
}

/**
 * Runs the LSTM over `x`, [L, D_in] (one sequence) or [L, B, D_in] (a batch, time first), from `state`
 * (zeros when left out). Returns all hidden states `out` ([L, D_h] or [L, B, D_h]) and the last h and c,
 * which a later call can take as its state. With `keepInternals`, also the gates and cells of every step
 * (batched shape). Changes nothing; the caller owns the results.
 */
export function lstmForward(
  x: tf.Tensor,
  weights: LstmWeights,
  state?: LstmState,
  keepInternals = false,
): { out: tf.Tensor; h: tf.Tensor; c: tf.Tensor; internals?: LstmInternals } {
  const batched = x.rank === 3;
  if (x.rank !== 2 && !batched) throw new Error(`lstmForward takes x of rank 2 [L, D_in] or 3 [L, B, D_in], not rank ${x.rank}.`);
  const [fourH, dIn] = weights.wIh.shape;
  const dHidden = fourH / 4;
  if (x.shape[x.rank - 1] !== dIn) throw new Error(`x has ${x.shape[x.rank - 1]} features but W_ih expects ${dIn}.`);
  return tf.tidy(() => {
    const xs = batched ? (x as tf.Tensor3D) : (x.expandDims(1) as tf.Tensor3D); // [L, B, D_in]
    const batch = xs.shape[1];
    const asBatch = (t: tf.Tensor | undefined): tf.Tensor2D => (t ? (t.reshape([batch, dHidden]) as tf.Tensor2D) : tf.zeros([batch, dHidden]));
    let h = asBatch(state?.h); // [B, D_h]
    let c = asBatch(state?.c); // [B, D_h]
    const length = xs.shape[0];
    const wHhT = weights.wHh.transpose() as tf.Tensor2D; // [D_h, 4 D_h]
    // The input's share of the gates does not depend on h: one product for all steps at once.
    const fromInput = matMul2d(xs.reshape([length * batch, dIn]), weights.wIh.transpose())
      .add(weights.bIh.add(weights.bHh))
      .reshape([length, batch, fourH]); // [L, B, 4 D_h]
    const hs: tf.Tensor2D[] = [];
    const kept: Record<'i' | 'f' | 'g' | 'o' | 'c', tf.Tensor2D[]> = { i: [], f: [], g: [], o: [], c: [] };
    for (const xt of tf.unstack(fromInput)) {
      const step = lstmCell(xt as tf.Tensor2D, h, c, wHhT);
      h = step.h;
      c = step.c;
      hs.push(h);
      if (keepInternals) {
        kept.i.push(step.i);
        kept.f.push(step.f);
        kept.g.push(step.g);
        kept.o.push(step.o);
        kept.c.push(step.c);
      }
    }
    const out = tf.stack(hs); // [L, B, D_h]
    const internals = keepInternals
      ? {
          input: tf.stack(kept.i) as tf.Tensor3D,
          forget: tf.stack(kept.f) as tf.Tensor3D,
          candidate: tf.stack(kept.g) as tf.Tensor3D,
          output: tf.stack(kept.o) as tf.Tensor3D,
          cell: tf.stack(kept.c) as tf.Tensor3D,
        }
      : undefined;
    return batched ? { out, h, c, internals } : { out: out.squeeze([1]), h: h.squeeze([0]), c: c.squeeze([0]), internals };
  });
}
