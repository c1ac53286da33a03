// The jobs both threads share a chunk at a time: each claims its next chunk from the control block (claim: the
// training thread from the job's front, the helper from its back; a product's packing from the shared counter in
// word 16) until none is left. Every value is computed as the one-thread kernel computes it, whichever thread takes
// its chunk: the same results to the bit.

import { adamwPiece, adamwPieceCount } from './adamw';
import { attentionBackward, attentionForward } from './attention';
import { gelu, geluBackward, layerNorm, layerNormBackward, relu, reluBackward } from './gpt';
import { matmulColumns, matmulPanels, matmulTNColumns, matmulTNPanels, packPanels } from './matmul';
import { add, addBias, addRows, addRowsResidual } from './rows';
import { zeroFloats } from './simd';

/** bias [cols] added to each row of x [rows, cols] (addRows; with the rows of a residual too where one is given: addRowsResidual): chunks of rows. */
export const OP_ADD_ROWS = 1;
/** layerNorm of rows: chunks of rows. */
export const OP_LAYER_NORM = 3;
/** relu, reluBackward, add, gelu, geluBackward: chunks of CHUNK_FLOATS floats. */
export const OP_RELU = 4;
export const OP_RELU_BACKWARD = 5;
export const OP_ADD = 6;
export const OP_GELU = 7;
export const OP_GELU_BACKWARD = 8;
/** layerNormBackward: chunks of rows (layerNormBackwardChunk). */
export const OP_LN_BACKWARD = 10;
/** AdamW over a model's parameters: adamw.ts's adamwPiece, pieces of up to 16,384 floats of each tensor. */
export const OP_ADAMW = 11;
/** A product's form: C = A B; C = A^T B (a weight's gradient, A stored transposed); C = A B with B given as B^T [n, k] (a weight stored [out, in]). */
export const FORM_NN = 0;
export const FORM_TN = 1;
export const FORM_NT = 2;

/** Where the control block counts the packing chunks of a product handed out (word 16, on a cache line of its own). */
const NEXT_CHUNK = 64;

/** Where the control block counts the chunks of a product's B packed into panels so far (word 17, beside NEXT_CHUNK). */
const PACKED = 68;

/** Makes the next job's chunks start from the first: before it is posted. */
export function resetChunks(control: usize): void {
  atomic.store<i32>(control + NEXT_CHUNK, 0);
  atomic.store<i32>(control + PACKED, 0);
  atomic.store<i32>(control + ENDS, 0);
}

/** Where the control block counts a job's chunks taken from its front (the low 16 bits) and from its back (word 18). */
const ENDS = 72;

/** Whether this thread takes chunks from the back of a job (the helper) or from the front (the training thread). */
let fromBack = false;

/** Makes this thread (the helper, in serve) take a job's chunks from the back. */
export function takeFromBack(): void {
  fromBack = true;
}

/**
 * The number of the next chunk of a job of `count` chunks for this thread to do, or `count` where none is left. The
 * training thread takes them from the first up and the helper from the last down, until they meet: so each thread
 * keeps about the same half of the rows from one kernel to the next (a product's rows, then the LayerNorm, GELU and
 * attention of those rows), which stay in its core's cache, and a thread that loses its core for a while (the page
 * drawing, another process) still leaves the rest to the other instead of holding the job up for a fixed half.
 */
function claim(control: usize, count: i32): i32 {
  while (true) {
    const ends = atomic.load<i32>(control + ENDS);
    const front = ends & 0xffff;
    const back = ends >>> 16;
    if (front + back >= count) return count;
    if (atomic.cmpxchg<i32>(control + ENDS, ends, fromBack ? ends + 0x10000 : ends + 1) === ends) return fromBack ? count - 1 - back : front;
  }
}

/** Rows of C in a chunk of a product split by rows (a multiple of six, the strips' height: only the last chunk has a strip of four or a padded one). */
const CHUNK_ROWS = 36;

/** Strips of six in a chunk of CHUNK_ROWS rows. */
const BIG = CHUNK_ROWS / 6;

