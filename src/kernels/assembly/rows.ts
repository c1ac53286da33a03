// Row-wise kernels: sums, bias rows, embedding lookups and their gradients, softmax cross entropy, and scaling.

import { exp4, max4, sum4 } from './simd';

/** out[j] = op(x[j], y[j]) for j < cols, four at a time: the loops of addRows, sumRows, gatherRows and scatterAddRows. */
export function addInto(x: usize, y: usize, out: usize, cols: i32): void {
  const c4 = cols & ~3;
  let j = 0;
  for (; j < c4; j += 4) {
    const o = (<usize>j) << 2;
    v128.store(out + o, f32x4.add(v128.load(x + o), v128.load(y + o)));
  }
  for (; j < cols; j++) {
    const o = (<usize>j) << 2;
    store<f32>(out + o, load<f32>(x + o) + load<f32>(y + o));
  }
}

/** Adds `bias` [cols] to every row of x [rows, cols]. */
export function addRows(x: usize, bias: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const row = x + ((<usize>i * <usize>cols) << 2);
    addInto(row, bias, row, cols);
  }
}

/** x [rows, cols] += residual [rows, cols] + bias [cols], row by row (a sub-layer's output into the residual stream). */
export function addRowsResidual(x: usize, residual: usize, bias: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const at = (<usize>i * <usize>cols) << 2;
    addInto(x + at, residual + at, x + at, cols);
    addInto(x + at, bias, x + at, cols);
  }
}

/** Rows [r0, r1) of x [., n] += the same rows of `residual` (where not 0), then `bias`: addRowsResidual's or addRows' sums. */
export function addBias(x: usize, residual: usize, bias: usize, r0: i32, r1: i32, n: i32): void {
  const at = (<usize>r0 * <usize>n) << 2;
  if (residual !== 0) addRowsResidual(x + at, residual + at, bias, r1 - r0, n);
  else addRows(x + at, bias, r1 - r0, n);
}

/** out[cols] += the sum of the rows of x [rows, cols]. */
export function sumRows(x: usize, out: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) addInto(out, x + ((<usize>i * <usize>cols) << 2), out, cols);
}

/** out[i] = table[ids[i]] + bias for the n int32 ids: the rows of a table [V, cols] that one-hot inputs would pick. */
export function gatherRows(table: usize, ids: usize, bias: usize, out: usize, n: i32, cols: i32): void {
  const row = (<usize>cols) << 2;
  for (let i = 0; i < n; i++) addInto(table + <usize>load<i32>(ids + ((<usize>i) << 2)) * row, bias, out + <usize>i * row, cols);
}

/** table[ids[i]] += src[i] for the n rows of src [n, cols]: gatherRows' gradient. */
export function scatterAddRows(src: usize, ids: usize, table: usize, n: i32, cols: i32): void {
  const row = (<usize>cols) << 2;
  for (let i = 0; i < n; i++) {
    const target = table + <usize>load<i32>(ids + ((<usize>i) << 2)) * row;
    addInto(target, src + <usize>i * row, target, cols);
  }
}

/** out = the mean of the W rows of `table` ([., cols]) whose int32 ids sit at `ids`: four columns at a time, summed over the rows in their order, then divided by W. */
function meanInto(table: usize, ids: usize, window: i32, cols: i32, out: usize): void {
  const row = (<usize>cols) << 2;
  const c4 = cols & ~3;
  const w4 = f32x4.splat(<f32>window);
  let j = 0;
  for (; j < c4; j += 4) {
    const o = (<usize>j) << 2;
    let s = f32x4.splat(0);
    for (let w = 0; w < window; w++) s = f32x4.add(s, v128.load(table + <usize>load<i32>(ids + ((<usize>w) << 2)) * row + o));
    v128.store(out + o, f32x4.div(s, w4));
  }
  for (; j < cols; j++) {
    const o = (<usize>j) << 2;
    let s: f32 = 0;
    for (let w = 0; w < window; w++) s += load<f32>(table + <usize>load<i32>(ids + ((<usize>w) << 2)) * row + o);
    store<f32>(out + o, s / <f32>window);
  }
}

/** out[i] = the mean of table's rows ids[i W], ..., ids[i W + W - 1] for n windows of W int32 ids: CBOW's context means [n, cols]. */
export function meanRows(table: usize, ids: usize, n: i32, window: i32, cols: i32, out: usize): void {
  const row = (<usize>cols) << 2;
  for (let i = 0; i < n; i++) meanInto(table, ids + ((<usize>(i * window)) << 2), window, cols, out + <usize>i * row);
}

/**
 * Columns [from, to) of wide[ids[i W + j]] += src[i] for the n windows of W ids, summed in float64 (wide [., cols] of
 * f64): the V x V route's H, thousands of softmax gradients a row, whose float32 sums drifted 20 times further from
 * the exact gradient than the products' (6e-5 against 3e-6 of its largest value). A share for one thread: the
 * threads' columns apart, no row is written by both.
 */
export function spreadWide(src: usize, ids: usize, wide: usize, n: i32, window: i32, cols: i32, from: i32, to: i32): void {
  const rowSrc = (<usize>cols) << 2;
  const rowWide = (<usize>cols) << 3;
  for (let i = 0; i < n; i++) {
    const share = src + <usize>i * rowSrc;
    for (let j = 0; j < window; j++) {
      const target = wide + <usize>load<i32>(ids + ((<usize>(i * window + j)) << 2)) * rowWide;
      let k = from;
      for (; k + 4 <= to; k += 4) {
        const x = v128.load(share + ((<usize>k) << 2));
        const t = target + ((<usize>k) << 3);
        v128.store(t, f64x2.add(v128.load(t), f64x2.promote_low_f32x4(x)));
        v128.store(t, f64x2.add(v128.load(t, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1))), 16);
      }
      for (; k < to; k++) {
        const t = target + ((<usize>k) << 3);
        store<f64>(t, load<f64>(t) + <f64>load<f32>(share + ((<usize>k) << 2)));
      }
    }
  }
}

