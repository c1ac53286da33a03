// The products' inner part: rows of A copied into strips of six ([k][6], one run of memory, read at fixed offsets;
// four where the rows left make six a poor fit) and the six- (or four-) by-eight tile of C summed from a strip and
// eight columns of B. Six rows keep twelve sums in registers, four more than the eight multiply-adds two pipes of
// four cycles hold in flight, where four rows' eight sums left none spare; and each row of B loaded serves six rows
// (one thread, data in L1: 56.7 GFLOP/s against 53.4, of a peak of 58). Each thread packs into a scratch region of its own, above the module's static data and below the
// memory the callers lay out (every build starts with 16 pages: npm run kernels); module globals are per instance,
// and the helper's takes the second region in `serve`.

import { copyFloats, madd } from './simd';

/** Rows of A a product packs and takes per sweep over B's columns (a multiple of six). */
export const ROW_BLOCK = 72;
/** Terms of the sum a product packs at a time (longer sums are taken in blocks, C carried between them). */
export const SUM_BLOCK = 1024;
/** Rows of a block with its last strip padded: at most three more. */
const STRIPS_BYTES: usize = (ROW_BLOCK + 6) * SUM_BLOCK * 4;
/** After each thread's strips: the panel of a product's last columns (packTail) and a six-by-eight block of C (the tiles of a strip's last rows and columns). */
const PANEL_BYTES: usize = SUM_BLOCK * 32;
const BLOCK_BYTES: usize = 6 * 32;
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

/**
 * The height (6 or 4) of the strip that starts `left` rows before the end of a block: sixes, then fours where the
 * rows left are 8 or at most 4, so that only a block's last strip is padded with zero rows (of 1, 3 or 5 rows left).
 */
