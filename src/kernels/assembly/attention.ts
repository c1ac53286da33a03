// The tiny GPT's causal multi-head attention forward and back (Lesson 9), on the fused q/k/v rows [B T, 3D]
// that src/kernels/gpt/forward.ts computes: per sequence and head, the scores Q K^T / sqrt(dh) with everything
// above the diagonal masked, their softmax, and the weighted sum of the values.

import { matmul, matmulColumns, matmulLeading, matmulTNRows } from './matmul';
import { copyFloats, exp4, max4, pairSum4, zeroFloats } from './simd';
import { turn4x4 } from './tile';

/** Lanes [0, n) of four, as a mask (all ones where the lane is below n, zeros from n on). */
function lanesBelow(n: i32): v128 {
  return i32x4.gt_s(i32x4.splat(n), i32x4(0, 1, 2, 3));
}

/** The first `count` floats of `row` (a multiple of four) replaced by exp((x - most) scale); their sums, lane by lane. */
function expShifted(row: usize, count: i32, most: f32, scale: f32): v128 {
  const mostV = f32x4.splat(most);
  const scaleV = f32x4.splat(scale);
  let sums = f32x4.splat(0);
  for (let s = 0; s < count; s += 4) {
    const o = (<usize>s) << 2;
    const e = exp4(f32x4.mul(f32x4.sub(v128.load(row + o), mostV), scaleV));
    v128.store(row + o, e);
    sums = f32x4.add(sums, e);
  }
  return sums;
}

/** The first `count` floats of `row` (a multiple of four) times `factor`'s lanes. */
function scaleVectors(row: usize, count: i32, factor: v128): void {
  for (let s = 0; s < count; s += 4) v128.store(row + ((<usize>s) << 2), f32x4.mul(v128.load(row + ((<usize>s) << 2)), factor));
}

/**
 * Row t of the scores (T floats at `row`): softmax(scale x) over its first n = t + 1 values, four lanes at a time,
 * and zeros after them (the causal mask). Where the row has room, the last few values ride in a vector whose lanes
 * past n are masked (to -inf for the maximum, to zero after exp): a one-value exp after the vectors cost as much as
 * the rest of a short row.
 */
function softmaxCausalRow(row: usize, n: i32, T: i32, scale: f32): void {
  const whole = (n + 3) & ~3;
  if (whole > T) {
    softmaxCausalTail(row, n, T, scale);
    return;
  }
  const last = whole - 4;
  const keep = lanesBelow(n - last);
  const lastAt = row + ((<usize>last) << 2);
  const lastV = v128.bitselect(v128.load(lastAt), f32x4.splat(-Infinity), keep);
  let top = lastV;
  for (let s = 0; s < last; s += 4) top = f32x4.pmax(top, v128.load(row + ((<usize>s) << 2)));
  const most = max4(top);
  const eLast = v128.and(exp4(f32x4.mul(f32x4.sub(lastV, f32x4.splat(most)), f32x4.splat(scale))), keep);
  const sum = pairSum4(f32x4.add(expShifted(row, last, most, scale), eLast));
  const invV = f32x4.splat(<f32>1 / sum);
  scaleVectors(row, last, invV);
  v128.store(lastAt, f32x4.mul(eLast, invV));
  zeroFloats(row + ((<usize>whole) << 2), T - whole);
}

/** softmaxCausalRow for a row without room for a last vector (T not a multiple of four): the last values one at a time. */
function softmaxCausalTail(row: usize, n: i32, T: i32, scale: f32): void {
  const n4 = n & ~3;
  let top = f32x4.splat(-Infinity);
  for (let s = 0; s < n4; s += 4) top = f32x4.pmax(top, v128.load(row + ((<usize>s) << 2)));
  let most = max4(top);
  for (let s = n4; s < n; s++) most = max(most, load<f32>(row + ((<usize>s) << 2)));
  let sum = pairSum4(expShifted(row, n4, most, scale));
  for (let s = n4; s < n; s++) {
    const e = Mathf.exp((load<f32>(row + ((<usize>s) << 2)) - most) * scale);
    store<f32>(row + ((<usize>s) << 2), e);
    sum += e;
  }
  const inv: f32 = 1 / sum;
  const invV = f32x4.splat(inv);
  scaleVectors(row, n4, invV);
  for (let s = n4; s < n; s++) store<f32>(row + ((<usize>s) << 2), load<f32>(row + ((<usize>s) << 2)) * inv);
  zeroFloats(row + ((<usize>n) << 2), T - n);
}

