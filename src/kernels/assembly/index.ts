// Kernels of our own, compiled to WebAssembly with SIMD by AssemblyScript (npm run kernels): the products
// and the LSTM cell that tfjs runs as many small ops. Every pointer is a byte offset into this module's
// memory, every matrix row-major float32; the caller (src/kernels/lstmKernels.ts) lays the buffers out.

/** a b + c on four lanes: one fused multiply-add where the module is built with relaxed SIMD (npm run kernels). */
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** C[m, n] = (accumulate ? C : 0) + A[m, k] B[k, n], four rows and eight columns at a time. */
export function matmul(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool): void {
  const n8 = n & ~7;
  const m4 = m & ~3;
  const rowA = (<usize>k) << 2;
  const rowB = (<usize>n) << 2;
  for (let i = 0; i < m4; i += 4) {
    const a0 = a + <usize>i * rowA;
    const a1 = a0 + rowA;
    const a2 = a1 + rowA;
    const a3 = a2 + rowA;
    const c0 = c + <usize>i * rowB;
    const c1 = c0 + rowB;
    const c2 = c1 + rowB;
    const c3 = c2 + rowB;
    for (let j = 0; j < n8; j += 8) {
      const jo = (<usize>j) << 2;
      let s00 = f32x4.splat(0);
      let s01 = f32x4.splat(0);
      let s10 = f32x4.splat(0);
      let s11 = f32x4.splat(0);
      let s20 = f32x4.splat(0);
      let s21 = f32x4.splat(0);
      let s30 = f32x4.splat(0);
      let s31 = f32x4.splat(0);
      let bp = b + jo;
      for (let p = 0; p < k; p++) {
        const po = (<usize>p) << 2;
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const x0 = f32x4.splat(load<f32>(a0 + po));
        const x1 = f32x4.splat(load<f32>(a1 + po));
        const x2 = f32x4.splat(load<f32>(a2 + po));
        const x3 = f32x4.splat(load<f32>(a3 + po));
        s00 = madd(x0, b0, s00);
        s01 = madd(x0, b1, s01);
        s10 = madd(x1, b0, s10);
        s11 = madd(x1, b1, s11);
        s20 = madd(x2, b0, s20);
        s21 = madd(x2, b1, s21);
        s30 = madd(x3, b0, s30);
        s31 = madd(x3, b1, s31);
        bp += rowB;
      }
      if (accumulate) {
        s00 = f32x4.add(s00, v128.load(c0 + jo));
        s01 = f32x4.add(s01, v128.load(c0 + jo, 16));
        s10 = f32x4.add(s10, v128.load(c1 + jo));
        s11 = f32x4.add(s11, v128.load(c1 + jo, 16));
        s20 = f32x4.add(s20, v128.load(c2 + jo));
        s21 = f32x4.add(s21, v128.load(c2 + jo, 16));
        s30 = f32x4.add(s30, v128.load(c3 + jo));
        s31 = f32x4.add(s31, v128.load(c3 + jo, 16));
      }
      v128.store(c0 + jo, s00);
      v128.store(c0 + jo, s01, 16);
      v128.store(c1 + jo, s10);
      v128.store(c1 + jo, s11, 16);
      v128.store(c2 + jo, s20);
      v128.store(c2 + jo, s21, 16);
      v128.store(c3 + jo, s30);
      v128.store(c3 + jo, s31, 16);
    }
    for (let r = 0; r < 4; r++) matmulTail(a + <usize>(i + r) * rowA, b, c + <usize>(i + r) * rowB, k, n, n8, accumulate);
  }
  for (let i = m4; i < m; i++) matmulTail(a + <usize>i * rowA, b, c + <usize>i * rowB, k, n, 0, accumulate);
}

/** One row of C from column `from` on: four columns at a time, then one. */
function matmulTail(aRow: usize, b: usize, cRow: usize, k: i32, n: i32, from: i32, accumulate: bool): void {
  const rowB = (<usize>n) << 2;
  let j = from;
  for (; j + 4 <= n; j += 4) {
    const jo = (<usize>j) << 2;
    let s = accumulate ? v128.load(cRow + jo) : f32x4.splat(0);
    let bp = b + jo;
    for (let p = 0; p < k; p++) {
      s = madd(f32x4.splat(load<f32>(aRow + ((<usize>p) << 2))), v128.load(bp), s);
      bp += rowB;
    }
    v128.store(cRow + jo, s);
  }
  for (; j < n; j++) {
    const jo = (<usize>j) << 2;
    let s: f32 = accumulate ? load<f32>(cRow + jo) : 0;
    for (let p = 0; p < k; p++) s += load<f32>(aRow + ((<usize>p) << 2)) * load<f32>(b + <usize>p * rowB + jo);
    store<f32>(cRow + jo, s);
  }
}