function stripHeight(left: i32): i32 {
  return left === 5 || (left >= 6 && left !== 8) ? 6 : 4;
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

/** Rows 4 and 5 of a strip of six: the two-by-four block at `src` (rows `rowSrc` bytes apart) into pairs, `rowDst` bytes apart. */
function turn2x4(src: usize, rowSrc: usize, dst: usize, rowDst: usize): void {
  const r0 = v128.load(src);
  const r1 = v128.load(src + rowSrc);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  v128.store64_lane(dst, t0, 0);
  v128.store64_lane(dst + rowDst, t0, 1);
  v128.store64_lane(dst + 2 * rowDst, t1, 0);
  v128.store64_lane(dst + 3 * rowDst, t1, 1);
}

/**
 * Rows [0, rows) of A (rows `rowA` bytes apart, `kc` floats each from `a`) into strips at `scratch` (heights by
 * stripHeight, each `h kc` floats, [kc][h]): four by four blocks turned in registers (and two by four for rows 4
 * and 5), the last columns one value at a time; a last strip short of its height padded with zeros.
 */
export function packRows(a: usize, rowA: usize, rows: i32, kc: i32): void {
  const k4 = kc & ~3;
  let dst = scratch;
  for (let r = 0; r < rows; ) {
    const h = stripHeight(rows - r);
    const real = min(h, rows - r);
    const a0 = a + <usize>r * rowA;
    const rowDst = (<usize>h) << 2;
    if (real === h) {
      for (let p = 0; p < k4; p += 4) {
        const src = a0 + ((<usize>p) << 2);
        const d = dst + <usize>p * rowDst;
        turn4x4(src, rowA, d, rowDst);
        if (h === 6) turn2x4(src + 4 * rowA, rowA, d + 16, rowDst);
      }
    }
    for (let p = real === h ? k4 : 0; p < kc; p++) {
      for (let i = 0; i < h; i++) store<f32>(dst + <usize>p * rowDst + ((<usize>i) << 2), i < real ? load<f32>(a0 + <usize>i * rowA + ((<usize>p) << 2)) : 0);
    }
    dst += <usize>kc * rowDst;
    r += real;
  }
}

/** The strips of six, all rows real, that stripHeight starts a block of `rows` rows with. */
function fullSixes(rows: i32): i32 {
  return rows >= 8 && rows % 6 === 2 ? (rows - 8) / 6 : rows / 6;
}

/** Columns [0, cols) of A (rows `rowA` bytes apart, `kc` rows from `a`) into strips at `scratch`: A^T's rows packed as packRows packs. */
export function packColumns(a: usize, rowA: usize, cols: i32, kc: i32): void {
  const sixes = fullSixes(cols);
  const sixBytes = (<usize>kc * 6) << 2;
  const rest = scratch + <usize>sixes * sixBytes;
  let src = a;
  for (let p = 0; p < kc; p++) {
    let d = scratch + <usize>p * 24;
    let s = src;
    for (let i = 0; i < sixes; i++) {
      v128.store(d, v128.load(s));
      store<u64>(d, load<u64>(s, 16), 16);
      d += sixBytes;
      s += 24;
    }
    let dst = rest;
    for (let r = sixes * 6; r < cols; ) {
      const h = stripHeight(cols - r);
      const real = min(h, cols - r);
      const at = dst + ((<usize>p * <usize>h) << 2);
      for (let i = 0; i < h; i++) store<f32>(at + ((<usize>i) << 2), i < real ? load<f32>(src + ((<usize>(r + i)) << 2)) : 0);
      dst += (<usize>kc * <usize>h) << 2;
      r += real;
    }
    src += rowA;
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

/** `tile` for a strip of six rows ([kc][6]): C's six rows and eight columns at `c`, summed in the same order. */
export function tile6(strip: usize, b: usize, rowB: usize, kc: i32, c: usize, rowC: usize, accumulate: bool): void {
  const c1 = c + rowC;
  const c2 = c1 + rowC;
  const c3 = c2 + rowC;
  const c4 = c3 + rowC;
  const c5 = c4 + rowC;
  let s00 = f32x4.splat(0);
  let s01 = f32x4.splat(0);
  let s10 = f32x4.splat(0);
  let s11 = f32x4.splat(0);
  let s20 = f32x4.splat(0);
  let s21 = f32x4.splat(0);
  let s30 = f32x4.splat(0);
  let s31 = f32x4.splat(0);
  let s40 = f32x4.splat(0);
  let s41 = f32x4.splat(0);
  let s50 = f32x4.splat(0);
  let s51 = f32x4.splat(0);
  if (accumulate) {
    s00 = v128.load(c);
    s01 = v128.load(c, 16);
    s10 = v128.load(c1);
    s11 = v128.load(c1, 16);
    s20 = v128.load(c2);
    s21 = v128.load(c2, 16);
    s30 = v128.load(c3);
    s31 = v128.load(c3, 16);
    s40 = v128.load(c4);
    s41 = v128.load(c4, 16);
    s50 = v128.load(c5);
    s51 = v128.load(c5, 16);
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
    x = v128.load32_splat(ap, 16);
    s40 = madd(x, b0, s40);
    s41 = madd(x, b1, s41);
    x = v128.load32_splat(ap, 20);
    s50 = madd(x, b0, s50);
    s51 = madd(x, b1, s51);
    ap += 24;
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
  v128.store(c4, s40);
  v128.store(c4, s41, 16);
  v128.store(c5, s50);
  v128.store(c5, s51, 16);
}

/**
 * The tile of a strip of height `h` with `real` of its rows in C (the rest padding) and `width` columns (8, or
 * fewer at B's tail panel): straight into C where it is whole, else through this thread's six-by-eight block, of
 * which only the real rows and columns reach C.
 */
function tileStrip(h: i32, real: i32, strip: usize, b: usize, rowB: usize, kc: i32, c: usize, rowC: usize, into: bool, width: i32): void {
  if (real === h && width === 8) {
    if (h === 6) tile6(strip, b, rowB, kc, c, rowC, into);
    else tile(strip, b, rowB, kc, c, rowC, into);
    return;
  }
  const block = scratch + STRIPS_BYTES + PANEL_BYTES;
  if (into) for (let r = 0; r < real; r++) copyFloats(block + ((<usize>r) << 5), c + <usize>r * rowC, width);
  if (h === 6) tile6(strip, b, rowB, kc, block, 32, into);
  else tile(strip, b, rowB, kc, block, 32, into);
  for (let r = 0; r < real; r++) copyFloats(c + <usize>r * rowC, block + ((<usize>r) << 5), width);
}

/**
 * C's `rows` rows at `c` (`rowC` bytes apart), `width` of their columns (8, or fewer from the tail panel) = (into ?
 * C : 0) + the strips at `scratch` times B's eight columns at `b` (row p at `b + p rowB`), a tile per strip.
 */
export function stripTiles(b: usize, rowB: usize, kc: i32, c: usize, rowC: usize, rows: i32, into: bool, width: i32 = 8): void {
  let strip = scratch;
  for (let i = 0; i < rows; ) {
    const h = stripHeight(rows - i);
    const real = min(h, rows - i);
    tileStrip(h, real, strip, b, rowB, kc, c + <usize>i * rowC, rowC, into, width);
    strip += (<usize>kc * <usize>h) << 2;
    i += real;
  }
}

/**
 * B's last columns (fewer than eight; B[p][q] at `b + p rowB + q colB`: colB 4, or a row of B^T where B is given
 * transposed), `kc` rows, copied into this thread's tail panel, padded with zeros to eight: once a block of the sum.
 */
export function packTail(b: usize, rowB: usize, colB: usize, kc: i32, width: i32): void {
  const panel = scratch + STRIPS_BYTES;
  const zero = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const dst = panel + ((<usize>p) << 5);
    v128.store(dst, zero);
    v128.store(dst, zero, 16);
    const src = b + <usize>p * rowB;
    for (let q = 0; q < width; q++) store<f32>(dst + ((<usize>q) << 2), load<f32>(src + <usize>q * colB));
  }
}

/**
 * C's columns [j0, to) (fewer than eight) of the `rows` rows whose strips sit at `scratch`, from the tail panel
 * (packTail's), through the six-by-eight block. Before, a sum per value of C waited on each multiply-add in turn,
 * reading B's columns a row apart: a quarter of the time of the CBOW's weight gradient (n = 300).
 */
export function tailTiles(kc: i32, c: usize, rowC: usize, rows: i32, j0: i32, to: i32, into: bool): void {
  stripTiles(scratch + STRIPS_BYTES, 32, kc, c + ((<usize>j0) << 2), rowC, rows, into, to - j0);
}
