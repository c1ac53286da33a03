// The softmax's cross entropy, the row-wise ops and AdamW on two threads (the build with shared memory; one thread
// where `control` is 0): the work split between this thread and the helper that serves the control block
// (parallel.ts), most of it a chunk at a time, as each thread is free. The products are in sharedProducts.ts.

import { adamwPiece, adamwPieceCount } from './adamw';
import {
  layerNormBackwardChunk,
  layerNormChunkCount,
  OP_ADAMW,
  OP_ADD,
  OP_ADD_ROWS,
  OP_GELU,
  OP_GELU_BACKWARD,
  OP_LAYER_NORM,
  OP_LN_BACKWARD,
  OP_RELU,
  OP_RELU_BACKWARD,
  opChunks,
} from './chunks';
import { gelu, geluBackward, layerNorm, relu, reluBackward } from './gpt';
import {
  after,
  JOB_LSTM,
  JOB_LSTM_BACKWARD,
  JOB_MEAN_SOFTMAX,
  JOB_OP,
  JOB_SOFTMAX_CE,
  JOB_SPREAD,
  join,
  MIN_ROWS,
  post,
  RESULT,
  setArgs,
  shareChunks,
} from './parallel';
import { batchOf, lstmRows, lstmRowsBackward, packRecurrent } from './recurrent';
import { add, addInto, addRows, addRowsResidual, meanSoftmaxCrossEntropy, softmaxCrossEntropy, spreadWide } from './rows';

/** softmaxCrossEntropy's rows split between the two threads; the loss summed over both halves. */
export function softmaxCrossEntropyShared(control: usize, logits: usize, labels: usize, n: i32, cols: i32, scale: f32): f64 {
  if (!ASC_FEATURE_THREADS || control === 0 || n < MIN_ROWS) return softmaxCrossEntropy(logits, labels, n, cols, scale);
  const half = n >> 1;
  setArgs(control, after(logits, half * cols), after(labels, half), n - half, cols, reinterpret<i32>(scale));
  const job = post(control, JOB_SOFTMAX_CE);
  const mine = softmaxCrossEntropy(logits, labels, half, cols, scale);
  join(control, job);
  return mine + load<f64>(control + RESULT);
}

/** meanSoftmaxCrossEntropy's rows split between the two threads; the loss summed over both halves. */
export function meanSoftmaxShared(control: usize, table: usize, ids: usize, labels: usize, out: usize, n: i32, window: i32, cols: i32, scale: f32): f64 {
  if (!ASC_FEATURE_THREADS || control === 0 || n < 2) return meanSoftmaxCrossEntropy(table, ids, labels, out, n, window, cols, scale);
  const half = n >> 1;
  setArgs(control, <i32>table, after(ids, half * window), after(labels, half), after(out, half * cols), n - half, window, cols, reinterpret<i32>(scale));
  const job = post(control, JOB_MEAN_SOFTMAX);
  const mine = meanSoftmaxCrossEntropy(table, ids, labels, out, half, window, cols, scale);
  join(control, job);
  return mine + load<f64>(control + RESULT);
}

/** spreadWide over all columns, split between the two threads (each adds its columns of every row: none is written by both). */
export function spreadWideShared(control: usize, src: usize, ids: usize, wide: usize, n: i32, window: i32, cols: i32): void {
  if (!ASC_FEATURE_THREADS || control === 0 || cols < 64) {
    spreadWide(src, ids, wide, n, window, cols, 0, cols);
    return;
  }
  const half = (cols >> 1) & ~3;
  setArgs(control, <i32>src, <i32>ids, <i32>wide, n, window, cols, half, cols);
  const job = post(control, JOB_SPREAD);
  spreadWide(src, ids, wide, n, window, cols, 0, half);
  join(control, job);
}

/**
 * An LSTM layer's recurrence (the layer described at `desc`, recurrent.ts), forward or back through time: its
 * recurrent weight packed into panels once, then each thread runs all T steps for half the batch's rows (the rows
 * are independent sequences: one hand-over a pass, none a step).
 */