/** Rows of A that matmulTN sums in one sweep over C: a block of A^T and B that stays in cache while C does. */
const TN_ROWS = 64;

/**
 * C[m, n] = A[k, m]^T B[k, n]: the product whose left factor is stored transposed (a weight gradient summed
 * over the rows of a batch), four rows and eight columns of C at a time, over blocks of TN_ROWS rows of A and B.
 */
export function matmulTN(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  for (let p0 = 0; p0 < k; p0 += TN_ROWS) {
    const rows = min(TN_ROWS, k - p0);
    matmulTNBlock(a + ((<usize>p0 * <usize>m) << 2), b + ((<usize>p0 * <usize>n) << 2), c, m, rows, n, p0 > 0);
  }
  if (k === 0) memory.fill(c, 0, (<usize>m * <usize>n) << 2);
}

function matmulTNBlock(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: bool): void {
  const n8 = n & ~7;
  const m4 = m & ~3;
  const rowA = (<usize>m) << 2;
  const rowB = (<usize>n) << 2;
  for (let i = 0; i < m4; i += 4) {
    const c0 = c + <usize>i * rowB;
    const c1 = c0 + rowB;
    const c2 = c1 + rowB;
    const c3 = c2 + rowB;
    for (let j = 0; j < n8; j += 8) {
      const jo = (<usize>j) << 2;
      let s00 = f32x4.splat(0);
      let s01 = f32x4.splat(0);
      let s10 = f32x4.splat(0);
      let s11 = f32x4.splat(0);
      let s20 = f32x4.splat(0);
      let s21 = f32x4.splat(0);
      let s30 = f32x4.splat(0);
      let s31 = f32x4.splat(0);
      if (accumulate) {
        s00 = v128.load(c0 + jo);
        s01 = v128.load(c0 + jo, 16);
        s10 = v128.load(c1 + jo);
        s11 = v128.load(c1 + jo, 16);
        s20 = v128.load(c2 + jo);
        s21 = v128.load(c2 + jo, 16);
        s30 = v128.load(c3 + jo);
        s31 = v128.load(c3 + jo, 16);
      }
      let ap = a + ((<usize>i) << 2);
      let bp = b + jo;
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const x = v128.load(ap);
        const x0 = f32x4.splat(f32x4.extract_lane(x, 0));
        const x1 = f32x4.splat(f32x4.extract_lane(x, 1));
        const x2 = f32x4.splat(f32x4.extract_lane(x, 2));
        const x3 = f32x4.splat(f32x4.extract_lane(x, 3));
        s00 = madd(x0, b0, s00);
        s01 = madd(x0, b1, s01);
        s10 = madd(x1, b0, s10);
        s11 = madd(x1, b1, s11);
        s20 = madd(x2, b0, s20);
        s21 = madd(x2, b1, s21);
        s30 = madd(x3, b0, s30);
        s31 = madd(x3, b1, s31);
        ap += rowA;
        bp += rowB;
      }
      v128.store(c0 + jo, s00);
      v128.store(c0 + jo, s01, 16);
      v128.store(c1 + jo, s10);
      v128.store(c1 + jo, s11, 16);
      v128.store(c2 + jo, s20);
      v128.store(c2 + jo, s21, 16);
      v128.store(c3 + jo, s30);
      v128.store(c3 + jo, s31, 16);
    }
    for (let r = 0; r < 4; r++) matmulTNTail(a, b, c, m, k, n, i + r, n8, accumulate);
  }
  for (let i = m4; i < m; i++) matmulTNTail(a, b, c, m, k, n, i, 0, accumulate);
}

