// Lane helpers the kernels share: multiply-add, exp, sigmoid and tanh on four lanes and on one, and short copies.

/** a b + c on four lanes: one fused multiply-add where the module is built with relaxed SIMD (npm run kernels). */
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** 1.5 2^23: added to a float under 2^22 in size, it leaves that float rounded to an integer (ties to even) in the low mantissa bits. */
const ROUNDER: f32 = 12582912.0;
const ROUNDER_BITS: i32 = 0x4b400000;

/**
 * A constant on four lanes, read from the module's memory (`at`: one of the cells below, made by memory.data). Inside a
 * loop, f32x4.splat(constant) becomes a v128.const, which V8 builds again each time round (three instructions or
 * more through a general register, every constant, every pass: Chromium's GELU ran at 4.3-4.7 ns an element so); a
 * cell costs one load, which the loop's arithmetic does not wait on (2.4-2.7 ns).
 */
export function lanes(at: usize): v128 {
  return v128.load32_splat(at);
}

/** The sum of four lanes, left to right. */
export function sum4(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** The sum of four lanes as two pairs, (0 + 1) + (2 + 3). */
export function pairSum4(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** The largest of four lanes. */
export function max4(v: v128): f32 {
  return max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

export const ONE = memory.data<f32>([1.0]);
export const TWO = memory.data<f32>([2.0]);
export const HALF = memory.data<f32>([0.5]);
const EXP_HI = memory.data<f32>([88.0]);
const EXP_LO = memory.data<f32>([-87.0]);
const LOG2E = memory.data<f32>([Mathf.LOG2E]);
const ROUND = memory.data<f32>([ROUNDER]);
// ln 2 in two parts, negated (r = v - n ln2 as two multiply-adds).
const MINUS_LN2_HI = memory.data<f32>([-0.693359375]);
const MINUS_LN2_LO = memory.data<f32>([2.1219444e-4]);
const EXP_P = memory.data<f32>([1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1]);
const EXP_BIAS = memory.data<i32>([127 - ROUNDER_BITS]);

/**
 * exp(x) on four lanes: 2^n e^r with r in [-ln2/2, ln2/2] and Cephes' degree-5 polynomial (about 1 ulp). n is
 * rounded by adding ROUNDER, which also leaves it as an integer in the sum's bits: the same n as f32x4.nearest, without
 * the float-to-int conversion that costs x86 several instructions.
 */
export function exp4(x: v128): v128 {
  // pmin and pmax are one instruction each on x86 (min and max take several, for NaN and -0).
  const v = f32x4.pmax(f32x4.pmin(x, lanes(EXP_HI)), lanes(EXP_LO));
  const rounded = madd(v, lanes(LOG2E), lanes(ROUND));
  const n = f32x4.sub(rounded, lanes(ROUND));
  const r = madd(n, lanes(MINUS_LN2_LO), madd(n, lanes(MINUS_LN2_HI), v));
  let p = madd(lanes(EXP_P), r, lanes(EXP_P + 4));
  p = madd(p, r, lanes(EXP_P + 8));
  p = madd(p, r, lanes(EXP_P + 12));
  p = madd(p, r, lanes(EXP_P + 16));
  p = madd(p, r, lanes(EXP_P + 20));
  p = f32x4.add(madd(f32x4.mul(p, r), r, r), lanes(ONE));
  const scale = i32x4.shl(i32x4.add(rounded, lanes(EXP_BIAS)), 23);
  return f32x4.mul(p, scale);
}

export function sigmoid4(x: v128): v128 {
  return f32x4.div(lanes(ONE), f32x4.add(lanes(ONE), exp4(f32x4.neg(x))));
}

export function tanh4(x: v128): v128 {
  return f32x4.sub(lanes(ONE), f32x4.div(lanes(TWO), f32x4.add(exp4(f32x4.add(x, x)), lanes(ONE))));
}

export function sigmoid(x: f32): f32 {
  return 1 / (1 + Mathf.exp(-x));
}

export function tanhf(x: f32): f32 {
  // tanh(x) = 1 - 2 / (exp(2x) + 1), exact enough in float32 and safe for large |x|.
  return 1 - 2 / (Mathf.exp(2 * x) + 1);
}

/**
 * n floats from src to dst, four at a time: memory.copy and memory.fill call out of the module in V8, which for a
 * head's row of 24-32 floats cost more than the copy (Lesson 12's attention: 2.7 -> 2.1 ms forward, 3.5 -> 2.7 back).
 */
export function copyFloats(dst: usize, src: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) v128.store(dst + ((<usize>i) << 2), v128.load(src + ((<usize>i) << 2)));
  for (let i = n4; i < n; i++) store<f32>(dst + ((<usize>i) << 2), load<f32>(src + ((<usize>i) << 2)));
}

/** n zeros from dst on, four at a time (copyFloats' reason). */
export function zeroFloats(dst: usize, n: i32): void {
  const n4 = n & ~3;
  const zero = f32x4.splat(0);
  for (let i = 0; i < n4; i += 4) v128.store(dst + ((<usize>i) << 2), zero);
  for (let i = n4; i < n; i++) store<f32>(dst + ((<usize>i) << 2), 0);
}
