// The tiny GPT's layers (Lesson 9) forward and back, for the training step that src/kernels/gpt/engine.ts runs
// in this module's memory: the embeddings, LayerNorm, GELU and ReLU (the attention is attention.ts's, AdamW
// adamw.ts's). The products are matmul.ts's. Rows are the batch's positions, row b T + t for position t of sequence b.

import { addInto } from './rows';
import { exp4, HALF, lanes, madd, ONE, sum4 } from './simd';

/** out[b T + t] = tokens[ids[b T + t]] + positions[t]: x [B T, D], the blocks' input. */
export function embed(tokens: usize, positions: usize, ids: usize, out: usize, B: i32, T: i32, D: i32): void {
  const row = (<usize>D) << 2;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const i = b * T + t;
      addInto(tokens + <usize>load<i32>(ids + ((<usize>i) << 2)) * row, positions + <usize>t * row, out + <usize>i * row, D);
    }
  }
}

/** embed's gradient from dx [B T, D]: dTokens[ids[i]] += dx[i], dPositions[t] += dx[b T + t]. */
export function embedBackward(dx: usize, ids: usize, dTokens: usize, dPositions: usize, B: i32, T: i32, D: i32): void {
  const row = (<usize>D) << 2;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const i = b * T + t;
      const src = dx + <usize>i * row;
      const token = dTokens + <usize>load<i32>(ids + ((<usize>i) << 2)) * row;
      addInto(token, src, token, D);
      const position = dPositions + <usize>t * row;
      addInto(position, src, position, D);
    }
  }
}

/**
 * LayerNorm of each row of x [n, d]: out = (x - mean) rstd gain + bias with rstd = 1 / sqrt(var + eps) and the
 * biased variance; keeps mean [n] and rstd [n] for the way back.
 */
export function layerNorm(x: usize, gain: usize, bias: usize, out: usize, mean: usize, rstd: usize, n: i32, d: i32, eps: f32): void {
  const d4 = d & ~3;
  for (let i = 0; i < n; i++) {
    const row = x + ((<usize>i * <usize>d) << 2);
    const dst = out + ((<usize>i * <usize>d) << 2);
    // Two sums each (even and odd vectors), so each chain waits on half as many adds.
    let sums = f32x4.splat(0);
    let sums1 = f32x4.splat(0);
    let j = 0;
    for (; j + 8 <= d4; j += 8) {
      sums = f32x4.add(sums, v128.load(row + ((<usize>j) << 2)));
      sums1 = f32x4.add(sums1, v128.load(row + ((<usize>j) << 2), 16));
    }
    for (; j < d4; j += 4) sums = f32x4.add(sums, v128.load(row + ((<usize>j) << 2)));
    let s = sum4(f32x4.add(sums, sums1));
    for (; j < d; j++) s += load<f32>(row + ((<usize>j) << 2));
    const m = s / <f32>d;
    const mv = f32x4.splat(m);
    let squares = f32x4.splat(0);
    let squares1 = f32x4.splat(0);
    j = 0;
    for (; j + 8 <= d4; j += 8) {
      const c = f32x4.sub(v128.load(row + ((<usize>j) << 2)), mv);
      const c1 = f32x4.sub(v128.load(row + ((<usize>j) << 2), 16), mv);
      squares = madd(c, c, squares);
      squares1 = madd(c1, c1, squares1);
    }
    for (; j < d4; j += 4) {
      const c = f32x4.sub(v128.load(row + ((<usize>j) << 2)), mv);
      squares = madd(c, c, squares);
    }
    let q = sum4(f32x4.add(squares, squares1));
    for (; j < d; j++) {
      const c = load<f32>(row + ((<usize>j) << 2)) - m;
      q += c * c;
    }
    const r: f32 = 1 / Mathf.sqrt(q / <f32>d + eps);
    const rv = f32x4.splat(r);
    j = 0;
    for (; j < d4; j += 4) {
      const o = (<usize>j) << 2;
      const normed = f32x4.mul(f32x4.sub(v128.load(row + o), mv), rv);
      v128.store(dst + o, madd(normed, v128.load(gain + o), v128.load(bias + o)));
    }
    for (; j < d; j++) {
      const o = (<usize>j) << 2;
      store<f32>(dst + o, (load<f32>(row + o) - m) * r * load<f32>(gain + o) + load<f32>(bias + o));
    }
    store<f32>(mean + ((<usize>i) << 2), m);
    store<f32>(rstd + ((<usize>i) << 2), r);
  }
}

