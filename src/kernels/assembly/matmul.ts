// The matrix products (row-major float32, byte offsets into memory) and the transpose.

import { madd } from './simd';

/** C[m, n] = (accumulate ? C : 0) + A[m, k] B[k, n], four rows and eight columns at a time. */
export function matmul(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool): void {
  const n8 = n & ~7;
  const m4 = m & ~3;
  const rowA = (<usize>k) << 2;
  const rowB = (<usize>n) << 2;
  for (let i = 0; i < m4; i += 4) {
    const a0 = a + <usize>i * rowA;
    const a1 = a0 + rowA;
    const a2 = a1 + rowA;
    const a3 = a2 + rowA;
    const c0 = c + <usize>i * rowB;
    const c1 = c0 + rowB;
    const c2 = c1 + rowB;
    const c3 = c2 + rowB;
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
      let bp = b + jo;
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
        bp += rowB;
      }
      if (accumulate) {
        s00 = f32x4.add(s00, v128.load(c0 + jo));
        s01 = f32x4.add(s01, v128.load(c0 + jo, 16));
        s10 = f32x4.add(s10, v128.load(c1 + jo));
        s11 = f32x4.add(s11, v128.load(c1 + jo, 16));
        s20 = f32x4.add(s20, v128.load(c2 + jo));
        s21 = f32x4.add(s21, v128.load(c2 + jo, 16));
        s30 = f32x4.add(s30, v128.load(c3 + jo));
        s31 = f32x4.add(s31, v128.load(c3 + jo, 16));
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
    for (let r = 0; r < 4; r++) matmulTail(a + <usize>(i + r) * rowA, b, c + <usize>(i + r) * rowB, k, n, n8, accumulate);
  }
  for (let i = m4; i < m; i++) matmulTail(a + <usize>i * rowA, b, c + <usize>i * rowB, k, n, 0, accumulate);
}

/**
 * B's columns [0, n & ~7) copied into panels of eight: panel j/8 holds rows 0..k of columns j..j+7 one after
 * another ([n/8][k][8]), so that a product reads each panel as one run of memory, not k rows a matrix width apart.
 */
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

/** Rows of A a product takes per sweep over B's panels: with one panel they stay in the first-level cache. */
const PANEL_ROWS = 64;

/**
 * matmul's C = (accumulate ? C : 0) + A B, with B's first n & ~7 columns read from `pack` (packPanels') and the
 * other columns from `b`: for each block of PANEL_ROWS rows of A, each panel in turn, four rows at a time. The
 * sums are taken in the same order as matmul's, so the results are the same to the bit.
 */
export function matmulPanels(a: usize, b: usize, pack: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool): void {
  const n8 = n & ~7;
  const m4 = m & ~3;
  const rowA = (<usize>k) << 2;
  const rowB = (<usize>n) << 2;
  for (let i0 = 0; i0 < m4; i0 += PANEL_ROWS) {
    const i1 = min(m4, i0 + PANEL_ROWS);
    for (let j = 0; j < n8; j += 8) {
      const panel = pack + ((<usize>j * <usize>k) << 2);
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
          bp += 32;
        }
        const c0 = c + <usize>i * rowB + jo;
        const c1 = c0 + rowB;
        const c2 = c1 + rowB;
        const c3 = c2 + rowB;
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
  if (n8 < n) for (let i = 0; i < m4; i++) matmulTail(a + <usize>i * rowA, b, c + <usize>i * rowB, k, n, n8, accumulate);
  for (let i = m4; i < m; i++) matmulTail(a + <usize>i * rowA, b, c + <usize>i * rowB, k, n, 0, accumulate);
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

/** Rows of A that matmulTN sums in one sweep over C: a block of A^T and B that stays in cache while C does. */
const TN_ROWS = 64;

/**
 * C[m, n] = A[k, m]^T B[k, n]: the product whose left factor is stored transposed (a weight gradient summed
 * over the rows of a batch), four rows and eight columns of C at a time, over blocks of TN_ROWS rows of A and B.
 */
export function matmulTN(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  matmulTNRows(a, b, c, m, k, n, 0, m);
}

/** Rows [from, to) of C = A^T B (matmulTN's), the other rows untouched: a share of the product for one thread. */
export function matmulTNRows(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, from: i32, to: i32): void {
  for (let p0 = 0; p0 < k; p0 += TN_ROWS) {
    const rows = min(TN_ROWS, k - p0);
    matmulTNBlock(a + ((<usize>p0 * <usize>m) << 2), b + ((<usize>p0 * <usize>n) << 2), c, m, rows, n, p0 > 0, from, to);
  }
  if (k === 0) memory.fill(c + ((<usize>from * <usize>n) << 2), 0, (<usize>(to - from) * <usize>n) << 2);
}

function matmulTNBlock(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool, from: i32, to: i32): void {
  const n8 = n & ~7;
  const m4 = from + ((to - from) & ~3);
  const rowA = (<usize>m) << 2;
  const rowB = (<usize>n) << 2;
  for (let i = from; i < m4; i += 4) {
    const c0 = c + <usize>i * rowB;
    const c1 = c0 + rowB;
    const c2 = c1 + rowB;
    const c3 = c2 + rowB;
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
      let ap = a + ((<usize>i) << 2);
      let bp = b + jo;
      for (let p = 0; p < k; p++) {
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
        ap += rowA;
        bp += rowB;
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
    for (let r = 0; r < 4; r++) matmulTNTail(a, b, c, m, k, n, i + r, n8, accumulate);
  }
  for (let i = m4; i < to; i++) matmulTNTail(a, b, c, m, k, n, i, 0, accumulate);
}

/** Rows of A and B (the sum's index) matmulTNPanels takes per sweep over C: a strip of A and a panel stay in L1. */
const TN_PANEL_ROWS = 256;
/** Floats of the strip matmulTNPanels copies A's columns to: each thread needs its own. */
export const TN_STRIP_FLOATS: i32 = TN_PANEL_ROWS * 4;

/**
 * Rows [from, to) of C = A[k, m]^T B[k, n] (matmulTN's product, the same sums to the bit) with B's first n & ~7
 * columns read from `pack` (packPanels') and each block of four columns of A copied to `strip` (TN_PANEL_ROWS * 4
 * floats, this thread's own) before it meets every panel: memory read in runs, not rows a matrix width apart.
 */
export function matmulTNPanels(a: usize, b: usize, pack: usize, c: usize, m: i32, k: i32, n: i32, from: i32, to: i32, strip: usize): void {
  const n8 = n & ~7;
  const m4 = from + ((to - from) & ~3);
  const rowA = (<usize>m) << 2;
  const rowC = (<usize>n) << 2;
  for (let p0 = 0; p0 < k; p0 += TN_PANEL_ROWS) {
    const rows = min(TN_PANEL_ROWS, k - p0);
    const accumulate = p0 > 0;
    for (let i = from; i < m4; i += 4) {
      let src = a + <usize>p0 * rowA + ((<usize>i) << 2);
      let dst = strip;
      for (let p = 0; p < rows; p++) {
        v128.store(dst, v128.load(src));
        src += rowA;
        dst += 16;
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
        let ap = strip;
        let bp = pack + ((<usize>j * <usize>k + <usize>p0 * 8) << 2);
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
          ap += 16;
          bp += 32;
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
  if (k === 0) memory.fill(c + ((<usize>from * <usize>n) << 2), 0, (<usize>(to - from) * <usize>n) << 2);
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
