// GPT-2 reading text (Lesson 11): the products of one token through weights stored [in, out] (each weight read
// once, row after row), the head's product against the token embeddings [V, D], causal attention over a cache of
// the keys and values seen so far, and the tanh form of GELU that GPT-2 uses.

import { HALF, lanes, madd, ONE, sum4, tanh4, tanhf } from './simd';

/**
 * out[n] = x[k] B[k, n] for one row x: B is read once, two of its rows at a time, each scaled by its entry of x
 * and added into `out` (which stays in cache). With k rows of x (m > 1) the register-blocked matmul does better.
 */
export function vecmat(x: usize, b: usize, out: usize, k: i32, n: i32): void {
  memory.fill(out, 0, (<usize>n) << 2);
  const rowB = (<usize>n) << 2;
  const n16 = n & ~15;
  let p = 0;
  for (; p + 2 <= k; p += 2) {
    const x0 = f32x4.splat(load<f32>(x + ((<usize>p) << 2)));
    const x1 = f32x4.splat(load<f32>(x + ((<usize>(p + 1)) << 2)));
    const r0 = b + <usize>p * rowB;
    const r1 = r0 + rowB;
    let j = 0;
    for (; j < n16; j += 16) {
      const o = (<usize>j) << 2;
      v128.store(out + o, madd(x1, v128.load(r1 + o), madd(x0, v128.load(r0 + o), v128.load(out + o))));
      v128.store(out + o, madd(x1, v128.load(r1 + o, 16), madd(x0, v128.load(r0 + o, 16), v128.load(out + o, 16))), 16);
      v128.store(out + o, madd(x1, v128.load(r1 + o, 32), madd(x0, v128.load(r0 + o, 32), v128.load(out + o, 32))), 32);
      v128.store(out + o, madd(x1, v128.load(r1 + o, 48), madd(x0, v128.load(r0 + o, 48), v128.load(out + o, 48))), 48);
    }
    for (; j < n; j++) {
      const o = (<usize>j) << 2;
      store<f32>(
        out + o,
        load<f32>(out + o) + load<f32>(x + ((<usize>p) << 2)) * load<f32>(r0 + o) + load<f32>(x + ((<usize>(p + 1)) << 2)) * load<f32>(r1 + o),
      );
    }
  }
  for (; p < k; p++) {
    const xs = load<f32>(x + ((<usize>p) << 2));
    const row = b + <usize>p * rowB;
    for (let j = 0; j < n; j++) {
      const o = (<usize>j) << 2;
      store<f32>(out + o, load<f32>(out + o) + xs * load<f32>(row + o));
    }
  }
}

/** The dot product of k floats at a and b. */
function dot(a: usize, b: usize, k: i32): f32 {
  const k4 = k & ~3;
  let s = f32x4.splat(0);
  let p = 0;
  for (; p < k4; p += 4) s = madd(v128.load(a + ((<usize>p) << 2)), v128.load(b + ((<usize>p) << 2)), s);
  let total = sum4(s);
  for (; p < k; p++) total += load<f32>(a + ((<usize>p) << 2)) * load<f32>(b + ((<usize>p) << 2));
  return total;
}

/**
 * C[m, n] = A[m, k] B[n, k]^T: rows of A against rows of B (the head's logits against the token embeddings
 * [V, D]), four rows of B at a time, so that each is read once per row of A.
 */
export function matmulNT(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  const rowA = (<usize>k) << 2;
  const k4 = k & ~3;
  for (let i = 0; i < m; i++) {
    const ar = a + <usize>i * rowA;
    const cr = c + ((<usize>i * <usize>n) << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b0 = b + <usize>j * rowA;
      const b1 = b0 + rowA;
      const b2 = b1 + rowA;
      const b3 = b2 + rowA;
      let s0 = f32x4.splat(0);
      let s1 = f32x4.splat(0);
      let s2 = f32x4.splat(0);
      let s3 = f32x4.splat(0);
      let p = 0;
      for (; p < k4; p += 4) {
        const o = (<usize>p) << 2;
        const x = v128.load(ar + o);
        s0 = madd(x, v128.load(b0 + o), s0);
        s1 = madd(x, v128.load(b1 + o), s1);
        s2 = madd(x, v128.load(b2 + o), s2);
        s3 = madd(x, v128.load(b3 + o), s3);
      }
      let t0 = sum4(s0);
      let t1 = sum4(s1);
      let t2 = sum4(s2);
      let t3 = sum4(s3);
      for (; p < k; p++) {
        const o = (<usize>p) << 2;
        const x = load<f32>(ar + o);
        t0 += x * load<f32>(b0 + o);
        t1 += x * load<f32>(b1 + o);
        t2 += x * load<f32>(b2 + o);
        t3 += x * load<f32>(b3 + o);
      }
      const co = cr + ((<usize>j) << 2);
      store<f32>(co, t0);
      store<f32>(co, t1, 4);
      store<f32>(co, t2, 8);
      store<f32>(co, t3, 12);
    }
    for (; j < n; j++) store<f32>(cr + ((<usize>j) << 2), dot(ar, b + <usize>j * rowA, k));
  }
}

