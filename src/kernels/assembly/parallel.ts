// The GPT engine's products and attention on two threads, in the build with shared memory
// (kernels-threads.wasm): a helper worker runs `serve`, and the training thread posts it a job through a control
// block in memory, works on the job too, and waits. Most jobs come in chunks (CHUNK_ROWS rows of a product, a
// sequence of attention, CHUNK_FLOATS of GELU) that each thread claims in turn until none is left; the others are
// split in two fixed halves. Without threads (the other builds,
// or `control` 0) every call here is the one-thread kernel.
//
// The control block, i32 words: [0] the number of the job posted, [1] the number of the job finished, [2] its
// kind, [3..13] its arguments, [14..15] a job's f64 result; [16], on a cache line of its own, the next chunk of a job
// that both threads take a chunk at a time (claim).

import { attentionBackward, attentionForward } from './attention';
import { gelu, geluBackward, layerNorm, relu, reluBackward } from './gpt';
import { matmulColumns, matmulPanels, matmulTNColumns, matmulTNPanels, transposeRows } from './matmul';
import { lstmRows, lstmRowsBackward } from './recurrent';
import { add, addInto, addRows, meanSoftmaxCrossEntropy, softmaxCrossEntropy, spreadWide } from './rows';
import { takeHelperScratch } from './tile';

export const JOB_MATMUL = 1;
export const JOB_MATMUL_TN = 2;
const JOB_ATTENTION = 3;
const JOB_GELU = 4;
export const JOB_SOFTMAX_CE = 5;
export const JOB_LSTM = 6;
export const JOB_LSTM_BACKWARD = 7;
export const JOB_MATMUL_COLUMNS = 8;
export const JOB_MATMUL_TN_COLUMNS = 9;
export const JOB_MEAN_SOFTMAX = 10;
export const JOB_SPREAD = 11;
/** One of the OP_ kinds below, shared a chunk at a time (opChunks): its kind the first argument. */
export const JOB_OP = 12;

/** bias [cols] added to each row of x [rows, cols] (addRows): chunks of rows. */
export const OP_ADD_ROWS = 1;
/** out [cols] += the sum of the rows of x [rows, cols] (sumRows): chunks of columns, each summed over the rows in order. */
export const OP_SUM_ROWS = 2;
/** layerNorm of rows: chunks of rows. */
export const OP_LAYER_NORM = 3;
/** relu, reluBackward, add: chunks of CHUNK_FLOATS floats. */
export const OP_RELU = 4;
export const OP_RELU_BACKWARD = 5;
export const OP_ADD = 6;
/** B = A^T (transpose): chunks of rows of A. */
export const OP_TRANSPOSE = 7;
/** Where the helper leaves a job's f64 result in the control block (after the 11 arguments' 44 bytes). */
export const RESULT = 56;
/** Elements below which GELU runs on one thread. */
const MIN_ELEMENTS = 4096;
/**
 * Checks of a word before sleeping on it (some tens of microseconds): a job posted after the training thread's
 * serial kernels (LayerNorm, bias rows, sums) is caught without a wake-up. At 20,000 (a few microseconds) the helper
 * slept between most of Lesson 9's products: 90.4, 84.0 and 93.1 ms a step in the page against 83.6, 84.1 and 88.0
 * at 200,000, alternated, with a third less time in the kernel (futex calls).
 */
const SPINS = 200_000;
/** Rows below which a product runs on one thread: the hand-over would cost more than it saves. */
export const MIN_ROWS = 32;
/** Bytes of the control block. */
export const CONTROL_BYTES = 128;
/** Where the control block counts a job's chunks handed out. */
const NEXT_CHUNK = 64;

function arg(control: usize, i: i32): i32 {
  return load<i32>(control + 12 + ((<usize>i) << 2));
}