/**
 * LayerNorm back from dOut [n, d]: dx += (g - mean(g) - x^ mean(g x^)) rstd with g = dOut gain and x^ the
 * normalised row; dGain += dOut x^ and dBias += dOut (all three accumulate).
 */
export function layerNormBackward(dOut: usize, x: usize, mean: usize, rstd: usize, gain: usize, dx: usize, dGain: usize, dBias: usize, n: i32, d: i32): void {
  const d4 = d & ~3;
  for (let i = 0; i < n; i++) {
    const off = (<usize>i * <usize>d) << 2;
    const m = load<f32>(mean + ((<usize>i) << 2));
    const r = load<f32>(rstd + ((<usize>i) << 2));
    const mv = f32x4.splat(m);
    const rv = f32x4.splat(r);
    let gs = f32x4.splat(0);
    let gxs = f32x4.splat(0);
    let gs1 = f32x4.splat(0);
    let gxs1 = f32x4.splat(0);
    let j = 0;
    for (; j + 8 <= d4; j += 8) {
      const o = (<usize>j) << 2;
      const g = f32x4.mul(v128.load(dOut + off + o), v128.load(gain + o));
      const g1 = f32x4.mul(v128.load(dOut + off + o, 16), v128.load(gain + o, 16));
      gs = f32x4.add(gs, g);
      gs1 = f32x4.add(gs1, g1);
      gxs = madd(g, f32x4.mul(f32x4.sub(v128.load(x + off + o), mv), rv), gxs);
      gxs1 = madd(g1, f32x4.mul(f32x4.sub(v128.load(x + off + o, 16), mv), rv), gxs1);
    }
    for (; j < d4; j += 4) {
      const o = (<usize>j) << 2;
      const g = f32x4.mul(v128.load(dOut + off + o), v128.load(gain + o));
      gs = f32x4.add(gs, g);
      gxs = madd(g, f32x4.mul(f32x4.sub(v128.load(x + off + o), mv), rv), gxs);
    }
    let gSum = sum4(f32x4.add(gs, gs1));
    let gxSum = sum4(f32x4.add(gxs, gxs1));
    for (; j < d; j++) {
      const o = (<usize>j) << 2;
      const g = load<f32>(dOut + off + o) * load<f32>(gain + o);
      gSum += g;
      gxSum += g * (load<f32>(x + off + o) - m) * r;
    }
    const gMean = gSum / <f32>d;
    const gxMean = gxSum / <f32>d;
    const gMeanV = f32x4.splat(gMean);
    const gxMeanV = f32x4.splat(gxMean);
    j = 0;
    for (; j < d4; j += 4) {
      const o = (<usize>j) << 2;
      const dy = v128.load(dOut + off + o);
      const normed = f32x4.mul(f32x4.sub(v128.load(x + off + o), mv), rv);
      v128.store(dBias + o, f32x4.add(v128.load(dBias + o), dy));
      v128.store(dGain + o, madd(dy, normed, v128.load(dGain + o)));
      const g = f32x4.mul(dy, v128.load(gain + o));
      const delta = f32x4.mul(f32x4.sub(f32x4.sub(g, gMeanV), f32x4.mul(normed, gxMeanV)), rv);
      v128.store(dx + off + o, f32x4.add(v128.load(dx + off + o), delta));
    }
    for (; j < d; j++) {
      const o = (<usize>j) << 2;
      const dy = load<f32>(dOut + off + o);
      const normed = (load<f32>(x + off + o) - m) * r;
      store<f32>(dBias + o, load<f32>(dBias + o) + dy);
      store<f32>(dGain + o, load<f32>(dGain + o) + dy * normed);
      const g = dy * load<f32>(gain + o);
      store<f32>(dx + off + o, load<f32>(dx + off + o) + (g - gMean - normed * gxMean) * r);
    }
  }
}

