// The products on two threads (the build with shared memory; one thread where `control` is 0): the work split between
// this thread and the helper that serves the control block (parallel.ts), the rows of most products a chunk at a
// time, as each thread is free, and the columns of those with few rows.

import { columnChunks, FORM_NN, FORM_NT, FORM_TN, productChunks } from './chunks';
import { matmulPanels, matmulTNPanels, packPanels } from './matmul';
import { JOB_MATMUL, JOB_MATMUL_COLUMNS, join, MIN_ROWS, setArgs, shareChunks } from './parallel';
import { addRowsResidualShared, addRowsShared } from './shared';

/** Rows below which a product reads B as it is: copying it into panels would cost more than it saves. */
const MIN_PANEL_ROWS = 16;
/** The size of C (m n) from which a weight's gradient reads B from panels. */
const MIN_TN_PANEL_SIZE = 150_000;
/** Multiply-adds from which a product of few rows is split by columns between the threads. */
const MIN_COLUMN_SPLIT = 1 << 20;

/** Whether a product of C [m, n] over k terms is split by columns: two threads, no more rows than columns, a panel each at least. */
function splitsColumns(control: usize, m: i32, k: i32, n: i32): bool {
  return control !== 0 && m >= 4 && m <= n && n >= 16 && <i64>m * <i64>k * <i64>n >= MIN_COLUMN_SPLIT;
}

/** A product split by columns, shared between the two threads a chunk of columns at a time (columnChunks). */
function byColumns(control: usize, form: i32, a: usize, b: usize, panels: usize, c: usize, m: i32, k: i32, n: i32, flag: bool, sums: usize = 0): void {
  setArgs(control, <i32>a, <i32>b, <i32>panels, <i32>c, m, k, n, flag ? 1 : 0, <i32>sums, 0, form);
  const job = shareChunks(control, JOB_MATMUL_COLUMNS);
  columnChunks(control, form, a, b, panels, c, m, k, n, flag, sums);
  join(control, job);
}

/**
 * matmul's C = (accumulate ? C : 0) + A B on two threads: B copied into panels at `pack` (k n floats; packPanels')
 * where `pack` is not 0 and the product is large enough (runs of memory, not rows a matrix width apart). With no
 * more rows than columns, each thread packs and multiplies half of B's columns (a prompt through GPT-2's weights:
 * nothing is packed by one thread while the other waits); else B is packed, then the rows of A and C are shared out
 * a chunk at a time (rowChunks). The same sums to the bit either way.
 */
export function matmulShared(control: usize, a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool, pack: usize): void {
  shareProduct(control, FORM_NN, a, b, c, m, k, n, accumulate, pack !== 0 && m >= MIN_PANEL_ROWS && n >= 8 ? pack : 0);
}

/**
 * matmulShared's C = (accumulate ? C : 0) + A B with B given as bT [n, k] = B^T (a weight stored [out, in], as
 * PyTorch stores a Linear's): its rows turned into panels at `pack` (at least k n floats) as they are packed, so
 * no transposed copy of the weight is kept or remade after each step. The same sums as matmulShared on B.
 */
export function matmulNTShared(control: usize, a: usize, bT: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool, pack: usize): void {
  shareProduct(control, FORM_NT, a, bT, c, m, k, n, accumulate, pack);
}

/** matmulNTShared's C = A B, then addRowsResidualShared's residual (where not 0) and bias, or addRowsShared's: the same sums, a
 * Linear's forward pass; split by rows, each chunk's rows get theirs in the product's job while they are in cache. */
export function matmulNTBiasShared(control: usize, a: usize, bT: usize, c: usize, m: i32, k: i32, n: i32, pack: usize, bias: usize, residual: usize): void {
  shareProduct(control, FORM_NT, a, bT, c, m, k, n, false, pack, bias, residual);
}

/** A product of form FORM_NN or FORM_NT: by columns, on one thread, or by rows (matmulShared); with matmulNTBiasShared's bias where it is not 0. */
function shareProduct(
  control: usize,
  form: i32,
  a: usize,
  b: usize,
  c: usize,
  m: i32,
  k: i32,
  n: i32,
  accumulate: bool,
  panels: usize,
  bias: usize = 0,
  residual: usize = 0,
): void {
  const columns = ASC_FEATURE_THREADS && splitsColumns(control, m, k, n);
  if (ASC_FEATURE_THREADS && !columns && control !== 0 && m >= MIN_ROWS) {
    byChunks(control, form, a, b, panels, c, m, k, n, accumulate, 0, bias, residual);
    return;
  }
  if (columns) byColumns(control, form, a, b, panels, c, m, k, n, accumulate);
  else {
    if (panels !== 0) packPanels(b, panels, k, n, 0, n, form === FORM_NT);
    matmulPanels(a, b, panels, c, m, k, n, accumulate, form === FORM_NT);
  }
  if (bias !== 0 && residual !== 0) addRowsResidualShared(control, c, residual, bias, m, n);
  else if (bias !== 0) addRowsShared(control, c, bias, m, n);
}

/** A product split by rows, a chunk at a time, between the two threads as each is free (productChunks; `sums` for FORM_TN, a bias and residual for the others). */
function byChunks(
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
  bias: usize = 0,
  residual: usize = 0,
): void {
  setArgs(control, <i32>a, <i32>b, <i32>panels, <i32>c, m, k, n, flag ? 1 : 0, <i32>(form === FORM_TN ? sums : bias), <i32>residual, form);
  const job = shareChunks(control, JOB_MATMUL);
  productChunks(control, form, a, b, panels, c, m, k, n, flag, sums, bias, residual);
  join(control, job);
}

/**
 * matmulTN's C = A^T B with the rows of C shared between the two threads a chunk at a time (by columns where
 * splitsColumns says); B first copied into panels at `pack` where it is not 0 and C is large enough. Where `sums`
 * is not 0, the sums of A's columns over its k rows (sumRows of A: a bias's gradient) are added into sums [m] on the
 * way, from the blocks of A the product packs. The same sums to the bit either way.
 */
export function matmulTNShared(control: usize, a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, pack: usize, into: bool, sums: usize): void {
  const panels = pack !== 0 && m * n >= MIN_TN_PANEL_SIZE && n >= 8 ? pack : 0;
  if (ASC_FEATURE_THREADS && splitsColumns(control, m, k, n)) {
    byColumns(control, FORM_TN, a, b, panels, c, m, k, n, into, sums);
    return;
  }
  if (!ASC_FEATURE_THREADS || control === 0 || m < MIN_ROWS) {
    if (panels !== 0) packPanels(b, panels, k, n);
    matmulTNPanels(a, b, panels, c, m, k, n, 0, m, into, sums);
    return;
  }
  byChunks(control, FORM_TN, a, b, panels, c, m, k, n, into, sums);
}
