// The matrix products (row-major float32, byte offsets into memory) and the transpose.
//
// B's eight columns j..j+7 are read at `panels + (j / 8) * panelBytes`, row p of them `p * rowBytes` further on:
// from B itself where `pack` is 0 (panelBytes 32, rowBytes n * 4: rows a matrix width apart) or from B copied into
// panels at `pack` by packPanels (panelBytes k * 32, rowBytes 32: one run of memory). Either way each value of C is
// summed in the same order, so the two give the same results to the bit. A B given transposed (`bT`: B^T [n, k], a
// weight stored as [out, in]) is always read from panels, turned four by four as it is packed.

import { packColumns, packRows, packTail, ROW_BLOCK, SUM_BLOCK, stripTiles, tailTiles, turn4x4 } from './tile';

/**
 * Columns [from, to) of C[m, n] = (accumulate ? C : 0) + A[m, k] B[k, n] (`from` a multiple of 8, `to` one or n):
 * for each block of SUM_BLOCK terms and of ROW_BLOCK rows, those rows of A packed into strips, then a sweep over B's
 * blocks of eight columns, a six-by-eight tile of C at a time, and the last columns from the strips too.
 */
function product(
  a: usize,
  b: usize,
  pack: usize,
  c: usize,
  m: i32,
  k: i32,
  n: i32,
  accumulate: bool,
  from: i32,
  to: i32,
  aRowBytes: usize = 0,
  bT: bool = false,
): void {
  const n8 = min(to, n & ~7);
  const rowA = aRowBytes !== 0 ? aRowBytes : (<usize>k) << 2;
  const rowC = (<usize>n) << 2;
  if (k === 0 && !accumulate) for (let i = 0; i < m; i++) memory.fill(c + <usize>i * rowC + ((<usize>from) << 2), 0, (<usize>(to - from)) << 2);
  for (let p0 = 0; to > from && p0 < k; p0 += SUM_BLOCK) {
    const kc = min(SUM_BLOCK, k - p0);
    if (n8 < to && bT) packTail(b + ((<usize>n8 * <usize>k + <usize>p0) << 2), 4, (<usize>k) << 2, kc, to - n8);
    else if (n8 < to) packTail(b + ((<usize>p0 * <usize>n + <usize>n8) << 2), rowC, 4, kc, to - n8);
    for (let i0 = 0; i0 < m; i0 += ROW_BLOCK) {
      const i1 = min(m, i0 + ROW_BLOCK);
      packRows(a + <usize>i0 * rowA + ((<usize>p0) << 2), rowA, i1 - i0, kc);
      sweep(b, pack, k, n, p0, kc, c + <usize>i0 * rowC, i1 - i0, from, n8, to, accumulate || p0 > 0);
    }
  }
}

/**
 * The tiles of C's `rows` rows at `c` (n floats a row) and columns [from, n8), from the strips packed at `scratch`
 * (terms p0..p0 + kc of the sum) and B's panels (`pack`, or B itself where it is 0), then columns [n8, to) from the
 * strips and the tail panel (tailTiles; packTail packed it for this block of the sum); added to C where `into`.
 */
function sweep(b: usize, pack: usize, k: i32, n: i32, p0: i32, kc: i32, c: usize, rows: i32, from: i32, n8: i32, to: i32, into: bool): void {
  const panels = pack !== 0 ? pack : b;
  const panelBytes: usize = pack !== 0 ? (<usize>k) << 5 : 32;
  const rowBytes: usize = pack !== 0 ? 32 : (<usize>n) << 2;
  const rowC = (<usize>n) << 2;
  for (let j = from; j < n8; j += 8) {
    stripTiles(panels + <usize>(j >> 3) * panelBytes + <usize>p0 * rowBytes, rowBytes, kc, c + ((<usize>j) << 2), rowC, rows, into);
  }
  if (n8 < to) tailTiles(kc, c, rowC, rows, n8, to, into);
}

/** C[m, n] = (accumulate ? C : 0) + A[m, k] B[k, n], reading B in place. */
export function matmul(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool): void {
  product(a, b, 0, c, m, k, n, accumulate, 0, n);
}

/** C[m, n] = A[m, :k] B[k, n] for A whose rows are `lda` floats apart (the first k of each), reading B in place. */
export function matmulLeading(a: usize, lda: i32, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  product(a, b, 0, c, m, k, n, false, 0, n, (<usize>lda) << 2);
}

