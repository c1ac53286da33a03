// Lane helpers the kernels share: multiply-add, and exp, sigmoid and tanh on four lanes and on one.

/** a b + c on four lanes: one fused multiply-add where the module is built with relaxed SIMD (npm run kernels). */
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** 1.5 2^23: added to a float under 2^22 in size, it leaves that float rounded to an integer (ties to even) in the low mantissa bits. */
const ROUNDER: f32 = 12582912.0;
const ROUNDER_BITS: i32 = 0x4b400000;

/**
 * exp(x) on four lanes: 2^n e^r with r in [-ln2/2, ln2/2] and Cephes' degree-5 polynomial (about 1 ulp). n is
 * rounded by adding ROUNDER, which also leaves it as an integer in the sum's bits: the same n as f32x4.nearest, without
 * the float-to-int conversion that costs x86 several instructions.
 */
export function exp4(x: v128): v128 {
  // pmin and pmax are one instruction each on x86 (min and max take several, for NaN and -0).
  const v = f32x4.pmax(f32x4.pmin(x, f32x4.splat(88.0)), f32x4.splat(-87.0));
  const rounded = f32x4.add(f32x4.mul(v, f32x4.splat(Mathf.LOG2E)), f32x4.splat(ROUNDER));
  const n = f32x4.sub(rounded, f32x4.splat(ROUNDER));
  let r = f32x4.sub(v, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.1219444e-4)));
  let p = f32x4.splat(1.98756915e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));
  const scale = i32x4.shl(i32x4.add(rounded, i32x4.splat(127 - ROUNDER_BITS)), 23);
  return f32x4.mul(p, scale);
}

export function sigmoid4(x: v128): v128 {
  return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), exp4(f32x4.neg(x))));
}

export function tanh4(x: v128): v128 {
  return f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(exp4(f32x4.add(x, x)), f32x4.splat(1.0))));
}

export function sigmoid(x: f32): f32 {
  return 1 / (1 + Mathf.exp(-x));
}

export function tanhf(x: f32): f32 {
  // tanh(x) = 1 - 2 / (exp(2x) + 1), exact enough in float32 and safe for large |x|.
  return 1 - 2 / (Mathf.exp(2 * x) + 1);
}