export function lstmRecurrenceShared(control: usize, desc: usize, backward: bool): void {
  packRecurrent(desc, backward);
  const B = batchOf(desc);
  if (!ASC_FEATURE_THREADS || control === 0 || B < 2) {
    if (backward) lstmRowsBackward(desc, 0, B);
    else lstmRows(desc, 0, B);
    return;
  }
  const half = B >> 1;
  setArgs(control, <i32>desc, half, B, 0);
  const job = post(control, backward ? JOB_LSTM_BACKWARD : JOB_LSTM);
  if (backward) lstmRowsBackward(desc, 0, half);
  else lstmRows(desc, 0, half);
  join(control, job);
}

/** Floats below which an op runs on one thread: the hand-over (some tens of microseconds where the helper slept) would cost more than it saves (Lesson 9's 768 x 128 sums and bias rows ran slower shared). */
const MIN_OP_FLOATS = 131_072;

/** Floats below which GELU, its gradient and LayerNorm forward and back run on one thread (each float costs erf, exp or a dozen operations: the hand-over pays sooner; Lesson 9's 768 x 128 LayerNorm in a Node replica of the two threads: 49.9-50.3 us on one, 27.7-28.7 us shared). */
const MIN_COSTLY_FLOATS = 4096;

/** Whether an op over `floats` floats is shared between the threads (after ASC_FEATURE_THREADS, which the build decides). */
function shares(control: usize, floats: i32, least: i32 = MIN_OP_FLOATS): bool {
  return control !== 0 && floats >= least;
}

/** Op `op` (chunks.ts's OP_ kinds) shared between the two threads a chunk at a time. */
function shareOp(control: usize, op: i32, a1: i32, a2: i32, a3: i32, a4: i32, a5: i32 = 0, a6: i32 = 0, a7: i32 = 0, a8: i32 = 0, a9: i32 = 0): void {
  setArgs(control, op, a1, a2, a3, a4, a5, a6, a7, a8, a9);
  const job = shareChunks(control, JOB_OP);
  opChunks(control, op, a1, a2, a3, a4, a5, a6, a7, a8, a9);
  join(control, job);
}

/** addRows on two threads, by rows. */
export function addRowsShared(control: usize, x: usize, bias: usize, rows: i32, cols: i32): void {
  if (ASC_FEATURE_THREADS && shares(control, rows * cols)) shareOp(control, OP_ADD_ROWS, <i32>x, <i32>bias, rows, cols);
  else addRows(x, bias, rows, cols);
}

/** addRowsResidual on two threads, by rows: x += residual + bias, row by row. */
export function addRowsResidualShared(control: usize, x: usize, residual: usize, bias: usize, rows: i32, cols: i32): void {
  if (ASC_FEATURE_THREADS && shares(control, rows * cols)) shareOp(control, OP_ADD_ROWS, <i32>x, <i32>bias, rows, cols, <i32>residual);
  else addRowsResidual(x, residual, bias, rows, cols);
}

/** layerNorm on two threads, by rows. */
export function layerNormShared(control: usize, x: usize, gain: usize, bias: usize, out: usize, mean: usize, rstd: usize, n: i32, d: i32, eps: f32): void {
  if (ASC_FEATURE_THREADS && shares(control, n * d, MIN_COSTLY_FLOATS))
    shareOp(control, OP_LAYER_NORM, <i32>x, <i32>gain, <i32>bias, <i32>out, <i32>mean, <i32>rstd, n, d, reinterpret<i32>(eps));
  else layerNorm(x, gain, bias, out, mean, rstd, n, d, eps);
}

/** Floats of `partials` layerNormBackwardShared takes for n rows of d. */
export function layerNormPartials(n: i32, d: i32): i32 {
  return layerNormChunkCount(n, d) * 2 * d;
}