/**
 * The chunks of a product of m rows: its strips of six in two halves, each cut from its outer end toward the middle
 * into chunks of BIG strips while more than two such are left, then into halves of what is left (3, 1, 1 strips...).
 * The training thread takes chunks from the first row and the helper from the last, so they meet near the middle,
 * on the smallest chunks: the one that finishes first waits for at most a strip or two, where it waited for up to a
 * whole chunk of 36 rows at the end of every product.
 */
function rowChunks(m: i32): i32 {
  const strips = (m + 5) / 6;
  return halfChunks(strips >> 1) + halfChunks(strips - (strips >> 1));
}

/** The strips of the chunk cut next from a half with `left` strips still uncut. */
function taper(left: i32): i32 {
  return left > 2 * BIG ? BIG : max(1, left >> 1);
}

/** How many whole chunks of BIG strips a half of `strips` starts with. */
function bigChunks(strips: i32): i32 {
  return strips > 2 * BIG ? (strips - 2 * BIG + BIG - 1) / BIG : 0;
}

/** The chunks a half of `strips` strips is cut into. */
function halfChunks(strips: i32): i32 {
  let count = bigChunks(strips);
  for (let left = strips - count * BIG; left > 0; left -= taper(left)) count++;
  return count;
}

/** The strips the first j chunks of a half of `strips` strips cover, from its outer end. */
function halfCovered(strips: i32, j: i32): i32 {
  const big = min(j, bigChunks(strips));
  let covered = big * BIG;
  for (let c = big; c < j; c++) covered += taper(strips - covered);
  return covered;
}

/** Where chunk i of rowChunks' `count` starts (m at i = count): the first half's chunks in order, then the second half's, whose last is cut first. */
function chunkStart(i: i32, count: i32, m: i32): i32 {
  const strips = (m + 5) / 6;
  const first = strips >> 1;
  const firstCount = halfChunks(first);
  const strip = i <= firstCount ? halfCovered(first, i) : strips - halfCovered(strips - first, count - i);
  return min(m, 6 * strip);
}

/** Floats of B a chunk of packing copies into panels (at least one panel of eight columns). */
const PACK_FLOATS = 16384;

/**
 * The chunks of a product split by rows that this thread claims, until none is left: first (where `panels` is not
 * 0) B's columns copied into panels, some panels a chunk, then rows of C a chunk (rowChunks), matmulPanels' C =
 * (flag ? C : 0) + A B (FORM_NN, or FORM_NT from B^T's rows), or matmulTNPanels' (flag ? C : 0) + A^T B (FORM_TN). A chunk of rows waits until
 * every panel is packed: by then every chunk of packing has been claimed, so it waits at most for the other
 * thread's last one. Each value of C is summed as one thread would sum it. Where `bias` is not 0 (FORM_NN, FORM_NT),
 * each chunk's rows then get addRows' bias, after `residual`'s same rows where that is not 0 (addRowsResidual),
 * while they are still in cache: the same sums as the product followed by addRows or addRowsResidual.
 */
export function productChunks(
  control: usize,
  form: i32,
  a: usize,
  b: usize,
  panels: usize,
  c: usize,
  m: i32,
  k: i32,
  n: i32,
  flag: bool,
  sums: usize,
  bias: usize,
  residual: usize,
): void {
  const perPack = max(1, PACK_FLOATS / max(8 * k, 1)) * 8;
  const packs = panels !== 0 ? ((n & ~7) + perPack - 1) / perPack : 0;
  for (let i = atomic.add<i32>(control + NEXT_CHUNK, 1); i < packs; i = atomic.add<i32>(control + NEXT_CHUNK, 1)) {
    packPanels(b, panels, k, n, i * perPack, min(n, (i + 1) * perPack), form === FORM_NT);
    atomic.add<i32>(control + PACKED, 1);
  }
  while (atomic.load<i32>(control + PACKED) < packs) {}
  const count = rowChunks(m);
  for (let i = claim(control, count); i < count; i = claim(control, count)) {
    const r0 = chunkStart(i, count, m);
    const r1 = chunkStart(i + 1, count, m);
    if (form === FORM_TN) matmulTNPanels(a, b, panels, c, m, k, n, r0, r1, flag, sums);
    else matmulPanels(a + <usize>r0 * <usize>k * 4, b, panels, c + <usize>r0 * <usize>n * 4, r1 - r0, k, n, flag, form === FORM_NT);
    if (bias !== 0) addBias(c, residual, bias, r0, r1, n);
  }
}