/** A job's arguments, in order (the ones a kind does not take are left 0). */
export function setArgs(
  control: usize,
  a0: i32,
  a1: i32,
  a2: i32,
  a3: i32,
  a4: i32 = 0,
  a5: i32 = 0,
  a6: i32 = 0,
  a7: i32 = 0,
  a8: i32 = 0,
  a9: i32 = 0,
  a10: i32 = 0,
): void {
  store<i32>(control, a0, 12);
  store<i32>(control, a1, 16);
  store<i32>(control, a2, 20);
  store<i32>(control, a3, 24);
  store<i32>(control, a4, 28);
  store<i32>(control, a5, 32);
  store<i32>(control, a6, 36);
  store<i32>(control, a7, 40);
  store<i32>(control, a8, 44);
  store<i32>(control, a9, 48);
  store<i32>(control, a10, 52);
}

/** `ptr` moved on by `floats` floats, as an argument. */
export function after(ptr: usize, floats: i32): i32 {
  return <i32>(ptr + ((<usize>floats) << 2));
}

/** Checks of the finished word before the training thread sleeps on it (some hundreds of microseconds: longer than
 * most halves take to differ, so that a nap, whose wake-up costs tens of microseconds, is only taken when the helper
 * lost its core). */
const JOIN_SPINS = 200_000;
/** The longest the training thread sleeps at a time before it looks again (ns): a wake-up missed costs no more. */
const JOIN_NAP_NS: i64 = 200_000;
/** Naps before the training thread gives up on its helper (some seconds). */
const JOIN_NAPS = 100_000;

/** The helper waits until the word at `at` is no longer `value`, spinning first, then asleep; returns the new value. */
function waitChange(at: usize, value: i32): i32 {
  let now = atomic.load<i32>(at);
  for (let i = 0; i < SPINS && now === value; i++) now = atomic.load<i32>(at);
  while (now === value) {
    atomic.wait<i32>(at, value, -1);
    now = atomic.load<i32>(at);
  }
  return now;
}

/**
 * The helper's loop: runs each job posted in `control` until one numbered -1 arrives. The block starts zeroed,
 * and the first job is number 1: a job posted before the helper got here is still run.
 */
export function serve(control: usize): void {
  if (!ASC_FEATURE_THREADS) return;
  takeHelperScratch();
  let seen = 0;
  while (true) {
    const job = waitChange(control, seen);
    if (job < 0) return;
    seen = job;
    const kind = load<i32>(control + 8);
    // The job's arguments, in the order its kind takes them (a product's: a, b, panels, c, m, k, n, accumulate, and
    // the helper's rows or columns [from, to)).
    const a0 = arg(control, 0);
    const a1 = arg(control, 1);
    const a2 = arg(control, 2);
    const a3 = arg(control, 3);
    const a4 = arg(control, 4);
    const a5 = arg(control, 5);
    const a6 = arg(control, 6);
    const a7 = arg(control, 7);
    const a8 = arg(control, 8);
    const a9 = arg(control, 9);
    if (kind === JOB_MATMUL || kind === JOB_MATMUL_TN) productChunks(control, kind === JOB_MATMUL_TN, a0, a1, a2, a3, a4, a5, a6, a7 !== 0);
    else if (kind === JOB_MATMUL_COLUMNS || kind === JOB_MATMUL_TN_COLUMNS)
      columnChunks(control, kind === JOB_MATMUL_TN_COLUMNS, a0, a1, a2, a3, a4, a5, a6, a7 !== 0);
    else if (kind === JOB_ATTENTION) attentionChunks(control, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9);
    else if (kind === JOB_SOFTMAX_CE) store<f64>(control + RESULT, softmaxCrossEntropy(a0, a1, a2, a3, reinterpret<f32>(a4)));
    else if (kind === JOB_MEAN_SOFTMAX) store<f64>(control + RESULT, meanSoftmaxCrossEntropy(a0, a1, a2, a3, a4, a5, a6, reinterpret<f32>(a7)));
    else if (kind === JOB_SPREAD) spreadWide(a0, a1, a2, a3, a4, a5, a6, a7);
    else if (kind === JOB_GELU) geluChunks(control, a0 !== 0, a1, a2, a3, a4, a5);
    else if (kind === JOB_OP) opChunks(control, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9);
    else if (kind === JOB_LSTM) lstmRows(a0, a1, a2);
    else if (kind === JOB_LSTM_BACKWARD) lstmRowsBackward(a0, a1, a2);
    atomic.store<i32>(control + 4, job);
    atomic.notify(control + 4, 1);
  }
}

