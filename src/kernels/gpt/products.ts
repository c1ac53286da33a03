// The GPT engine's products, on two threads where a helper serves the control block: the right factor copied into
// panels (the layout's `pack`) where the product is large enough.

import type { GptLayout } from './layout';

/** C = (accumulate ? C : 0) + A B: A [rows, inner], B [inner, cols]. */
export const matmul = (m: GptLayout, a: number, b: number, c: number, rows: number, inner: number, cols: number, accumulate: boolean): void =>
  m.k.matmulShared(m.control, a, b, c, rows, inner, cols, accumulate, m.pack);
/** C = (accumulate ? C : 0) + A W^T: W [cols, inner] a weight as PyTorch stores it ([out, in]), turned as it is packed. */
export const matmulNT = (m: GptLayout, a: number, w: number, c: number, rows: number, inner: number, cols: number, accumulate: boolean): void =>
  m.k.matmulNTShared(m.control, a, w, c, rows, inner, cols, accumulate, m.pack);
/** C = A W^T + bias [cols] on each row, after `residual`'s same rows where it is given: a Linear's forward pass (with the residual stream). */
export const linear = (m: GptLayout, a: number, w: number, bias: number, c: number, rows: number, inner: number, cols: number, residual = 0): void =>
  m.k.matmulNTBiasShared(m.control, a, w, c, rows, inner, cols, m.pack, bias, residual);
/**
 * C = A^T B: A [inner, rows], B [inner, cols] (a weight's gradient); and, where `sums` is given, the sums of A's
 * columns (its bias's gradient, as sumRows sums them) added into sums [rows] from the blocks the product packs.
 */
export const matmulTN = (m: GptLayout, a: number, b: number, c: number, rows: number, inner: number, cols: number, sums = 0): void =>
  m.k.matmulTNShared(m.control, a, b, c, rows, inner, cols, m.pack, false, sums);