/** Row `i` of C = A^T B from column `from` on, one element at a time. */
function matmulTNTail(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, i: i32, from: i32, accumulate: bool): void {
  for (let j = from; j < n; j++) {
    let s: f32 = accumulate ? load<f32>(c + ((<usize>i * <usize>n + <usize>j) << 2)) : 0;
    for (let p = 0; p < k; p++) s += load<f32>(a + ((<usize>p * <usize>m + <usize>i) << 2)) * load<f32>(b + ((<usize>p * <usize>n + <usize>j) << 2));
    store<f32>(c + ((<usize>i * <usize>n + <usize>j) << 2), s);
  }
}

/** B[n, m] = A[m, n]^T. */
export function transpose(a: usize, b: usize, m: i32, n: i32): void {
  for (let i = 0; i < m; i++) {
    const row = a + ((<usize>i * <usize>n) << 2);
    for (let j = 0; j < n; j++) store<f32>(b + ((<usize>j * <usize>m + <usize>i) << 2), load<f32>(row + ((<usize>j) << 2)));
  }
}

/** out[j] = op(x[j], y[j]) for j < cols, four at a time: the loops of addRows, sumRows, gatherRows and scatterAddRows. */
function addInto(x: usize, y: usize, out: usize, cols: i32): void {
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

/** exp(x) on four lanes: 2^n e^r with r in [-ln2/2, ln2/2] and Cephes' degree-5 polynomial (about 1 ulp). */
function exp4(x: v128): v128 {
  const v = f32x4.max(f32x4.min(x, f32x4.splat(88.0)), f32x4.splat(-87.0));
  const n = f32x4.nearest(f32x4.mul(v, f32x4.splat(Mathf.LOG2E)));
  let r = f32x4.sub(v, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.1219444e-4)));
  let p = f32x4.splat(1.98756915e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

function sigmoid4(x: v128): v128 {
  return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), exp4(f32x4.neg(x))));
}

function tanh4(x: v128): v128 {
  return f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(exp4(f32x4.add(x, x)), f32x4.splat(1.0))));
}

function sigmoid(x: f32): f32 {
  return 1 / (1 + Mathf.exp(-x));
}

function tanhf(x: f32): f32 {
  // tanh(x) = 1 - 2 / (exp(2x) + 1), exact enough in float32 and safe for large |x|.
  return 1 - 2 / (Mathf.exp(2 * x) + 1);
}

/**
 * One LSTM step for a batch, PyTorch's gate order i, f, g, o. `gates` [B, 4H] holds the pre-activations and
 * is overwritten with the activations; c = f c_prev + i g, tanhC = tanh(c), h = o tanhC.
 */
export function lstmCell(gates: usize, cPrev: usize, c: usize, tanhC: usize, h: usize, batch: i32, hidden: i32): void {
  const row4 = (<usize>(4 * hidden)) << 2;
  const rowH = (<usize>hidden) << 2;
  for (let bi = 0; bi < batch; bi++) {
    const g = gates + <usize>bi * row4;
    const o = <usize>bi * rowH;
    const h4 = hidden & ~3;
    for (let u = 0; u < h4; u += 4) {
      const uo = (<usize>u) << 2;
      const ig = sigmoid4(v128.load(g + uo));
      const fg = sigmoid4(v128.load(g + rowH + uo));
      const gg = tanh4(v128.load(g + 2 * rowH + uo));
      const og = sigmoid4(v128.load(g + 3 * rowH + uo));
      v128.store(g + uo, ig);
      v128.store(g + rowH + uo, fg);
      v128.store(g + 2 * rowH + uo, gg);
      v128.store(g + 3 * rowH + uo, og);
      const cv = f32x4.add(f32x4.mul(fg, v128.load(cPrev + o + uo)), f32x4.mul(ig, gg));
      const tc = tanh4(cv);
      v128.store(c + o + uo, cv);
      v128.store(tanhC + o + uo, tc);
      v128.store(h + o + uo, f32x4.mul(og, tc));
    }
    for (let u = h4; u < hidden; u++) {
      const uo = (<usize>u) << 2;
      const ig = sigmoid(load<f32>(g + uo));
      const fg = sigmoid(load<f32>(g + rowH + uo));
      const gg = tanhf(load<f32>(g + 2 * rowH + uo));
      const og = sigmoid(load<f32>(g + 3 * rowH + uo));
      store<f32>(g + uo, ig);
      store<f32>(g + rowH + uo, fg);
      store<f32>(g + 2 * rowH + uo, gg);
      store<f32>(g + 3 * rowH + uo, og);
      const cv = fg * load<f32>(cPrev + o + uo) + ig * gg;
      const tc = tanhf(cv);
      store<f32>(c + o + uo, cv);
      store<f32>(tanhC + o + uo, tc);
      store<f32>(h + o + uo, og * tc);
    }
  }
}