/** Makes the next job's chunks start from the first: before it is posted. */
function resetChunks(control: usize): void {
  atomic.store<i32>(control + NEXT_CHUNK, 0);
}

/**
 * The number of the next chunk of the job in hand, for this thread to do (a number past the job's last says none is
 * left). Both threads take chunks until none is left, so a thread that loses its core for a while (the page drawing,
 * another process) leaves its share to the other, instead of holding the product up for its fixed half.
 */
export function claim(control: usize): i32 {
  return atomic.add<i32>(control + NEXT_CHUNK, 1);
}

/** Rows of C in a chunk of a product split by rows (a multiple of 4: only the last chunk has rows past the tiles). */
export const CHUNK_ROWS = 32;

/**
 * The chunks of CHUNK_ROWS rows of C that this thread claims, until none is left: matmulPanels' C = (flag ? C : 0) + A B,
 * or (`transposed`) matmulTNPanels' C = (flag ? C : 0) + A^T B. Each value of C is summed as one thread would sum it.
 */
export function productChunks(control: usize, transposed: bool, a: usize, b: usize, panels: usize, c: usize, m: i32, k: i32, n: i32, flag: bool): void {
  const count = (m + CHUNK_ROWS - 1) / CHUNK_ROWS;
  for (let i = claim(control); i < count; i = claim(control)) {
    const r0 = i * CHUNK_ROWS;
    const r1 = min(m, r0 + CHUNK_ROWS);
    if (transposed) matmulTNPanels(a, b, panels, c, m, k, n, r0, r1, flag);
    else matmulPanels(a + <usize>r0 * <usize>k * 4, b, panels, c + <usize>r0 * <usize>n * 4, r1 - r0, k, n, flag);
  }
}

/** Floats in a chunk of GELU, its gradient or an element-wise op (a multiple of 4: only the last chunk has floats past the lanes). */
const CHUNK_FLOATS = 16384;

/** Rows of [rows, cols] in a chunk of a row-wise op: about CHUNK_FLOATS floats, a multiple of 4 rows. */
export function rowsPerChunk(cols: i32): i32 {
  return max(4, (CHUNK_FLOATS / max(cols, 1)) & ~3);
}

/** Columns in a chunk of sumRows' columns. */
const SUM_COLUMNS = 64;

/**
 * The chunks of op `op` (an OP_ kind, its arguments after it) this thread claims until none is left. Each value is
 * computed as the op's one-thread kernel computes it, whichever thread takes its chunk.
 */