/**
 * B's columns [from, to & ~7) (`from` a multiple of 8) copied into panels of eight ([n / 8][k][8]), the layout
 * matmulPanels and matmulTNPanels read; from B^T's rows where `bT`.
 */
export function packPanels(b: usize, pack: usize, k: i32, n: i32, from: i32 = 0, to: i32 = n, bT: bool = false): void {
  const n8 = min(to, n & ~7);
  if (bT) {
    packTransposed(b, pack, k, from, n8);
    return;
  }
  const rowB = (<usize>n) << 2;
  for (let j = from; j < n8; j += 8) {
    let dst = pack + ((<usize>j * <usize>k) << 2);
    let src = b + ((<usize>j) << 2);
    for (let p = 0; p < k; p++) {
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
      dst += 32;
      src += rowB;
    }
  }
}

/**
 * Panels [from / 8, n8 / 8) of B from bT [n, k] = B^T: each panel's eight rows of bT turned four by four into [k][8],
 * the last terms (past a multiple of four) one value at a time.
 */
function packTransposed(bT: usize, pack: usize, k: i32, from: i32, n8: i32): void {
  const k4 = k & ~3;
  const rowT = (<usize>k) << 2;
  for (let j = from; j < n8; j += 8) {
    const dst = pack + ((<usize>j * <usize>k) << 2);
    const src = bT + <usize>j * rowT;
    for (let p = 0; p < k4; p += 4) {
      const s = src + ((<usize>p) << 2);
      const d = dst + ((<usize>p) << 5);
      turn4x4(s, rowT, d, 32);
      turn4x4(s + 4 * rowT, rowT, d + 16, 32);
    }
    for (let p = k4; p < k; p++) {
      for (let q = 0; q < 8; q++) store<f32>(dst + ((<usize>p) << 5) + ((<usize>q) << 2), load<f32>(src + <usize>q * rowT + ((<usize>p) << 2)));
    }
  }
}

/**
 * matmul's product with B's first n & ~7 columns read from `pack` (packPanels'), or from `b` where `pack` is 0; `bT`:
 * b holds B^T [n, k] (then `pack` holds its panels, and the last columns are read from its rows).
 */
export function matmulPanels(a: usize, b: usize, pack: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool, bT: bool = false): void {
  product(a, b, pack, c, m, k, n, accumulate, 0, n, 0, bT);
}

/**
 * Columns [from, to) of matmulPanels' C (`from` a multiple of 8, `to` one or n), B's panels of those columns first
 * packed at `pack` where it is not 0: one thread's share of a product split by columns.
 */
export function matmulColumns(a: usize, b: usize, pack: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool, from: i32, to: i32, bT: bool = false): void {
  if (pack !== 0) packPanels(b, pack, k, n, from, to, bT);
  product(a, b, pack, c, m, k, n, accumulate, from, to, 0, bT);
}

/**
 * Terms of the sum a weight's gradient packs at a time where its C is small (at most SMALL_TN floats: then C, read
 * and written once a block, stays in L2 and the shorter strips and panels of B stay in L1 between tiles): Lesson 12's
 * 192 x 576 and Lesson 9's 128 x 512 gradients ran 8-15 % faster at 256 than at 1,024, its 192 x 6,400 5 % slower.
 */
const TN_SUM_BLOCK = 256;
const SMALL_TN = 131072;

/**
 * sums[i] += A[p][i] for p in [0, kc), in p's order, for the `cols` columns of A at `a` (rows `rowA` bytes apart):
 * sumRows' sums to the bit (a bias's gradient, the columns of the gradient whose transpose a weight's gradient
 * packs anyway), taken from the block packColumns has just read.
 */
function sumColumns(a: usize, rowA: usize, cols: i32, kc: i32, sums: usize): void {
  const c4 = cols & ~3;
  let row = a;
  for (let p = 0; p < kc; p++) {
    for (let i = 0; i < c4; i += 4) {
      const at = sums + ((<usize>i) << 2);
      v128.store(at, f32x4.add(v128.load(at), v128.load(row + ((<usize>i) << 2))));
    }
    for (let i = c4; i < cols; i++) store<f32>(sums + ((<usize>i) << 2), load<f32>(sums + ((<usize>i) << 2)) + load<f32>(row + ((<usize>i) << 2)));
    row += rowA;
  }
}

/**
 * Rows [from, to) and columns [col0, col1) of C[m, n] = (into ? C : 0) + A[k, m]^T B[k, n] (the product whose left
 * factor is stored transposed: a weight's gradient summed over the rows of a batch; col0 a multiple of 8, col1 one or
 * n): as `product`, A's columns packed where `product` packs rows. The rest of C is untouched. Where `sums` is not 0
 * and the columns start at C's first, A's columns [from, to) are also summed into sums[from, to) (sumColumns).
 */