// erf as a ratio of two polynomials in x^2 over [-4, 4] (odd over even; past 4 erf is 1 in floats): Eigen's and
// XLA's single-precision erf, absolute error under 5e-7 in floats (Abramowitz and Stegun 7.1.26, the form tfjs's
// Erf kernel uses, reaches 5.4e-7 in floats). No exp, one division: GELU's forward pass 2.1-2.4x faster than with 7.1.26.
const ERF_CLAMP: f32 = 4;
const SQRT1_2: f32 = Mathf.SQRT1_2;
const INV_SQRT_2PI: f32 = 0.3989422804014327;
// The constants in memory (the numerator's and the denominator's from the highest power), for simd.ts's lanes.
const ERF_CLAMP_CELL = memory.data<f32>([ERF_CLAMP]);
const ERF_NUM_CELLS = memory.data<f32>([
  -2.72614225801306e-10, 2.77068142495902e-8, -2.10102402082508e-6, -5.69250639462346e-5, -7.34990630326855e-4, -2.95459980854025e-3, -1.60960333262415e-2,
]);
const ERF_DEN_CELLS = memory.data<f32>([-1.45660718464996e-5, -2.13374055278905e-4, -1.68282697438203e-3, -7.37332916720468e-3, -1.42647390514189e-2]);
const SQRT1_2_CELL = memory.data<f32>([SQRT1_2]);
const INV_SQRT_2PI_CELL = memory.data<f32>([INV_SQRT_2PI]);
const MINUS_HALF = memory.data<f32>([-0.5]);

/** erf(z) on four lanes. */
function erf4(z: v128): v128 {
  const c = f32x4.pmax(f32x4.pmin(z, lanes(ERF_CLAMP_CELL)), f32x4.neg(lanes(ERF_CLAMP_CELL)));
  const c2 = f32x4.mul(c, c);
  // Unrolled by hand: the two chains interleave, and each coefficient is a constant offset.
  let p = madd(lanes(ERF_NUM_CELLS), c2, lanes(ERF_NUM_CELLS + 4));
  let q = madd(lanes(ERF_DEN_CELLS), c2, lanes(ERF_DEN_CELLS + 4));
  p = madd(p, c2, lanes(ERF_NUM_CELLS + 8));
  q = madd(q, c2, lanes(ERF_DEN_CELLS + 8));
  p = madd(p, c2, lanes(ERF_NUM_CELLS + 12));
  q = madd(q, c2, lanes(ERF_DEN_CELLS + 12));
  p = madd(p, c2, lanes(ERF_NUM_CELLS + 16));
  q = madd(q, c2, lanes(ERF_DEN_CELLS + 16));
  p = madd(p, c2, lanes(ERF_NUM_CELLS + 20));
  p = madd(p, c2, lanes(ERF_NUM_CELLS + 24));
  return f32x4.div(f32x4.mul(c, p), q);
}

function erf(z: f32): f32 {
  const c = Mathf.max(Mathf.min(z, ERF_CLAMP), -ERF_CLAMP);
  const c2 = c * c;
  let p = load<f32>(ERF_NUM_CELLS);
  for (let i = 1; i < 7; i++) p = p * c2 + load<f32>(ERF_NUM_CELLS + ((<usize>i) << 2));
  let q = load<f32>(ERF_DEN_CELLS);
  for (let i = 1; i < 5; i++) q = q * c2 + load<f32>(ERF_DEN_CELLS + ((<usize>i) << 2));
  return (c * p) / q;
}