/** out[i] = wide[i] / w rounded to float32, for n values (wide of f64): spreadWide's sums, ready for the products. */
export function narrowDivided(wide: usize, out: usize, n: i32, w: f64): void {
  const w2 = f64x2.splat(w);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = wide + ((<usize>i) << 3);
    const low = f32x4.demote_f64x2_zero(f64x2.div(v128.load(at), w2));
    const high = f32x4.demote_f64x2_zero(f64x2.div(v128.load(at, 16), w2));
    v128.store(out + ((<usize>i) << 2), v128.shuffle<f32>(low, high, 0, 1, 4, 5));
  }
  for (; i < n; i++) store<f32>(out + ((<usize>i) << 2), <f32>(load<f64>(wide + ((<usize>i) << 3)) / w));
}

/** row[k] /= w for k < cols. */
function divideRow(row: usize, cols: i32, w: f32): void {
  const c4 = cols & ~3;
  let k = 0;
  for (; k < c4; k += 4) v128.store(row + ((<usize>k) << 2), f32x4.div(v128.load(row + ((<usize>k) << 2)), f32x4.splat(w)));
  for (; k < cols; k++) store<f32>(row + ((<usize>k) << 2), load<f32>(row + ((<usize>k) << 2)) / w);
}

/** table[ids[i W + j]] += src[i] / W for the n windows of W ids (src [n, cols] is divided in place): meanRows' gradient. */
export function spreadRows(src: usize, ids: usize, table: usize, n: i32, window: i32, cols: i32): void {
  const row = (<usize>cols) << 2;
  for (let i = 0; i < n; i++) {
    const share = src + <usize>i * row;
    divideRow(share, cols, <f32>window);
    for (let j = 0; j < window; j++) {
      const target = table + <usize>load<i32>(ids + ((<usize>(i * window + j)) << 2)) * row;
      addInto(target, share, target, cols);
    }
  }
}

/** out[i] = a[i] + b[i] for n floats. */
export function add(a: usize, b: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(out + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(out + o, load<f32>(a + o) + load<f32>(b + o));
  }
}

/**
 * Softmax cross entropy of each row of logits [n, cols] against its int32 label: returns the sum of the n
 * losses (log-sum-exp minus the label's logit) and overwrites the logits with their gradient,
 * (softmax - one-hot) * scale.
 */
export function softmaxCrossEntropy(logits: usize, labels: usize, n: i32, cols: i32, scale: f32): f64 {
  let total: f64 = 0;
  for (let i = 0; i < n; i++) total += softmaxRow(logits + ((<usize>i * <usize>cols) << 2), cols, <usize>load<i32>(labels + ((<usize>i) << 2)), scale);
  return total;
}

/** One row of softmaxCrossEntropy: its loss, the row overwritten with its gradient. */
function softmaxRow(row: usize, cols: i32, label: usize, scale: f32): f64 {
  const c4 = cols & ~3;
  let top = f32x4.splat(-Infinity);
  let j = 0;
  for (; j < c4; j += 4) top = f32x4.max(top, v128.load(row + ((<usize>j) << 2)));
  let most: f32 = max4(top);
  for (; j < cols; j++) most = max(most, load<f32>(row + ((<usize>j) << 2)));
  const at = row + (label << 2);
  const picked = load<f32>(at);
  const shift = f32x4.splat(most);
  let sums = f32x4.splat(0);
  j = 0;
  for (; j < c4; j += 4) {
    const o = (<usize>j) << 2;
    const e = exp4(f32x4.sub(v128.load(row + o), shift));
    v128.store(row + o, e);
    sums = f32x4.add(sums, e);
  }
  let sum = sum4(sums);
  for (; j < cols; j++) {
    const o = (<usize>j) << 2;
    const e = Mathf.exp(load<f32>(row + o) - most);
    store<f32>(row + o, e);
    sum += e;
  }
  const loss = <f64>(Mathf.log(sum) + most - picked);
  const factor = f32x4.splat(scale / sum);
  j = 0;
  for (; j < c4; j += 4) {
    const o = (<usize>j) << 2;
    v128.store(row + o, f32x4.mul(v128.load(row + o), factor));
  }
  for (; j < cols; j++) {
    const o = (<usize>j) << 2;
    store<f32>(row + o, load<f32>(row + o) * (scale / sum));
  }
  store<f32>(at, load<f32>(at) - scale);
  return loss;
}

/**
 * CBOW's logits on the V x V route and their softmax cross entropy, a row at a time (the row still in cache for the
 * softmax): out[i] = the mean of P's rows ids[i W..i W + W - 1], then softmaxCrossEntropy's loss and gradient.
 */
export function meanSoftmaxCrossEntropy(table: usize, ids: usize, labels: usize, out: usize, n: i32, window: i32, cols: i32, scale: f32): f64 {
  const row = (<usize>cols) << 2;
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const target = out + <usize>i * row;
    meanInto(table, ids + ((<usize>(i * window)) << 2), window, cols, target);
    total += softmaxRow(target, cols, <usize>load<i32>(labels + ((<usize>i) << 2)), scale);
  }
  return total;
}

/** x *= s for n floats. */
export function scale(x: usize, n: i32, s: f32): void {
  const n4 = n & ~3;
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i < n4; i += 4) v128.store(x + ((<usize>i) << 2), f32x4.mul(v128.load(x + ((<usize>i) << 2)), sv));
  for (; i < n; i++) store<f32>(x + ((<usize>i) << 2), load<f32>(x + ((<usize>i) << 2)) * s);
}