export function opChunks(control: usize, op: i32, a1: i32, a2: i32, a3: i32, a4: i32, a5: i32, a6: i32, a7: i32, a8: i32, a9: i32): void {
  if (op === OP_ADD_ROWS || op === OP_TRANSPOSE || op === OP_LAYER_NORM) {
    // addRows(x a1, bias a2, rows a3, cols a4); transpose(a a1, b a2, m a3, n a4); layerNorm(x a1, gain a2, bias a3, out a4, mean a5, rstd a6, n a7, d a8, eps a9)
    const rows = op === OP_LAYER_NORM ? a7 : a3;
    const cols = op === OP_LAYER_NORM ? a8 : a4;
    const per = rowsPerChunk(cols);
    const count = (rows + per - 1) / per;
    for (let i = claim(control); i < count; i = claim(control)) {
      const r0 = i * per;
      const r1 = min(rows, r0 + per);
      const at = (<usize>r0 * <usize>cols) << 2;
      const r = (<usize>r0) << 2;
      if (op === OP_ADD_ROWS) addRows(<usize>a1 + at, a2, r1 - r0, cols);
      else if (op === OP_TRANSPOSE) transposeRows(a1, a2, rows, cols, r0, r1);
      else layerNorm(<usize>a1 + at, a2, a3, <usize>a4 + at, <usize>a5 + r, <usize>a6 + r, r1 - r0, cols, reinterpret<f32>(a9));
    }
  } else if (op === OP_SUM_ROWS) {
    // x a1, out a2, rows a3, cols a4
    const count = (a4 + SUM_COLUMNS - 1) / SUM_COLUMNS;
    const rowBytes = (<usize>a4) << 2;
    for (let i = claim(control); i < count; i = claim(control)) {
      const c0 = i * SUM_COLUMNS;
      const width = min(a4 - c0, SUM_COLUMNS);
      const out = <usize>a2 + ((<usize>c0) << 2);
      let x = <usize>a1 + ((<usize>c0) << 2);
      for (let r = 0; r < a3; r++) {
        addInto(out, x, out, width);
        x += rowBytes;
      }
    }
  } else {
    // relu(x a1, out a2, n a3); reluBackward(x a1, dOut a2, dx a3, n a4); add(a a1, b a2, out a3, n a4)
    const n = op === OP_RELU ? a3 : a4;
    const count = (n + CHUNK_FLOATS - 1) / CHUNK_FLOATS;
    for (let i = claim(control); i < count; i = claim(control)) {
      const o = (<usize>i * CHUNK_FLOATS) << 2;
      const len = min(n - i * CHUNK_FLOATS, CHUNK_FLOATS);
      if (op === OP_RELU) relu(<usize>a1 + o, <usize>a2 + o, len);
      else if (op === OP_RELU_BACKWARD) reluBackward(<usize>a1 + o, <usize>a2 + o, <usize>a3 + o, len);
      else add(<usize>a1 + o, <usize>a2 + o, <usize>a3 + o, len);
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
 * too): matmulColumns' C = (flag ? C : 0) + A B, or (`transposed`) matmulTNColumns' A^T B; B's panels of a chunk's
 * columns packed by the thread that takes it. Each value of C is summed as one thread would sum it.
 */
export function columnChunks(control: usize, transposed: bool, a: usize, b: usize, panels: usize, c: usize, m: i32, k: i32, n: i32, flag: bool): void {
  const per = columnsPerChunk(n);
  const n8 = n & ~7;
  const count = max(1, (n8 + per - 1) / per);
  for (let i = claim(control); i < count; i = claim(control)) {
    const from = i * per;
    const to = i === count - 1 ? n : min(n8, from + per);
    if (transposed) matmulTNColumns(a, b, panels, c, m, k, n, flag, from, to);
    else matmulColumns(a, b, panels, c, m, k, n, flag, from, to);
  }
}

/** Posts the job whose kind and arguments are in place; its number. */
export function post(control: usize, kind: i32): i32 {
  store<i32>(control + 8, kind);
  const job = (atomic.load<i32>(control) + 1) & 0x3fffffff;
  atomic.store<i32>(control, job);
  atomic.notify(control, 1);
  return job;
}

/**
 * Waits for job `job` to finish: spinning a little (the helper's half usually takes about as long as this thread's),
 * then asleep in short naps, so that where the helper lost its core (two cores, and the page drawing beside the
 * worker) this thread gives the core up instead of spinning on it. A nap ends at the helper's notify or after
 * JOIN_NAP_NS, whichever comes first, so a missed wake-up costs a nap, not a hang. A helper that never answers ends
 * in an abort.
 */
export function join(control: usize, job: i32): void {
  for (let i = 0; i < JOIN_SPINS; i++) if (atomic.load<i32>(control + 4) === job) return;
  for (let i = 0; i < JOIN_NAPS; i++) {
    const done = atomic.load<i32>(control + 4);
    if (done === job) return;
    atomic.wait<i32>(control + 4, done, JOIN_NAP_NS);
  }
  abort();
}

/** Tells the helper to return from `serve`. */
export function stopServing(control: usize): void {
  if (!ASC_FEATURE_THREADS) return;
  atomic.store<i32>(control, -1);
  atomic.notify(control, 1);
}

/** The chunks of CHUNK_FLOATS floats this thread claims: gelu(x, out, cdf) or (`backward`) geluBackward(x, cdf, dOut = out, dx). */
function geluChunks(control: usize, backward: bool, x: usize, cdf: usize, out: usize, dx: usize, n: i32): void {
  const count = (n + CHUNK_FLOATS - 1) / CHUNK_FLOATS;
  for (let i = claim(control); i < count; i = claim(control)) {
    const o = (<usize>i * CHUNK_FLOATS) << 2;
    const len = min(n - i * CHUNK_FLOATS, CHUNK_FLOATS);
    if (backward) geluBackward(x + o, cdf + o, out + o, dx + o, len);
    else gelu(x + o, out + o, cdf + o, len);
  }
}

/**
 * The sequences this thread claims, one at a time, of attentionForward (`dOut` 0) or attentionBackward, with
 * `scratch` this thread's own (attentionScratch floats).
 */
function attentionChunks(control: usize, dOut: usize, qkv: usize, out: usize, att: usize, dQkv: usize, scratch: usize, B: i32, T: i32, D: i32, H: i32): void {
  const rows = <usize>T * <usize>D * 4;
  const scores = <usize>H * <usize>T * <usize>T * 4;
  for (let b = claim(control); b < B; b = claim(control)) {
    const s = <usize>b;
    if (dOut === 0) attentionForward(qkv + 3 * s * rows, out + s * rows, att + s * scores, scratch, 1, T, D, H);
    else attentionBackward(dOut + s * rows, qkv + 3 * s * rows, att + s * scores, dQkv + 3 * s * rows, scratch, 1, T, D, H);
  }
}

/** Posts a job whose arguments are in place and whose chunks both threads then claim (resetChunks, post); its number. */
export function shareChunks(control: usize, kind: i32): i32 {
  resetChunks(control);
  return post(control, kind);
}

/**
 * attentionForward with the sequences shared between the two threads, one at a time; `helperScratch` is the
 * helper's own scratch (attentionScratch floats).
 */
export function attentionForwardShared(
  control: usize,
  helperScratch: usize,
  qkv: usize,
  out: usize,
  att: usize,
  scratch: usize,
  B: i32,
  T: i32,
  D: i32,
  H: i32,
): void {
  if (!ASC_FEATURE_THREADS || control === 0 || B < 2) {
    attentionForward(qkv, out, att, scratch, B, T, D, H);
    return;
  }
  setArgs(control, 0, <i32>qkv, <i32>out, <i32>att, 0, <i32>helperScratch, B, T, D, H);
  const job = shareChunks(control, JOB_ATTENTION);
  attentionChunks(control, 0, qkv, out, att, 0, scratch, B, T, D, H);
  join(control, job);
}

/** attentionBackward with the sequences shared between the two threads, one at a time. */
export function attentionBackwardShared(
  control: usize,
  helperScratch: usize,
  dOut: usize,
  qkv: usize,
  att: usize,
  dQkv: usize,
  scratch: usize,
  B: i32,
  T: i32,
  D: i32,
  H: i32,
): void {
  if (!ASC_FEATURE_THREADS || control === 0 || B < 2) {
    attentionBackward(dOut, qkv, att, dQkv, scratch, B, T, D, H);
    return;
  }
  setArgs(control, <i32>dOut, <i32>qkv, 0, <i32>att, <i32>dQkv, <i32>helperScratch, B, T, D, H);
  const job = shareChunks(control, JOB_ATTENTION);
  attentionChunks(control, dOut, qkv, 0, att, dQkv, scratch, B, T, D, H);
  join(control, job);
}

/** gelu over n floats (keeping Phi in `cdf`), shared between the two threads a chunk at a time. */
export function geluShared(control: usize, x: usize, out: usize, cdf: usize, n: i32): void {
  if (!ASC_FEATURE_THREADS || control === 0 || n < MIN_ELEMENTS) {
    gelu(x, out, cdf, n);
    return;
  }
  setArgs(control, 0, <i32>x, <i32>cdf, <i32>out, 0, n);
  const job = shareChunks(control, JOB_GELU);
  geluChunks(control, false, x, cdf, out, 0, n);
  join(control, job);
}

/** geluBackward over n floats, shared between the two threads a chunk at a time. */
export function geluBackwardShared(control: usize, x: usize, cdf: usize, dOut: usize, dx: usize, n: i32): void {
  if (!ASC_FEATURE_THREADS || control === 0 || n < MIN_ELEMENTS) {
    geluBackward(x, cdf, dOut, dx, n);
    return;
  }
  setArgs(control, 1, <i32>x, <i32>cdf, <i32>dOut, <i32>dx, n);
  const job = shareChunks(control, JOB_GELU);
  geluChunks(control, true, x, cdf, dOut, dx, n);
  join(control, job);
}
