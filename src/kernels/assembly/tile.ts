// The products' inner part: four rows of A copied into a strip ([k][4], one run of memory, read at fixed offsets)
// and the four-by-eight tile of C summed from that strip and eight columns of B. Each thread packs into a scratch
// region of its own, above the module's static data and below the memory the callers lay out (every build starts
// with 16 pages: npm run kernels); module globals are per instance, and the helper's takes the second region in `serve`.

import { madd } from './simd';

/** Rows of A a product packs and takes per sweep over B's columns. */
export const ROW_BLOCK = 64;
/** Terms of the sum a product packs at a time (longer sums are taken in blocks, C carried between them). */
export const SUM_BLOCK = 1024;
const STRIPS_BYTES: usize = ROW_BLOCK * SUM_BLOCK * 4;
/** After each thread's strips: the panel of a product's last columns (packTail) and a four-by-eight block of C (tailTiles). */
const PANEL_BYTES: usize = SUM_BLOCK * 32;
const BLOCK_BYTES: usize = 4 * 32;
const SCRATCH_BYTES: usize = STRIPS_BYTES + PANEL_BYTES + BLOCK_BYTES;
const SCRATCH_START: usize = (__heap_base + 63) & ~63;

/** Where this thread packs strips of A. */
export let scratch: usize = SCRATCH_START;

/** Makes this instance pack into the second region: called once by the helper thread's loop. */
export function takeHelperScratch(): void {
  scratch = SCRATCH_START + SCRATCH_BYTES;
}

/** The end of the scratch regions (a byte offset): the memory a build starts with reaches past it. */
export function scratchEnd(): usize {
  return SCRATCH_START + 2 * SCRATCH_BYTES;
}

/** The four-by-four block at `src` (rows `rowSrc` bytes apart) turned into `dst` (rows `rowDst` bytes apart), in registers. */
export function turn4x4(src: usize, rowSrc: usize, dst: usize, rowDst: usize): void {
  const r0 = v128.load(src);
  const r1 = v128.load(src + rowSrc);
  const r2 = v128.load(src + 2 * rowSrc);
  const r3 = v128.load(src + 3 * rowSrc);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst + rowDst, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * rowDst, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * rowDst, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/**
 * Rows [0, rows) of A (rows `rowA` bytes apart, `kc` floats each from `a`) into strips of four at `scratch`, strip s
 * at `s kc 16` bytes: four by four blocks turned in registers, the last columns one value at a time. `rows` % 4 == 0.
 */
export function packRows(a: usize, rowA: usize, rows: i32, kc: i32): void {
  const k4 = kc & ~3;
  const stripBytes = (<usize>kc) << 4;
  let dst = scratch;
  for (let r = 0; r < rows; r += 4) {
    const a0 = a + <usize>r * rowA;
    for (let p = 0; p < k4; p += 4) turn4x4(a0 + ((<usize>p) << 2), rowA, dst + ((<usize>p) << 4), 16);
    for (let p = k4; p < kc; p++) {
      for (let i = 0; i < 4; i++) store<f32>(dst + ((<usize>p) << 4) + ((<usize>i) << 2), load<f32>(a0 + <usize>i * rowA + ((<usize>p) << 2)));
    }
    dst += stripBytes;
  }
}

/** Columns [0, cols) of A (rows `rowA` bytes apart, `kc` rows from `a`) into strips of four at `scratch`: A^T's rows packed as packRows packs. */
export function packColumns(a: usize, rowA: usize, cols: i32, kc: i32): void {
  const stripBytes = (<usize>kc) << 4;
  let src = a;
  let row = scratch;
  for (let p = 0; p < kc; p++) {
    let s = src;
    let d = row;
    for (let i = 0; i < cols; i += 4) {
      v128.store(d, v128.load(s));
      s += 16;
      d += stripBytes;
    }
    src += rowA;
    row += 16;
  }
}

/**
 * C's four rows and eight columns at `c` (rows `rowC` bytes apart) = (accumulate ? C : 0) + the strip at `strip`
 * ([kc][4]) times B's eight columns (row p at `b + p rowB`), summed in p's order after C.
 */
export function tile(strip: usize, b: usize, rowB: usize, kc: i32, c: usize, rowC: usize, accumulate: bool): void {
  const c1 = c + rowC;
  const c2 = c1 + rowC;
  const c3 = c2 + rowC;
  let s00 = f32x4.splat(0);
  let s01 = f32x4.splat(0);
  let s10 = f32x4.splat(0);
  let s11 = f32x4.splat(0);
  let s20 = f32x4.splat(0);
  let s21 = f32x4.splat(0);
  let s30 = f32x4.splat(0);
  let s31 = f32x4.splat(0);
  if (accumulate) {
    s00 = v128.load(c);
    s01 = v128.load(c, 16);
    s10 = v128.load(c1);
    s11 = v128.load(c1, 16);
    s20 = v128.load(c2);
    s21 = v128.load(c2, 16);
    s30 = v128.load(c3);
    s31 = v128.load(c3, 16);
  }
  let ap = strip;
  let bp = b;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let x = v128.load32_splat(ap);
    s00 = madd(x, b0, s00);
    s01 = madd(x, b1, s01);
    x = v128.load32_splat(ap, 4);
    s10 = madd(x, b0, s10);
    s11 = madd(x, b1, s11);
    x = v128.load32_splat(ap, 8);
    s20 = madd(x, b0, s20);
    s21 = madd(x, b1, s21);
    x = v128.load32_splat(ap, 12);
    s30 = madd(x, b0, s30);
    s31 = madd(x, b1, s31);
    ap += 16;
    bp += rowB;
  }
  v128.store(c, s00);
  v128.store(c, s01, 16);
  v128.store(c1, s10);
  v128.store(c1, s11, 16);
  v128.store(c2, s20);
  v128.store(c2, s21, 16);
  v128.store(c3, s30);
  v128.store(c3, s31, 16);
}