function productTN(
  a: usize,
  b: usize,
  pack: usize,
  c: usize,
  m: i32,
  k: i32,
  n: i32,
  from: i32,
  to: i32,
  into: bool,
  col0: i32,
  col1: i32,
  sums: usize = 0,
): void {
  const n8 = min(col1, n & ~7);
  const rowA = (<usize>m) << 2;
  const rowC = (<usize>n) << 2;
  const block = (to - from) * (col1 - col0) <= SMALL_TN ? TN_SUM_BLOCK : SUM_BLOCK;
  for (let p0 = 0; p0 < k; p0 += block) {
    const kc = min(block, k - p0);
    const accumulate = into || p0 > 0;
    if (n8 < col1) packTail(b + ((<usize>p0 * <usize>n + <usize>n8) << 2), rowC, 4, kc, col1 - n8);
    for (let i0 = from; col1 > col0 && i0 < to; i0 += ROW_BLOCK) {
      const i1 = min(to, i0 + ROW_BLOCK);
      packColumns(a + <usize>p0 * rowA + ((<usize>i0) << 2), rowA, i1 - i0, kc);
      if (sums !== 0 && col0 === 0) sumColumns(a + <usize>p0 * rowA + ((<usize>i0) << 2), rowA, i1 - i0, kc, sums + ((<usize>i0) << 2));
      sweep(b, pack, k, n, p0, kc, c + <usize>i0 * rowC, i1 - i0, col0, n8, col1, accumulate);
    }
  }
  if (k === 0 && !into) for (let i = from; i < to; i++) memory.fill(c + ((<usize>i * <usize>n + <usize>col0) << 2), 0, (<usize>(col1 - col0)) << 2);
}

/** C[m, n] = A[k, m]^T B[k, n], reading both in place. */
export function matmulTN(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  productTN(a, b, 0, c, m, k, n, 0, m, false, 0, n);
}

/** Rows [from, to) of matmulTN's C, the other rows untouched: a share of the product for one thread. */
export function matmulTNRows(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, from: i32, to: i32): void {
  productTN(a, b, 0, c, m, k, n, from, to, false, 0, n);
}

/**
 * matmulTNRows' product with B read from `pack` (packPanels'), or in place where `pack` is 0; added to C where `into`;
 * and A's columns [from, to) summed into `sums` where it is not 0.
 */
export function matmulTNPanels(a: usize, b: usize, pack: usize, c: usize, m: i32, k: i32, n: i32, from: i32, to: i32, into: bool, sums: usize = 0): void {
  productTN(a, b, pack, c, m, k, n, from, to, into, 0, n, sums);
}

/** Columns [from, to) of matmulTNPanels' C over all its rows, B's panels of those columns first packed at `pack` where it is not 0: one thread's share. */
export function matmulTNColumns(a: usize, b: usize, pack: usize, c: usize, m: i32, k: i32, n: i32, into: bool, from: i32, to: i32, sums: usize = 0): void {
  if (pack !== 0) packPanels(b, pack, k, n, from, to);
  productTN(a, b, pack, c, m, k, n, 0, m, into, from, to, sums);
}

/** B[n, m] = A[m, n]^T: four by four blocks turned in registers, then the edges one value at a time. */
export function transpose(a: usize, b: usize, m: i32, n: i32): void {
  const m4 = m & ~3;
  const n4 = n & ~3;
  const rowA = (<usize>n) << 2;
  const rowB = (<usize>m) << 2;
  for (let i = 0; i < m4; i += 4) {
    const a0 = a + <usize>i * rowA;
    for (let j = 0; j < n4; j += 4) turn4x4(a0 + ((<usize>j) << 2), rowA, b + <usize>j * rowB + ((<usize>i) << 2), rowB);
    for (let r = i; r < i + 4; r++) {
      for (let j = n4; j < n; j++) store<f32>(b + ((<usize>j * <usize>m + <usize>r) << 2), load<f32>(a + ((<usize>r * <usize>n + <usize>j) << 2)));
    }
  }
  for (let i = m4; i < m; i++) {
    for (let j = 0; j < n; j++) store<f32>(b + ((<usize>j * <usize>m + <usize>i) << 2), load<f32>(a + ((<usize>i * <usize>n + <usize>j) << 2)));
  }
}