/**
 * The same step backwards: from dh [B, H] (the output's gradient plus the next step's) and dc [B, H] (the
 * next step's, updated in place to this step's dc_prev), the gradients of the four pre-activations into
 * dGates [B, 4H], from the activations `gates`, c_prev and tanh(c) the forward pass kept.
 */
export function lstmCellBackward(gates: usize, cPrev: usize, tanhC: usize, dh: usize, dc: usize, dGates: usize, batch: i32, hidden: i32): void {
  const row4 = (<usize>(4 * hidden)) << 2;
  const rowH = (<usize>hidden) << 2;
  for (let bi = 0; bi < batch; bi++) {
    const g = gates + <usize>bi * row4;
    const dg = dGates + <usize>bi * row4;
    const o = <usize>bi * rowH;
    const h4 = hidden & ~3;
    const one = f32x4.splat(1.0);
    for (let u = 0; u < h4; u += 4) {
      const uo = (<usize>u) << 2;
      const ig = v128.load(g + uo);
      const fg = v128.load(g + rowH + uo);
      const gg = v128.load(g + 2 * rowH + uo);
      const og = v128.load(g + 3 * rowH + uo);
      const tc = v128.load(tanhC + o + uo);
      const dhv = v128.load(dh + o + uo);
      const dcv = f32x4.add(v128.load(dc + o + uo), f32x4.mul(f32x4.mul(dhv, og), f32x4.sub(one, f32x4.mul(tc, tc))));
      v128.store(dg + uo, f32x4.mul(f32x4.mul(dcv, gg), f32x4.mul(ig, f32x4.sub(one, ig))));
      v128.store(dg + rowH + uo, f32x4.mul(f32x4.mul(dcv, v128.load(cPrev + o + uo)), f32x4.mul(fg, f32x4.sub(one, fg))));
      v128.store(dg + 2 * rowH + uo, f32x4.mul(f32x4.mul(dcv, ig), f32x4.sub(one, f32x4.mul(gg, gg))));
      v128.store(dg + 3 * rowH + uo, f32x4.mul(f32x4.mul(dhv, tc), f32x4.mul(og, f32x4.sub(one, og))));
      v128.store(dc + o + uo, f32x4.mul(dcv, fg));
    }
    for (let u = h4; u < hidden; u++) {
      const uo = (<usize>u) << 2;
      const ig = load<f32>(g + uo);
      const fg = load<f32>(g + rowH + uo);
      const gg = load<f32>(g + 2 * rowH + uo);
      const og = load<f32>(g + 3 * rowH + uo);
      const tc = load<f32>(tanhC + o + uo);
      const dhv = load<f32>(dh + o + uo);
      const dcv = load<f32>(dc + o + uo) + dhv * og * (1 - tc * tc);
      store<f32>(dg + uo, dcv * gg * ig * (1 - ig));
      store<f32>(dg + rowH + uo, dcv * load<f32>(cPrev + o + uo) * fg * (1 - fg));
      store<f32>(dg + 2 * rowH + uo, dcv * ig * (1 - gg * gg));
      store<f32>(dg + 3 * rowH + uo, dhv * tc * og * (1 - og));
      store<f32>(dc + o + uo, dcv * fg);
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

/** out = tanh(x) for n floats: the Elman RNN's step. */
export function tanhInto(x: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(out + o, tanh4(v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(out + o, tanhf(load<f32>(x + o)));
  }
}

/** out = dh (1 - h^2) for n floats: the gradient through h = tanh(pre) to pre. */
export function tanhBackward(h: usize, dh: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  const one = f32x4.splat(1.0);
  let i = 0;
  for (; i < n4; i += 4) {
    const o = (<usize>i) << 2;
    const hv = v128.load(h + o);
    v128.store(out + o, f32x4.mul(v128.load(dh + o), f32x4.sub(one, f32x4.mul(hv, hv))));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const hv = load<f32>(h + o);
    store<f32>(out + o, load<f32>(dh + o) * (1 - hv * hv));
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