/**
 * B's last columns (fewer than eight; row p at `b + p rowB`, the first of them at `b`), `kc` rows, copied into this
 * thread's tail panel, padded with zeros to eight: packed once for each block of the sum, for tailTiles.
 */
export function packTail(b: usize, rowB: usize, kc: i32, width: i32): void {
  const panel = scratch + STRIPS_BYTES;
  const zero = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const dst = panel + ((<usize>p) << 5);
    v128.store(dst, zero);
    v128.store(dst, zero, 16);
    const src = b + <usize>p * rowB;
    for (let q = 0; q < width; q++) store<f32>(dst + ((<usize>q) << 2), load<f32>(src + ((<usize>q) << 2)));
  }
}

/**
 * C's columns [j0, to) (fewer than eight) of the `rows` rows whose strips sit at `scratch`, from the tail panel
 * (packTail's): `tile` on each strip into a four-by-eight block of its own, whose first columns go to C. Summed as
 * `tile` sums. Before, a sum per value of C waited on each multiply-add in turn, reading B's columns a row apart (and,
 * where A is read transposed, one value at a time): a quarter of the time of the CBOW's weight gradient (n = 300).
 */
export function tailTiles(kc: i32, c: usize, rowC: usize, rows: i32, j0: i32, to: i32, into: bool): void {
  const bytes = (<usize>(to - j0)) << 2;
  const panel = scratch + STRIPS_BYTES;
  const block = panel + PANEL_BYTES;
  const stripBytes = (<usize>kc) << 4;
  let strip = scratch;
  for (let i = 0; i < rows; i += 4) {
    const ci = c + <usize>i * rowC + ((<usize>j0) << 2);
    if (into) for (let r = 0; r < 4; r++) memory.copy(block + ((<usize>r) << 5), ci + <usize>r * rowC, bytes);
    tile(strip, panel, 32, kc, block, 32, into);
    for (let r = 0; r < 4; r++) memory.copy(ci + <usize>r * rowC, block + ((<usize>r) << 5), bytes);
    strip += stripBytes;
  }
}