/**
 * Causal attention for T new positions, start..start+T-1, over the cache of every position so far. qkv [T, 3D]
 * holds the new rows (q, k, v, each D = H dh wide); their keys and values are first written into the caches
 * kCache and vCache [positions, D] at rows start.., then each new position's heads attend to rows 0..its own.
 * out [T, D]; `scores` is room for start + T floats. Where `att` is not 0, the weights go there too, as
 * [H, T, start + T] (zeros past the diagonal).
 */
export function attendCached(qkv: usize, kCache: usize, vCache: usize, out: usize, scores: usize, att: usize, T: i32, start: i32, D: i32, H: i32): void {
  const dh = D / H;
  const row = (<usize>D) << 2;
  const rowQkv = (<usize>(3 * D)) << 2;
  for (let t = 0; t < T; t++) {
    const src = qkv + <usize>t * rowQkv;
    memory.copy(kCache + <usize>(start + t) * row, src + row, row);
    memory.copy(vCache + <usize>(start + t) * row, src + 2 * row, row);
  }
  const scale: f32 = 1 / Mathf.sqrt(<f32>dh);
  const total = start + T;
  const dh4 = dh & ~3;
  for (let t = 0; t < T; t++) {
    const pos = start + t;
    const q = qkv + <usize>t * rowQkv;
    const o = out + <usize>t * row;
    for (let h = 0; h < H; h++) {
      const col = (<usize>(h * dh)) << 2;
      let most: f32 = -Infinity;
      for (let j = 0; j <= pos; j++) {
        const s = dot(q + col, kCache + <usize>j * row + col, dh) * scale;
        store<f32>(scores + ((<usize>j) << 2), s);
        most = max(most, s);
      }
      let sum: f32 = 0;
      for (let j = 0; j <= pos; j++) {
        const e = Mathf.exp(load<f32>(scores + ((<usize>j) << 2)) - most);
        store<f32>(scores + ((<usize>j) << 2), e);
        sum += e;
      }
      const inv: f32 = 1 / sum;
      const oh = o + col;
      memory.fill(oh, 0, (<usize>dh) << 2);
      for (let j = 0; j <= pos; j++) {
        const w = load<f32>(scores + ((<usize>j) << 2)) * inv;
        store<f32>(scores + ((<usize>j) << 2), w);
        const v = vCache + <usize>j * row + col;
        const wv = f32x4.splat(w);
        let p = 0;
        for (; p < dh4; p += 4) v128.store(oh + ((<usize>p) << 2), madd(wv, v128.load(v + ((<usize>p) << 2)), v128.load(oh + ((<usize>p) << 2))));
        for (; p < dh; p++) store<f32>(oh + ((<usize>p) << 2), load<f32>(oh + ((<usize>p) << 2)) + w * load<f32>(v + ((<usize>p) << 2)));
      }
      if (att) {
        const a = att + ((<usize>((h * T + t) * total)) << 2);
        memory.copy(a, scores, (<usize>(pos + 1)) << 2);
        memory.fill(a + ((<usize>(pos + 1)) << 2), 0, (<usize>(total - pos - 1)) << 2);
      }
    }
  }
}

const GELU_C: f32 = 0.7978845608028654; // sqrt(2/pi)
const GELU_K: f32 = 0.044715;
// The same in memory, for geluTanh's loop (simd.ts's lanes).
const GELU_C_CELL = memory.data<f32>([GELU_C]);
const GELU_K_CELL = memory.data<f32>([GELU_K]);

/** GPT-2's GELU, the tanh form ("gelu_new"): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), four lanes at a time, in place allowed. */
export function geluTanh(x: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = (<usize>i) << 2;
    const v = v128.load(x + o);
    const u = f32x4.mul(lanes(GELU_C_CELL), madd(f32x4.mul(lanes(GELU_K_CELL), v), f32x4.mul(v, v), v));
    v128.store(out + o, f32x4.mul(f32x4.mul(lanes(HALF), v), f32x4.add(lanes(ONE), tanh4(u))));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const v = load<f32>(x + o);
    const u = GELU_C * (v + GELU_K * v * v * v);
    store<f32>(out + o, 0.5 * v * (1 + tanhf(u)));
  }
}