/** Floats in a chunk of an element-wise op (a multiple of 4: only the last chunk has floats past the lanes). */
const CHUNK_FLOATS = 16384;

/** Rows of [rows, cols] in a chunk of a row-wise op: about CHUNK_FLOATS floats, a multiple of 4 rows. */
function rowsPerChunk(cols: i32): i32 {
  return max(4, (CHUNK_FLOATS / max(cols, 1)) & ~3);
}

/** The chunks of rows layerNormBackwardChunk splits n rows of d into. */
export function layerNormChunkCount(n: i32, d: i32): i32 {
  const per = rowsPerChunk(d);
  return (n + per - 1) / per;
}

/**
 * Chunk i of layerNormBackward's rows (rowsPerChunk(d) of them): dx for its rows, and the sums over its rows of the
 * gain's and the bias's gradients into the chunk's own 2 d floats of `partials` (zeroed first), which the caller
 * adds up in the chunks' order: the same sums whichever thread takes the chunk.
 */
export function layerNormBackwardChunk(i: i32, dOut: usize, x: usize, mean: usize, rstd: usize, gain: usize, dx: usize, partials: usize, n: i32, d: i32): void {
  const per = rowsPerChunk(d);
  const r0 = i * per;
  const at = (<usize>r0 * <usize>d) << 2;
  const r = (<usize>r0) << 2;
  const slot = partials + ((<usize>i * <usize>d) << 3);
  zeroFloats(slot, 2 * d);
  layerNormBackward(dOut + at, x + at, mean + r, rstd + r, gain, dx + at, slot, slot + ((<usize>d) << 2), min(n - r0, per), d);
}

/**
 * The chunks of op `op` (an OP_ kind, its arguments after it) this thread claims until none is left. Each value is
 * computed as the op's one-thread kernel computes it, whichever thread takes its chunk.
 */
export function opChunks(control: usize, op: i32, a1: i32, a2: i32, a3: i32, a4: i32, a5: i32, a6: i32, a7: i32, a8: i32, a9: i32): void {
  if (op === OP_ADAMW) {
    // params a1, grads a2, m a3, v a4, tensors a5, count a6, settings a7
    const pieces = adamwPieceCount(a5, a6);
    for (let i = claim(control, pieces); i < pieces; i = claim(control, pieces)) adamwPiece(i, a1, a2, a3, a4, a5, a6, a7);
  } else if (op === OP_LN_BACKWARD) {
    // dOut a1, x a2, mean a3, rstd a4, gain a5, dx a6, partials a7, n a8, d a9
    const count = layerNormChunkCount(a8, a9);
    for (let i = claim(control, count); i < count; i = claim(control, count)) layerNormBackwardChunk(i, a1, a2, a3, a4, a5, a6, a7, a8, a9);
  } else if (op === OP_ADD_ROWS || op === OP_LAYER_NORM) {
    // addRows(x a1, bias a2, rows a3, cols a4, residual a5 or 0); layerNorm(x a1, gain a2, bias a3, out a4, mean a5, rstd a6, n a7, d a8, eps a9)
    const rows = op === OP_LAYER_NORM ? a7 : a3;
    const cols = op === OP_LAYER_NORM ? a8 : a4;
    const per = rowsPerChunk(cols);
    const count = (rows + per - 1) / per;
    for (let i = claim(control, count); i < count; i = claim(control, count)) {
      const r0 = i * per;
      const r1 = min(rows, r0 + per);
      const at = (<usize>r0 * <usize>cols) << 2;
      const r = (<usize>r0) << 2;
      if (op === OP_ADD_ROWS && a5 !== 0) addRowsResidual(<usize>a1 + at, <usize>a5 + at, a2, r1 - r0, cols);
      else if (op === OP_ADD_ROWS) addRows(<usize>a1 + at, a2, r1 - r0, cols);
      else layerNorm(<usize>a1 + at, a2, a3, <usize>a4 + at, <usize>a5 + r, <usize>a6 + r, r1 - r0, cols, reinterpret<f32>(a9));
    }
  } else {
    // relu(x a1, out a2, n a3); reluBackward(x a1, dOut a2, dx a3, n a4); add(a a1, b a2, out a3, n a4);
    // gelu(x a1, out a2, cdf a3, n a4); geluBackward(x a1, cdf a2, dOut a3, dx a4, n a5)
    const n = op === OP_RELU ? a3 : op === OP_GELU_BACKWARD ? a5 : a4;
    const count = (n + CHUNK_FLOATS - 1) / CHUNK_FLOATS;
    for (let i = claim(control, count); i < count; i = claim(control, count)) {
      const o = (<usize>i * CHUNK_FLOATS) << 2;
      const len = min(n - i * CHUNK_FLOATS, CHUNK_FLOATS);
      const x = <usize>a1 + o;
      const y = <usize>a2 + o;
      const z = <usize>a3 + o;
      if (op === OP_RELU) relu(x, y, len);
      else if (op === OP_RELU_BACKWARD) reluBackward(x, y, z, len);
      else if (op === OP_ADD) add(x, y, z, len);
      else if (op === OP_GELU) gelu(x, y, z, len);
      else geluBackward(x, y, z, <usize>a4 + o, len);
    }
  }
}

