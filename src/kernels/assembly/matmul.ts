// The matrix products (row-major float32, byte offsets into memory) and the transpose.
//
// B's eight columns j..j+7 are read at `panels + (j / 8) * panelBytes`, row p of them `p * rowBytes` further on:
// from B itself (panelBytes 32, rowBytes n * 4: rows a matrix width apart) or from B copied into panels by
// packPanels (panelBytes k * 32, rowBytes 32: one run of memory). Either way each value of C is summed in the same
// order, so the two give the same results to the bit.

import { madd } from './simd';

/** Rows of A a product takes per sweep over B's columns: with one block of eight columns they stay in cache. */
const ROW_BLOCK = 64;

/** C[m, n] = (accumulate ? C : 0) + A[m, k] B[k, n], four rows and eight columns at a time; the tails from B itself. */
function product(a: usize, b: usize, panels: usize, panelBytes: usize, rowBytes: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool): void {
  const n8 = n & ~7;
  const m4 = m & ~3;
  const rowA = (<usize>k) << 2;
  const rowC = (<usize>n) << 2;
  for (let i0 = 0; i0 < m4; i0 += ROW_BLOCK) {
    const i1 = min(m4, i0 + ROW_BLOCK);
    for (let j = 0; j < n8; j += 8) {
      const panel = panels + <usize>(j >> 3) * panelBytes;
      const jo = (<usize>j) << 2;
      for (let i = i0; i < i1; i += 4) {
        const a0 = a + <usize>i * rowA;
        const a1 = a0 + rowA;
        const a2 = a1 + rowA;
        const a3 = a2 + rowA;
        let s00 = f32x4.splat(0);
        let s01 = f32x4.splat(0);
        let s10 = f32x4.splat(0);
        let s11 = f32x4.splat(0);
        let s20 = f32x4.splat(0);
        let s21 = f32x4.splat(0);
        let s30 = f32x4.splat(0);
        let s31 = f32x4.splat(0);
        let bp = panel;
        for (let p = 0; p < k; p++) {
          const po = (<usize>p) << 2;
          const b0 = v128.load(bp);
          const b1 = v128.load(bp, 16);
          const x0 = v128.load32_splat(a0 + po);
          const x1 = v128.load32_splat(a1 + po);
          const x2 = v128.load32_splat(a2 + po);
          const x3 = v128.load32_splat(a3 + po);
          s00 = madd(x0, b0, s00);
          s01 = madd(x0, b1, s01);
          s10 = madd(x1, b0, s10);
          s11 = madd(x1, b1, s11);
          s20 = madd(x2, b0, s20);
          s21 = madd(x2, b1, s21);
          s30 = madd(x3, b0, s30);
          s31 = madd(x3, b1, s31);
          bp += rowBytes;
        }
        const c0 = c + <usize>i * rowC + jo;
        const c1 = c0 + rowC;
        const c2 = c1 + rowC;
        const c3 = c2 + rowC;
        if (accumulate) {
          s00 = f32x4.add(s00, v128.load(c0));
          s01 = f32x4.add(s01, v128.load(c0, 16));
          s10 = f32x4.add(s10, v128.load(c1));
          s11 = f32x4.add(s11, v128.load(c1, 16));
          s20 = f32x4.add(s20, v128.load(c2));
          s21 = f32x4.add(s21, v128.load(c2, 16));
          s30 = f32x4.add(s30, v128.load(c3));
          s31 = f32x4.add(s31, v128.load(c3, 16));
        }
        v128.store(c0, s00);
        v128.store(c0, s01, 16);
        v128.store(c1, s10);
        v128.store(c1, s11, 16);
        v128.store(c2, s20);
        v128.store(c2, s21, 16);
        v128.store(c3, s30);
        v128.store(c3, s31, 16);
      }
    }
  }
  if (n8 < n) for (let i = 0; i < m4; i++) matmulTail(a + <usize>i * rowA, b, c + <usize>i * rowC, k, n, n8, accumulate);
  for (let i = m4; i < m; i++) matmulTail(a + <usize>i * rowA, b, c + <usize>i * rowC, k, n, 0, accumulate);
}

/** C[m, n] = (accumulate ? C : 0) + A[m, k] B[k, n], reading B in place. */
export function matmul(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool): void {
  product(a, b, b, 32, (<usize>n) << 2, c, m, k, n, accumulate);
}