/**
 * out = GELU(x) = x Phi(x) for n floats, Phi(x) = (1 + erf(x / sqrt 2)) / 2 (the exact form, not the tanh
 * approximation); keeps Phi(x) in `cdf` for the way back.
 */
export function gelu(x: usize, out: usize, cdf: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = (<usize>i) << 2;
    const v = v128.load(x + o);
    const phi = f32x4.mul(lanes(HALF), f32x4.add(lanes(ONE), erf4(f32x4.mul(v, lanes(SQRT1_2_CELL)))));
    v128.store(cdf + o, phi);
    v128.store(out + o, f32x4.mul(v, phi));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const v = load<f32>(x + o);
    const phi: f32 = <f32>0.5 * (1 + erf(v * SQRT1_2));
    store<f32>(cdf + o, phi);
    store<f32>(out + o, v * phi);
  }
}

/** dx = dOut GELU'(x), GELU'(x) = Phi(x) + x exp(-x^2 / 2) / sqrt(2 pi), with Phi(x) from the forward pass, for n floats. */
export function geluBackward(x: usize, cdf: usize, dOut: usize, dx: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  // Two vectors a pass: their two chains of exp4 overlap (1.55-2.1 ns an element in Chromium, 1.75-2.4 one at a time; GELU's forward pass, with erf's division, ran 5 % slower so).
  const n8 = n & ~7;
  for (; i < n8; i += 8) {
    const o = (<usize>i) << 2;
    const v = v128.load(x + o);
    const w = v128.load(x + o, 16);
    const pv = f32x4.mul(lanes(INV_SQRT_2PI_CELL), exp4(f32x4.mul(f32x4.mul(v, v), lanes(MINUS_HALF))));
    const pw = f32x4.mul(lanes(INV_SQRT_2PI_CELL), exp4(f32x4.mul(f32x4.mul(w, w), lanes(MINUS_HALF))));
    v128.store(dx + o, f32x4.mul(v128.load(dOut + o), madd(v, pv, v128.load(cdf + o))));
    v128.store(dx + o, f32x4.mul(v128.load(dOut + o, 16), madd(w, pw, v128.load(cdf + o, 16))), 16);
  }
  for (; i < n4; i += 4) {
    const o = (<usize>i) << 2;
    const v = v128.load(x + o);
    const pdf = f32x4.mul(lanes(INV_SQRT_2PI_CELL), exp4(f32x4.mul(f32x4.mul(v, v), lanes(MINUS_HALF))));
    v128.store(dx + o, f32x4.mul(v128.load(dOut + o), madd(v, pdf, v128.load(cdf + o))));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const v = load<f32>(x + o);
    const grad: f32 = load<f32>(cdf + o) + v * INV_SQRT_2PI * Mathf.exp(<f32>-0.5 * v * v);
    store<f32>(dx + o, load<f32>(dOut + o) * grad);
  }
}

/** ReLU (Project II's transformer, Lesson 12): out = max(x, 0), in place allowed. */
export function relu(x: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i < n4; i += 4) v128.store(out + ((<usize>i) << 2), f32x4.max(v128.load(x + ((<usize>i) << 2)), zero));
  for (; i < n; i++) store<f32>(out + ((<usize>i) << 2), max<f32>(load<f32>(x + ((<usize>i) << 2)), 0));
}

/** ReLU's gradient: dx = dOut where x > 0, else 0 (dx may be dOut). */
export function reluBackward(x: usize, dOut: usize, dx: usize, n: i32): void {
  const n4 = n & ~3;
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i < n4; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(dx + o, v128.and(v128.load(dOut + o), f32x4.gt(v128.load(x + o), zero)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(dx + o, load<f32>(x + o) > 0 ? load<f32>(dOut + o) : 0);
  }
}
