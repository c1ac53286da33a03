// Row-wise kernels: sums, bias rows, embedding lookups and their gradients, and softmax cross entropy.

import { exp4 } from './simd';

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

/** row[k] /= w for k < cols. */
function divideRow(row: usize, cols: i32, w: f32): void {
  const c4 = cols & ~3;
  let k = 0;
  for (; k < c4; k += 4) v128.store(row + ((<usize>k) << 2), f32x4.div(v128.load(row + ((<usize>k) << 2)), f32x4.splat(w)));
  for (; k < cols; k++) store<f32>(row + ((<usize>k) << 2), load<f32>(row + ((<usize>k) << 2)) / w);
}

/** out[i] = the mean of table's rows ids[i W], ..., ids[i W + W - 1] for n windows of W int32 ids: CBOW's context means [n, cols]. */
export function meanRows(table: usize, ids: usize, n: i32, window: i32, cols: i32, out: usize): void {
  const row = (<usize>cols) << 2;
  for (let i = 0; i < n; i++) {
    const target = out + <usize>i * row;
    memory.fill(target, 0, row);
    for (let j = 0; j < window; j++) addInto(target, table + <usize>load<i32>(ids + ((<usize>(i * window + j)) << 2)) * row, target, cols);
    divideRow(target, cols, <f32>window);
  }
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
  const c4 = cols & ~3;
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const row = logits + ((<usize>i * <usize>cols) << 2);
    let top = f32x4.splat(-Infinity);
    let j = 0;
    for (; j < c4; j += 4) top = f32x4.max(top, v128.load(row + ((<usize>j) << 2)));
    let most: f32 = max(max(f32x4.extract_lane(top, 0), f32x4.extract_lane(top, 1)), max(f32x4.extract_lane(top, 2), f32x4.extract_lane(top, 3)));
    for (; j < cols; j++) most = max(most, load<f32>(row + ((<usize>j) << 2)));
    const label = <usize>load<i32>(labels + ((<usize>i) << 2));
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
    let sum = f32x4.extract_lane(sums, 0) + f32x4.extract_lane(sums, 1) + f32x4.extract_lane(sums, 2) + f32x4.extract_lane(sums, 3);
    for (; j < cols; j++) {
      const o = (<usize>j) << 2;
      const e = Mathf.exp(load<f32>(row + o) - most);
      store<f32>(row + o, e);
      sum += e;
    }
    total += <f64>(Mathf.log(sum) + most - picked);
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
  }
  return total;
}