/** B's columns [0, n & ~7) copied into panels of eight ([n / 8][k][8]), the layout matmulPanels and matmulTNPanels read. */
export function packPanels(b: usize, pack: usize, k: i32, n: i32): void {
  const n8 = n & ~7;
  const rowB = (<usize>n) << 2;
  for (let j = 0; j < n8; j += 8) {
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

/** matmul's product with B's first n & ~7 columns read from `pack` (packPanels'), or from `b` where `pack` is 0. */
export function matmulPanels(a: usize, b: usize, pack: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool): void {
  if (pack === 0) product(a, b, b, 32, (<usize>n) << 2, c, m, k, n, accumulate);
  else product(a, b, pack, (<usize>k) << 5, 32, c, m, k, n, accumulate);
}

/** One row of C from column `from` on: four columns at a time, then one. */
function matmulTail(aRow: usize, b: usize, cRow: usize, k: i32, n: i32, from: i32, accumulate: bool): void {
  const rowB = (<usize>n) << 2;
  let j = from;
  for (; j + 4 <= n; j += 4) {
    const jo = (<usize>j) << 2;
    let s = accumulate ? v128.load(cRow + jo) : f32x4.splat(0);
    let bp = b + jo;
    for (let p = 0; p < k; p++) {
      s = madd(f32x4.splat(load<f32>(aRow + ((<usize>p) << 2))), v128.load(bp), s);
      bp += rowB;
    }
    v128.store(cRow + jo, s);
  }
  for (; j < n; j++) {
    const jo = (<usize>j) << 2;
    let s: f32 = accumulate ? load<f32>(cRow + jo) : 0;
    for (let p = 0; p < k; p++) s += load<f32>(aRow + ((<usize>p) << 2)) * load<f32>(b + <usize>p * rowB + jo);
    store<f32>(cRow + jo, s);
  }
}

/** Rows of A and B (the sum's index) a weight-gradient product takes per sweep over C. */
const TN_ROWS = 256;
/** Floats of the strip matmulTNPanels copies four columns of A to: each thread needs its own. */
export const TN_STRIP_FLOATS: i32 = TN_ROWS * 4;

/**
 * Rows [from, to) of C[m, n] = A[k, m]^T B[k, n] (the product whose left factor is stored transposed: a weight's
 * gradient summed over the rows of a batch), over blocks of TN_ROWS rows of the sum, four rows and eight columns of
 * C at a time: A's columns i..i+3 read in place (`strip` 0) or first copied to `strip` in one run, B as `product`
 * reads it. The other rows of C are untouched.
 */
function productTN(
  a: usize,
  b: usize,
  panels: usize,
  panelBytes: usize,
  rowBytes: usize,
  c: usize,
  m: i32,
  k: i32,
  n: i32,
  from: i32,
  to: i32,
  strip: usize,
  into: bool,
): void {
  const n8 = n & ~7;
  const m4 = from + ((to - from) & ~3);
  const rowA = (<usize>m) << 2;
  const rowC = (<usize>n) << 2;
  for (let p0 = 0; p0 < k; p0 += TN_ROWS) {
    const rows = min(TN_ROWS, k - p0);
    const accumulate = into || p0 > 0;
    for (let i = from; i < m4; i += 4) {
      let aBase = a + <usize>p0 * rowA + ((<usize>i) << 2);
      let aStep = rowA;
      if (strip !== 0) {
        let src = aBase;
        let dst = strip;
        for (let p = 0; p < rows; p++) {
          v128.store(dst, v128.load(src));
          src += rowA;
          dst += 16;
        }
        aBase = strip;
        aStep = 16;
      }
      const c0 = c + <usize>i * rowC;
      const c1 = c0 + rowC;
      const c2 = c1 + rowC;
      const c3 = c2 + rowC;
      for (let j = 0; j < n8; j += 8) {
        const jo = (<usize>j) << 2;
        let s00 = f32x4.splat(0);
        let s01 = f32x4.splat(0);
        let s10 = f32x4.splat(0);
        let s11 = f32x4.splat(0);
        let s20 = f32x4.splat(0);
        let s21 = f32x4.splat(0);
        let s30 = f32x4.splat(0);
        let s31 = f32x4.splat(0);
        if (accumulate) {
          s00 = v128.load(c0 + jo);
          s01 = v128.load(c0 + jo, 16);
          s10 = v128.load(c1 + jo);
          s11 = v128.load(c1 + jo, 16);
          s20 = v128.load(c2 + jo);
          s21 = v128.load(c2 + jo, 16);
          s30 = v128.load(c3 + jo);
          s31 = v128.load(c3 + jo, 16);
        }
        let ap = aBase;
        let bp = panels + <usize>(j >> 3) * panelBytes + <usize>p0 * rowBytes;
        for (let p = 0; p < rows; p++) {
          const b0 = v128.load(bp);
          const b1 = v128.load(bp, 16);
          const x0 = v128.load32_splat(ap);
          const x1 = v128.load32_splat(ap, 4);
          const x2 = v128.load32_splat(ap, 8);
          const x3 = v128.load32_splat(ap, 12);
          s00 = madd(x0, b0, s00);
          s01 = madd(x0, b1, s01);
          s10 = madd(x1, b0, s10);
          s11 = madd(x1, b1, s11);
          s20 = madd(x2, b0, s20);
          s21 = madd(x2, b1, s21);
          s30 = madd(x3, b0, s30);
          s31 = madd(x3, b1, s31);
          ap += aStep;
          bp += rowBytes;
        }
        v128.store(c0 + jo, s00);
        v128.store(c0 + jo, s01, 16);
        v128.store(c1 + jo, s10);
        v128.store(c1 + jo, s11, 16);
        v128.store(c2 + jo, s20);
        v128.store(c2 + jo, s21, 16);
        v128.store(c3 + jo, s30);
        v128.store(c3 + jo, s31, 16);
      }
    }
    const ab = a + <usize>p0 * rowA;
    const bb = b + <usize>p0 * rowC;
    if (n8 < n) for (let i = from; i < m4; i++) matmulTNTail(ab, bb, c, m, rows, n, i, n8, accumulate);
    for (let i = m4; i < to; i++) matmulTNTail(ab, bb, c, m, rows, n, i, 0, accumulate);
  }
  if (k === 0 && !into) memory.fill(c + ((<usize>from * <usize>n) << 2), 0, (<usize>(to - from) * <usize>n) << 2);
}

/** C[m, n] = A[k, m]^T B[k, n], reading both in place. */
export function matmulTN(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  productTN(a, b, b, 32, (<usize>n) << 2, c, m, k, n, 0, m, 0, false);
}

/** Rows [from, to) of matmulTN's C, the other rows untouched: a share of the product for one thread. */
export function matmulTNRows(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, from: i32, to: i32): void {
  productTN(a, b, b, 32, (<usize>n) << 2, c, m, k, n, from, to, 0, false);
}

/**
 * matmulTNRows' product with B read from `pack` (packPanels') and A through this thread's `strip` (TN_STRIP_FLOATS),
 * or both in place where `pack` is 0; added to C where `into`.
 */
export function matmulTNPanels(a: usize, b: usize, pack: usize, c: usize, m: i32, k: i32, n: i32, from: i32, to: i32, strip: usize, into: bool): void {
  if (pack === 0) productTN(a, b, b, 32, (<usize>n) << 2, c, m, k, n, from, to, 0, into);
  else productTN(a, b, pack, (<usize>k) << 5, 32, c, m, k, n, from, to, strip, into);
}

/** Row `i` of C = A^T B from column `from` on, one element at a time. */
function matmulTNTail(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, i: i32, from: i32, accumulate: bool): void {
  for (let j = from; j < n; j++) {
    let s: f32 = accumulate ? load<f32>(c + ((<usize>i * <usize>n + <usize>j) << 2)) : 0;
    for (let p = 0; p < k; p++) s += load<f32>(a + ((<usize>p * <usize>m + <usize>i) << 2)) * load<f32>(b + ((<usize>p * <usize>n + <usize>j) << 2));
    store<f32>(c + ((<usize>i * <usize>n + <usize>j) << 2), s);
  }
}

/** B[n, m] = A[m, n]^T: four by four blocks turned in registers, then the edges one value at a time. */
export function transpose(a: usize, b: usize, m: i32, n: i32): void {
  const m4 = m & ~3;
  const n4 = n & ~3;
  const rowA = (<usize>n) << 2;
  const rowB = (<usize>m) << 2;
  for (let i = 0; i < m4; i += 4) {
    const a0 = a + <usize>i * rowA;
    for (let j = 0; j < n4; j += 4) {
      const src = a0 + ((<usize>j) << 2);
      const r0 = v128.load(src);
      const r1 = v128.load(src + rowA);
      const r2 = v128.load(src + 2 * rowA);
      const r3 = v128.load(src + 3 * rowA);
      const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
      const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
      const dst = b + <usize>j * rowB + ((<usize>i) << 2);
      v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      v128.store(dst + rowB, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
      v128.store(dst + 2 * rowB, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
      v128.store(dst + 3 * rowB, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
    }
    for (let r = i; r < i + 4; r++) {
      for (let j = n4; j < n; j++) store<f32>(b + ((<usize>j * <usize>m + <usize>r) << 2), load<f32>(a + ((<usize>r * <usize>n + <usize>j) << 2)));
    }
  }
  for (let i = m4; i < m; i++) {
    for (let j = 0; j < n; j++) store<f32>(b + ((<usize>j * <usize>m + <usize>i) << 2), load<f32>(a + ((<usize>i * <usize>n + <usize>j) << 2)));
  }
}