/**
 * Row t back through the softmax: dRow = aRow (dRow - aRow . dRow) scale over the first n = t + 1 values, four
 * lanes at a time, and zeros after them.
 */
function softmaxCausalRowBackward(aRow: usize, dRow: usize, n: i32, T: i32, scale: f32): void {
  const n4 = n & ~3;
  let dots = f32x4.splat(0);
  for (let s = 0; s < n4; s += 4) dots = f32x4.add(dots, f32x4.mul(v128.load(aRow + ((<usize>s) << 2)), v128.load(dRow + ((<usize>s) << 2))));
  let dot = pairSum4(dots);
  for (let s = n4; s < n; s++) dot += load<f32>(aRow + ((<usize>s) << 2)) * load<f32>(dRow + ((<usize>s) << 2));
  const dotV = f32x4.splat(dot);
  const scaleV = f32x4.splat(scale);
  for (let s = 0; s < n4; s += 4) {
    const o = (<usize>s) << 2;
    v128.store(dRow + o, f32x4.mul(f32x4.mul(v128.load(aRow + o), f32x4.sub(v128.load(dRow + o), dotV)), scaleV));
  }
  for (let s = n4; s < n; s++) {
    const o = (<usize>s) << 2;
    store<f32>(dRow + o, load<f32>(aRow + o) * (load<f32>(dRow + o) - dot) * scale);
  }
  zeroFloats(dRow + ((<usize>n) << 2), T - n);
}

/** Rows of a causal product taken at a time: each block's sum stops at its last row's position. */
const CAUSAL_ROWS = 16;

/** The byte offset of row r of a matrix `cols` floats wide. */
function rowOf(r: i32, cols: i32): usize {
  return (<usize>r * <usize>cols) << 2;
}

/**
 * Rows [r0, r1) of out [T, T] = x [T, dh] yT [dh, T] (scores, or their gradient), computed only up to column r1 - 1
 * rounded up to a panel of eight: the columns past it are above the diagonal for every row of the block.
 */
function causalScores(x: usize, yT: usize, out: usize, r0: i32, r1: i32, dh: i32, T: i32): void {
  matmulColumns(x + rowOf(r0, dh), yT, 0, out + rowOf(r0, T), r1 - r0, dh, T, false, 0, min(T, (r1 + 7) & ~7));
}

/** Copies head h's columns [h dh, (h + 1) dh) of T rows of `src` (rows of `stride` floats) into dst [T, dh]. */
function gatherHead(src: usize, stride: i32, dst: usize, T: i32, dh: i32): void {
  const bytes = (<usize>dh) << 2;
  for (let t = 0; t < T; t++) copyFloats(dst + <usize>t * bytes, src + ((<usize>t * <usize>stride) << 2), dh);
}

/** gatherHead's inverse: dst's T rows (of `stride` floats) from src [T, dh]. */
function scatterHead(src: usize, dst: usize, stride: i32, T: i32, dh: i32): void {
  const bytes = (<usize>dh) << 2;
  for (let t = 0; t < T; t++) copyFloats(dst + ((<usize>t * <usize>stride) << 2), src + <usize>t * bytes, dh);
}

/** dst [dh, T] = the transpose of head h's columns of T rows of `src`: four by four blocks turned in registers, then the edges. */
function gatherHeadTransposed(src: usize, stride: i32, dst: usize, T: i32, dh: i32): void {
  const T4 = T & ~3;
  const d4 = dh & ~3;
  const rowSrc = (<usize>stride) << 2;
  const rowDst = (<usize>T) << 2;
  for (let t = 0; t < T4; t += 4) {
    for (let i = 0; i < d4; i += 4) turn4x4(src + <usize>t * rowSrc + ((<usize>i) << 2), rowSrc, dst + <usize>i * rowDst + ((<usize>t) << 2), rowDst);
  }
  for (let t = 0; t < T; t++) {
    const row = src + <usize>t * rowSrc;
    for (let i = t < T4 ? d4 : 0; i < dh; i++) store<f32>(dst + ((<usize>i * <usize>T + <usize>t) << 2), load<f32>(row + ((<usize>i) << 2)));
  }
}

