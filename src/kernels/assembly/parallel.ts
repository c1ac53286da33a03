// The GPT engine's products and attention on two threads, in the build with shared memory
// (kernels-threads.wasm): a helper worker runs `serve`, and the training thread posts it a job through a control
// block in memory, works on the job too, and waits. Most jobs come in chunks (rows or columns of a product, a
// sequence of attention, floats of GELU: chunks.ts) that each thread claims in turn until none is left; the others
// are split in two fixed halves. Without threads (the other builds, or `control` 0) every call here is the
// one-thread kernel.
//
// The control block, i32 words: [0] the number of the job posted, [1] the number of the job finished, [2] its
// kind, [3..13] its arguments, [14..15] a job's f64 result; [16], on a cache line of its own, the next chunk of a
// product's packing, [17] the chunks of its B packed so far, and [18] the chunks of a job taken from its front and
// from its back (chunks.ts).

import { attentionBackward, attentionForward } from './attention';
import { attentionChunks, columnChunks, FORM_TN, opChunks, productChunks, resetChunks, takeFromBack } from './chunks';
import { lstmRows, lstmRowsBackward } from './recurrent';
import { meanSoftmaxCrossEntropy, softmaxCrossEntropy, spreadWide } from './rows';
import { takeHelperScratch } from './tile';

/** A product, its form (chunks.ts's FORM_) its eleventh argument: split by rows, or (JOB_MATMUL_COLUMNS) by columns. */
export const JOB_MATMUL = 1;
const JOB_ATTENTION = 3;
export const JOB_SOFTMAX_CE = 4;
export const JOB_LSTM = 5;
export const JOB_LSTM_BACKWARD = 6;
export const JOB_MATMUL_COLUMNS = 7;
export const JOB_MEAN_SOFTMAX = 9;
export const JOB_SPREAD = 10;
/** One of chunks.ts's OP_ kinds (GELU, ReLU, LayerNorm, AdamW...), shared a chunk at a time (opChunks): its kind the first argument. */
export const JOB_OP = 11;

/** Where the helper leaves a job's f64 result in the control block (after the 11 arguments' 44 bytes). */
export const RESULT = 56;
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
  takeFromBack();
  let seen = 0;
  while (true) {
    const job = waitChange(control, seen);
    if (job < 0) return;
    seen = job;
    const kind = load<i32>(control + 8);
    // The job's arguments, in the order its kind takes them (a product's: a, b, panels, c, m, k, n, accumulate, sums
    // for FORM_TN or else a bias, a residual; its form the eleventh).
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
    const form = arg(control, 10);
    if (kind === JOB_MATMUL)
      productChunks(control, form, a0, a1, a2, a3, a4, a5, a6, a7 !== 0, form === FORM_TN ? <usize>a8 : 0, form === FORM_TN ? 0 : <usize>a8, a9);
    else if (kind === JOB_MATMUL_COLUMNS) columnChunks(control, form, a0, a1, a2, a3, a4, a5, a6, a7 !== 0, a8);
    else if (kind === JOB_ATTENTION) attentionChunks(control, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9);
    else if (kind === JOB_SOFTMAX_CE) store<f64>(control + RESULT, softmaxCrossEntropy(a0, a1, a2, a3, reinterpret<f32>(a4)));
    else if (kind === JOB_MEAN_SOFTMAX) store<f64>(control + RESULT, meanSoftmaxCrossEntropy(a0, a1, a2, a3, a4, a5, a6, reinterpret<f32>(a7)));
    else if (kind === JOB_SPREAD) spreadWide(a0, a1, a2, a3, a4, a5, a6, a7);
    else if (kind === JOB_OP) opChunks(control, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9);
    else if (kind === JOB_LSTM) lstmRows(a0, a1, a2);
    else if (kind === JOB_LSTM_BACKWARD) lstmRowsBackward(a0, a1, a2);
    atomic.store<i32>(control + 4, job);
    atomic.notify(control + 4, 1);
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