/**
 * layerNormBackward (dx, dGain and dBias accumulate) on two threads, a chunk of rows at a time: each chunk sums its
 * rows' gain and bias gradients into its own floats of `partials` (layerNormPartials), added into dGain and dBias
 * in the chunks' order after, so the sums are the same to the bit on one thread or two.
 */
export function layerNormBackwardShared(
  control: usize,
  dOut: usize,
  x: usize,
  mean: usize,
  rstd: usize,
  gain: usize,
  dx: usize,
  dGain: usize,
  dBias: usize,
  n: i32,
  d: i32,
  partials: usize,
): void {
  const count = layerNormChunkCount(n, d);
  if (ASC_FEATURE_THREADS && count > 1 && shares(control, n * d, MIN_COSTLY_FLOATS))
    shareOp(control, OP_LN_BACKWARD, <i32>dOut, <i32>x, <i32>mean, <i32>rstd, <i32>gain, <i32>dx, <i32>partials, n, d);
  else for (let i = 0; i < count; i++) layerNormBackwardChunk(i, dOut, x, mean, rstd, gain, dx, partials, n, d);
  for (let i = 0; i < count; i++) {
    const slot = partials + ((<usize>i * <usize>d) << 3);
    addInto(dGain, slot, dGain, d);
    addInto(dBias, slot + ((<usize>d) << 2), dBias, d);
  }
}

/** relu on two threads. */
export function reluShared(control: usize, x: usize, out: usize, n: i32): void {
  if (ASC_FEATURE_THREADS && shares(control, n)) shareOp(control, OP_RELU, <i32>x, <i32>out, n, 0);
  else relu(x, out, n);
}

/** reluBackward on two threads. */
export function reluBackwardShared(control: usize, x: usize, dOut: usize, dx: usize, n: i32): void {
  if (ASC_FEATURE_THREADS && shares(control, n)) shareOp(control, OP_RELU_BACKWARD, <i32>x, <i32>dOut, <i32>dx, n);
  else reluBackward(x, dOut, dx, n);
}

/** add on two threads. */
export function addShared(control: usize, a: usize, b: usize, out: usize, n: i32): void {
  if (ASC_FEATURE_THREADS && shares(control, n)) shareOp(control, OP_ADD, <i32>a, <i32>b, <i32>out, n);
  else add(a, b, out, n);
}

/**
 * One AdamW step over a model's `count` tensors (the table at `tensors`, the step's settings at `settings`:
 * adamwPiece's), its gradients times the clip factor on the way, pieces of each tensor shared between the threads.
 */
export function adamwShared(control: usize, params: usize, grads: usize, m: usize, v: usize, tensors: usize, count: i32, settings: usize): void {
  if (ASC_FEATURE_THREADS && control !== 0) shareOp(control, OP_ADAMW, <i32>params, <i32>grads, <i32>m, <i32>v, <i32>tensors, count, <i32>settings);
  else for (let i = 0, pieces = adamwPieceCount(tensors, count); i < pieces; i++) adamwPiece(i, params, grads, m, v, tensors, count, settings);
}

/** gelu over n floats (keeping Phi in `cdf`) on two threads. */
export function geluShared(control: usize, x: usize, out: usize, cdf: usize, n: i32): void {
  if (ASC_FEATURE_THREADS && shares(control, n, MIN_COSTLY_FLOATS)) shareOp(control, OP_GELU, <i32>x, <i32>out, <i32>cdf, n);
  else gelu(x, out, cdf, n);
}

/** geluBackward over n floats on two threads. */
export function geluBackwardShared(control: usize, x: usize, cdf: usize, dOut: usize, dx: usize, n: i32): void {
  if (ASC_FEATURE_THREADS && shares(control, n, MIN_COSTLY_FLOATS)) shareOp(control, OP_GELU_BACKWARD, <i32>x, <i32>cdf, <i32>dOut, <i32>dx, n);
  else geluBackward(x, cdf, dOut, dx, n);
}