/**
 * Columns of C in a chunk of a product split by columns (a multiple of 8): about a sixth of them, at least 128 (each
 * chunk packs A again: 128 columns keep that to a few percent of its work), and no more than half, so both threads
 * have a chunk.
 */
function columnsPerChunk(n: i32): i32 {
  const panels = n >> 3;
  return min(max(16, (panels + 5) / 6), (panels + 1) >> 1) << 3;
}

/**
 * The chunks of columns of C that this thread claims until none is left (the last takes the columns past the panels
 * too): matmulColumns' C = (flag ? C : 0) + A B (FORM_NN, FORM_NT), or matmulTNColumns' A^T B (FORM_TN); B's panels of a chunk's
 * columns packed by the thread that takes it. Each value of C is summed as one thread would sum it.
 */
export function columnChunks(control: usize, form: i32, a: usize, b: usize, panels: usize, c: usize, m: i32, k: i32, n: i32, flag: bool, sums: usize): void {
  const per = columnsPerChunk(n);
  const n8 = n & ~7;
  const count = max(1, (n8 + per - 1) / per);
  for (let i = claim(control, count); i < count; i = claim(control, count)) {
    const from = i * per;
    const to = i === count - 1 ? n : min(n8, from + per);
    if (form === FORM_TN) matmulTNColumns(a, b, panels, c, m, k, n, flag, from, to, sums);
    else matmulColumns(a, b, panels, c, m, k, n, flag, from, to, form === FORM_NT);
  }
}

/**
 * The sequences this thread claims, one at a time, of attentionForward (`dOut` 0) or attentionBackward, with
 * `scratch` this thread's own (attentionScratch floats).
 */
export function attentionChunks(
  control: usize,
  dOut: usize,
  qkv: usize,
  out: usize,
  att: usize,
  dQkv: usize,
  scratch: usize,
  B: i32,
  T: i32,
  D: i32,
  H: i32,
): void {
  const rows = <usize>T * <usize>D * 4;
  const scores = <usize>H * <usize>T * <usize>T * 4;
  for (let b = claim(control, B); b < B; b = claim(control, B)) {
    const s = <usize>b;
    if (dOut === 0) attentionForward(qkv + 3 * s * rows, out + s * rows, att + s * scores, scratch, 1, T, D, H);
    else attentionBackward(dOut + s * rows, qkv + 3 * s * rows, att + s * scores, dQkv + 3 * s * rows, scratch, 1, T, D, H);
  }
}