/** Floats of scratch that attentionForward and attentionBackward need: 6 T dh + 2 T T. */
export function attentionScratch(T: i32, D: i32, H: i32): i32 {
  return 6 * T * (D / H) + 2 * T * T;
}

/**
 * Causal multi-head self-attention from qkv [B T, 3D] (Q, K, V side by side, each H heads of dh = D / H): per
 * sequence and head A = softmax(Q K^T / sqrt(dh)) over the positions up to each row (A [B, H, T, T], kept for
 * the way back, zero above the diagonal), and out [B T, D] = A V, the heads side by side.
 */
export function attentionForward(qkv: usize, out: usize, att: usize, scratch: usize, B: i32, T: i32, D: i32, H: i32): void {
  const dh = D / H;
  const scale: f32 = 1 / Mathf.sqrt(<f32>dh);
  const block = (<usize>(T * dh)) << 2;
  const q = scratch;
  const kT = q + block;
  const v = kT + block;
  const o = v + block;
  const rowTT = (<usize>T) << 2;
  for (let b = 0; b < B; b++) {
    const rows = qkv + ((<usize>(b * T) * <usize>(3 * D)) << 2);
    for (let h = 0; h < H; h++) {
      const col = (<usize>(h * dh)) << 2;
      gatherHead(rows + col, 3 * D, q, T, dh);
      gatherHeadTransposed(rows + ((<usize>D) << 2) + col, 3 * D, kT, T, dh);
      gatherHead(rows + ((<usize>(2 * D)) << 2) + col, 3 * D, v, T, dh);
      const a = att + ((<usize>(b * H + h) * <usize>T * <usize>T) << 2);
      // Rows CAUSAL_ROWS at a time, each block's scores only up to its last row (the rest is masked to zero).
      for (let r0 = 0; r0 < T; r0 += CAUSAL_ROWS) {
        const r1 = min(T, r0 + CAUSAL_ROWS);
        causalScores(q, kT, a, r0, r1, dh, T);
      }
      for (let t = 0; t < T; t++) softmaxCausalRow(a + <usize>t * rowTT, t + 1, T, scale);
      for (let r0 = 0; r0 < T; r0 += CAUSAL_ROWS) {
        const r1 = min(T, r0 + CAUSAL_ROWS);
        matmulLeading(a + <usize>r0 * rowTT, T, v, o + rowOf(r0, dh), r1 - r0, r1, dh);
      }
      scatterHead(o, out + ((<usize>(b * T) * <usize>D) << 2) + col, D, T, dh);
    }
  }
}

/** Floats of scratch attendBlock needs for T new rows after `start` cached ones. */
export function blockScratch(T: i32, start: i32, D: i32, H: i32): i32 {
  const dh = D / H;
  const total = start + T;
  return 2 * T * dh + 2 * total * dh + T * total;
}

/**
 * GPT-2's cached attention (decode.ts's attendCached) for several new rows at once, a prompt: their keys and values
 * joined to the caches kCache, vCache [positions, D] at rows start.., then per head the scores of the T new queries
 * against all start + T keys as one product, each row's softmax over the positions up to its own, and the weighted
 * sum of the values as another product, into out [T, D]. Where `att` is not 0, the weights go there too, as
 * [H, T, start + T]. `scratch`: blockScratch's floats.
 */
