// Lesson 5's memory models (a recurrent cell over one-hot numbers, then a Linear layer to V scores) in one
// pass of the project's WebAssembly kernels: the loss and every weight's gradient at once, where the tfjs path
// (memoryLogits under autodiff) runs some twenty small ops a time step and a one-hot product [L N, V] x [V, G].
// A one-hot input picks one row of W_ih^T, so the input's share of the gates is a gather, and its gradient a
// scatter-add: the same numbers without the product. The head's products and the softmax run on two threads where
// the kernels have a helper (kernelsOnTwoThreads).

import type { Cell, Kernels, RecurrenceCache } from './kernels';

/** A memory model's weights as arrays, PyTorch's layouts: W_ih [G, V], W_hh [G, H], b_ih, b_hh [G], W [V, H], b [V]. */
export interface MemoryParams {
  wIh: Float32Array;
  wHh: Float32Array;
  bIh: Float32Array;
  bHh: Float32Array;
  linW: Float32Array;
  linB: Float32Array;
}

/** The shapes of one pass: the cell, L steps, N sequences, numbers 0..V-1, hidden size H. */
export interface MemoryShape {
  cell: Cell;
  length: number;
  items: number;
  vocab: number;
  hidden: number;
}

/** All L N rows of logits [L, N, V] for time-first ids [L, N], and the recurrence's cache. */
function forward(kernels: Kernels, shape: MemoryShape, ids: number, p: MemoryParams) {
  const { cell, length: T, items: B, vocab: V, hidden: H } = shape;
  const { k } = kernels;
  const G = cell === 'lstm' ? 4 * H : H;
  const rows = T * B;
  const bias = Float32Array.from(p.bIh, (b, i) => b + p.bHh[i]);
  const gates = kernels.alloc(rows * G); // x_t W_ih^T + b_ih + b_hh: row ids[t, n] of W_ih^T
  k.gatherRows(kernels.transposed(kernels.put(p.wIh), G, V), ids, kernels.put(bias), gates, rows, G);
  const cache = kernels.recurrence(cell, gates, kernels.put(p.wHh), T, B, H);
  const hAll = cache.h + B * H * 4; // h_1 .. h_L, [L N, H]
  const linW = kernels.put(p.linW); // [V, H]
  const logits = kernels.alloc(rows * V);
  k.matmulShared(kernels.control, hAll, kernels.transposed(linW, V, H), logits, rows, H, V, false, kernels.alloc(H * V));
  k.addRows(logits, kernels.put(p.linB), rows, V);
  return { cache, hAll, linW, logits };
}

/**
 * The mean cross entropy over all L N positions of time-first ids [L, N] against labels [L, N], and the gradients
 * of the six weights in MemoryParams' order. The caller runs `kernels.beginPass()` first.
 */
export function memoryLossAndGrads(kernels: Kernels, shape: MemoryShape, ids: Int32Array, labels: Int32Array, p: MemoryParams) {
  const { cell, vocab: V, hidden: H } = shape;
  const { k } = kernels;
  const G = cell === 'lstm' ? 4 * H : H;
  const rows = shape.length * shape.items;
  const idsP = kernels.put(ids);
  const { cache, hAll, linW, logits } = forward(kernels, shape, idsP, p);
  // The logits become their gradient, (softmax - one-hot) / rows, in place.
  const loss = k.softmaxCrossEntropyShared(kernels.control, logits, kernels.put(labels), rows, V, 1 / rows) / rows;
  const dLinW = kernels.alloc(V * H);
  const dLinB = kernels.zeros(V);
  k.matmulTNShared(kernels.control, logits, hAll, dLinW, V, rows, H, kernels.alloc(rows * H), false, dLinB); // dW = dLogits^T h, dB = its column sums
  const dOut = kernels.alloc(rows * H);
  k.matmulShared(kernels.control, logits, linW, dOut, rows, V, H, false, kernels.alloc(V * H)); // dh = dLogits W
  const { dGates, dWhh, dBias } = kernels.recurrenceBackward(cache as RecurrenceCache, dOut);
  const dWihT = kernels.zeros(V * G); // [V, G]: the gather's gradient lands on the rows it picked
  k.scatterAddRows(dGates, idsP, dWihT, rows, G);
  const dWih = kernels.transposed(dWihT, V, G);
  return {
    loss,
    grads: [kernels.take(dWih, G * V), dWhh, dBias, dBias.slice(), kernels.take(dLinW, V * H), kernels.take(dLinB, V)],
  };
}

/** The logits [N, V] of the last step of time-first ids [L, N]. The caller runs `kernels.beginPass()` first. */
export function memoryLastLogits(kernels: Kernels, shape: MemoryShape, ids: Int32Array, p: MemoryParams): Float32Array {
  const { logits } = forward(kernels, shape, kernels.put(ids), p);
  const last = shape.items * shape.vocab;
  return kernels.take(logits + (shape.length - 1) * last * 4, last);
}
