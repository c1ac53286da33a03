// The optimizer's step in the engines' memory: the gradient's squared norm, and AdamW (torch.optim.AdamW's update)
// on one tensor, or on a model's tensors a piece at a time (the pieces both threads share: shared.ts's adamwShared).

import { madd, sum4 } from './simd';

/** Floats of a tensor in a piece of adamwPiece's. */
const PIECE_FLOATS = 16384;

/**
 * The sum of the squares of n floats (for the gradient's norm): four sums of floats, one for each vector of four in
 * a run of sixteen (one chain of multiply-adds waited on each in turn: 0.23 ms for Lesson 9's 0.82 M), added into
 * a double every 4,096 floats.
 */
export function sumSquares(x: usize, n: i32): f64 {
  const n16 = n & ~15;
  let total: f64 = 0;
  let i = 0;
  while (i < n16) {
    const end = min(n16, i + 4096);
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    for (; i < end; i += 16) {
      const at = x + ((<usize>i) << 2);
      const v0 = v128.load(at);
      const v1 = v128.load(at, 16);
      const v2 = v128.load(at, 32);
      const v3 = v128.load(at, 48);
      a0 = madd(v0, v0, a0);
      a1 = madd(v1, v1, a1);
      a2 = madd(v2, v2, a2);
      a3 = madd(v3, v3, a3);
    }
    total += <f64>sum4(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
  }
  for (; i < n; i++) {
    const v = load<f32>(x + ((<usize>i) << 2));
    total += <f64>(v * v);
  }
  return total;
}

/**
 * One AdamW step on n parameters p with gradients g and moments m, v (src/lib/adam.ts's update, which is
 * torch.optim.AdamW's): m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, p = p decay - lr (m / c1) / (sqrt(v / c2) + eps),
 * with decay = 1 - lr weightDecay (1 where the parameter does not decay) and c1, c2 the bias corrections.
 */
export function adamw(p: usize, g: usize, m: usize, v: usize, n: i32, lr: f32, beta1: f32, beta2: f32, eps: f32, decay: f32, c1: f32, c2: f32): void {
  adamwClipped(p, g, m, v, n, lr, beta1, beta2, eps, decay, c1, c2, 1);
}

/** adamw with each gradient times `clip` first (the factor its total norm is clipped by: 1 leaves it as it is). */
export function adamwClipped(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  decay: f32,
  c1: f32,
  c2: f32,
  clip: f32,
): void {
  const n4 = n & ~3;
  const clipV = f32x4.splat(clip);
  const b1 = f32x4.splat(beta1);
  const b2 = f32x4.splat(beta2);
  const rb1 = f32x4.splat(1 - beta1);
  const rb2 = f32x4.splat(1 - beta2);
  const stepV = f32x4.splat(lr / c1);
  const ic2 = f32x4.splat(1 / c2);
  const epsV = f32x4.splat(eps);
  const decayV = f32x4.splat(decay);
  let i = 0;
  for (; i < n4; i += 4) {
    const o = (<usize>i) << 2;
    const gv = f32x4.mul(v128.load(g + o), clipV);
    const mv = madd(b1, v128.load(m + o), f32x4.mul(rb1, gv));
    const vv = madd(b2, v128.load(v + o), f32x4.mul(rb2, f32x4.mul(gv, gv)));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const denominator = f32x4.add(f32x4.sqrt(f32x4.mul(vv, ic2)), epsV);
    v128.store(p + o, f32x4.sub(f32x4.mul(v128.load(p + o), decayV), f32x4.div(f32x4.mul(mv, stepV), denominator)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const gv = load<f32>(g + o) * clip;
    const mv = beta1 * load<f32>(m + o) + (1 - beta1) * gv;
    const vv = beta2 * load<f32>(v + o) + (1 - beta2) * gv * gv;
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    store<f32>(p + o, load<f32>(p + o) * decay - ((lr / c1) * mv) / (Mathf.sqrt(vv / c2) + eps));
  }
}

/** The pieces adamwPiece splits `count` tensors into (the table at `tensors`: adamwPiece's). */
export function adamwPieceCount(tensors: usize, count: i32): i32 {
  let pieces = 0;
  for (let t = 0; t < count; t++) pieces += (load<i32>(tensors + 12 * t, 4) + PIECE_FLOATS - 1) / PIECE_FLOATS;
  return pieces;
}

/**
 * Piece i of an AdamW step over a model's tensors: `tensors` holds `count` i32 triples (the first float's index from
 * `params`, `grads`, `m` and `v`; the floats; 1 where the tensor decays), each tensor split in pieces of PIECE_FLOATS;
 * `settings` the step's f32 lr, beta1, beta2, eps, decay, c1, c2 and clip (adamwClipped's).
 */
export function adamwPiece(i: i32, params: usize, grads: usize, m: usize, v: usize, tensors: usize, count: i32, settings: usize): void {
  let left = i;
  for (let t = 0; t < count; t++) {
    const entry = tensors + 12 * t;
    const size = load<i32>(entry, 4);
    const pieces = (size + PIECE_FLOATS - 1) / PIECE_FLOATS;
    if (left >= pieces) {
      left -= pieces;
      continue;
    }
    const o = (<usize>(load<i32>(entry) + left * PIECE_FLOATS)) << 2;
    const decay = load<i32>(entry, 8) !== 0 ? load<f32>(settings, 16) : <f32>1;
    const s = settings;
    const n = min(size - left * PIECE_FLOATS, PIECE_FLOATS);
    adamwClipped(
      params + o,
      grads + o,
      m + o,
      v + o,
      n,
      load<f32>(s),
      load<f32>(s, 4),
      load<f32>(s, 8),
      load<f32>(s, 12),
      decay,
      load<f32>(s, 20),
      load<f32>(s, 24),
      load<f32>(s, 28),
    );
    return;
  }
}
