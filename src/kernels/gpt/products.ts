// The GPT engine's products, on two threads where a helper serves the control block: the right factor copied into
// panels (the layout's `pack`) where the product is large enough.

import type { GptLayout } from './layout';

/** C = (accumulate ? C : 0) + A B: A [rows, inner], B [inner, cols]. */
export const matmul = (m: GptLayout, a: number, b: number, c: number, rows: number, inner: number, cols: number, accumulate: boolean): void =>
  m.k.matmulShared(m.control, a, b, c, rows, inner, cols, accumulate, m.pack);
/** C = A^T B: A [inner, rows], B [inner, cols] (a weight's gradient). */
export const matmulTN = (m: GptLayout, a: number, b: number, c: number, rows: number, inner: number, cols: number): void =>
  m.k.matmulTNShared(m.control, a, b, c, rows, inner, cols, m.pack, false);