export function attendBlock(qkv: usize, kCache: usize, vCache: usize, out: usize, scratch: usize, att: usize, T: i32, start: i32, D: i32, H: i32): void {
  const dh = D / H;
  const total = start + T;
  const row = (<usize>D) << 2;
  for (let t = 0; t < T; t++) {
    const src = qkv + <usize>t * 3 * row;
    memory.copy(kCache + <usize>(start + t) * row, src + row, row);
    memory.copy(vCache + <usize>(start + t) * row, src + 2 * row, row);
  }
  const scale: f32 = 1 / Mathf.sqrt(<f32>dh);
  const q = scratch;
  const kT = q + ((<usize>(T * dh)) << 2);
  const v = kT + ((<usize>(total * dh)) << 2);
  const o = v + ((<usize>(total * dh)) << 2);
  const a = o + ((<usize>(T * dh)) << 2);
  const rowA = (<usize>total) << 2;
  for (let h = 0; h < H; h++) {
    const col = (<usize>(h * dh)) << 2;
    gatherHead(qkv + col, 3 * D, q, T, dh);
    gatherHeadTransposed(kCache + col, D, kT, total, dh);
    gatherHead(vCache + col, D, v, total, dh);
    matmul(q, kT, a, T, dh, total, false);
    for (let t = 0; t < T; t++) softmaxCausalRow(a + <usize>t * rowA, start + t + 1, total, scale);
    if (att) memory.copy(att + <usize>(h * T) * rowA, a, <usize>T * rowA);
    matmul(a, v, o, T, total, dh, false);
    scatterHead(o, out + col, D, T, dh);
  }
}

/**
 * attentionForward back from dOut [B T, D]: with A and qkv from the forward pass, dV = A^T dO, dA = dO V^T,
 * dS = A (dA - rowsum(dA A)) / sqrt(dh), dQ = dS K and dK = dS^T Q, written into dQkv [B T, 3D].
 */
export function attentionBackward(dOut: usize, qkv: usize, att: usize, dQkv: usize, scratch: usize, B: i32, T: i32, D: i32, H: i32): void {
  const dh = D / H;
  const scale: f32 = 1 / Mathf.sqrt(<f32>dh);
  const block = (<usize>(T * dh)) << 2;
  const q = scratch;
  const k = q + block;
  const vT = k + block;
  const dO = vT + block;
  const dQ = dO + block;
  const dKV = dQ + block;
  const dA = dKV + block;
  const rowTT = (<usize>T) << 2;
  for (let b = 0; b < B; b++) {
    const rows = qkv + ((<usize>(b * T) * <usize>(3 * D)) << 2);
    const dRows = dQkv + ((<usize>(b * T) * <usize>(3 * D)) << 2);
    for (let h = 0; h < H; h++) {
      const col = (<usize>(h * dh)) << 2;
      gatherHead(rows + col, 3 * D, q, T, dh);
      gatherHead(rows + ((<usize>D) << 2) + col, 3 * D, k, T, dh);
      gatherHeadTransposed(rows + ((<usize>(2 * D)) << 2) + col, 3 * D, vT, T, dh);
      gatherHead(dOut + ((<usize>(b * T) * <usize>D) << 2) + col, D, dO, T, dh);
      const a = att + ((<usize>(b * H + h) * <usize>T * <usize>T) << 2);
      // As forward, CAUSAL_ROWS rows at a time, over the positions below the diagonal only.
      for (let r0 = 0; r0 < T; r0 += CAUSAL_ROWS) {
        const r1 = min(T, r0 + CAUSAL_ROWS);
        matmulTNRows(a + <usize>r0 * rowTT, dO + rowOf(r0, dh), dKV, T, T - r0, dh, r0, r1); // dV
        causalScores(dO, vT, dA, r0, r1, dh, T);
      }
      scatterHead(dKV, dRows + ((<usize>(2 * D)) << 2) + col, 3 * D, T, dh);
      for (let t = 0; t < T; t++) softmaxCausalRowBackward(a + <usize>t * rowTT, dA + <usize>t * rowTT, t + 1, T, scale);
      for (let r0 = 0; r0 < T; r0 += CAUSAL_ROWS) {
        const r1 = min(T, r0 + CAUSAL_ROWS);
        matmulLeading(dA + <usize>r0 * rowTT, T, k, dQ + rowOf(r0, dh), r1 - r0, r1, dh);
        matmulTNRows(dA + <usize>r0 * rowTT, q + rowOf(r0, dh), dKV, T, T - r0, dh, r0, r1); // dK
      }
      scatterHead(dQ, dRows + col, 3 * D, T, dh);
      scatterHead(dKV, dRows + ((<usize>D) << 2) + col, 3 * D, T, dh);
    }
  }
}
