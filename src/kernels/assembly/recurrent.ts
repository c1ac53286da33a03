// The recurrent cells: PyTorch's LSTM (gates i, f, g, o) and the Elman RNN's tanh, forward and back.

import { matmulPanels, packPanels } from './matmul';
import { add } from './rows';
import { lanes, ONE, sigmoid, sigmoid4, tanh4, tanhf } from './simd';

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
    const one = lanes(ONE);
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
  const one = lanes(ONE);
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

// A whole LSTM layer's recurrence, rows [b0, b1) of its batch: each row is a sequence of its own, so two threads
// can take half the rows each with no hand-over between steps. The layer is described by 13 i32 words at `desc`
// (written once by the engine that lays the layer out, src/kernels/charLstm/layout.ts).
const D_GATES = 0; // [T, B, 4H]: the input's share of the pre-activations (bias in), then the activations
const D_WT = 4; // W_hh^T [H, 4H] (the forward product's right factor)
const D_W = 8; // W_hh [4H, H] (the backward's)
const D_PANELS = 12; // room for either in panels (4H H floats), packed by the caller
const D_H = 16; // [T + 1, B, H]: h_0 = 0, then every step's h
const D_C = 20; // [T + 1, B, H]: the cells likewise
const D_TANH_C = 24; // [T, B, H]
const D_DOUT = 28; // [T, B, H]: the gradient of the layer's outputs
const D_DGATES = 32; // [T, B, 4H]: the pre-activations' gradients
const D_SCRATCH = 36; // [3, B, H]: dh_next, dh, dc
const D_T = 40;
const D_B = 44;
const D_HIDDEN = 48;

function word(desc: usize, at: usize): usize {
  return <usize>load<i32>(desc + at);
}

/** Byte offset of row `b` of step `t` in a [*, B, width] buffer. */
function at(base: usize, t: i32, B: i32, b: i32, width: i32): usize {
  return base + ((<usize>(t * B + b) * <usize>width) << 2);
}

/** Rows [b0, b1) forward over all T steps: gates_t += h_{t-1} W_hh^T (from the panels of W_hh^T), then the cell. */
export function lstmRows(desc: usize, b0: i32, b1: i32): void {
  const T = load<i32>(desc + D_T);
  const B = load<i32>(desc + D_B);
  const H = load<i32>(desc + D_HIDDEN);
  const G = 4 * H;
  const rows = b1 - b0;
  const gates = word(desc, D_GATES);
  const h = word(desc, D_H);
  const c = word(desc, D_C);
  const tanhC = word(desc, D_TANH_C);
  const wT = word(desc, D_WT);
  const panels = word(desc, D_PANELS);
  for (let t = 0; t < T; t++) {
    const g = at(gates, t, B, b0, G);
    matmulPanels(at(h, t, B, b0, H), wT, panels, g, rows, H, G, true);
    lstmCell(g, at(c, t, B, b0, H), at(c, t + 1, B, b0, H), at(tanhC, t, B, b0, H), at(h, t + 1, B, b0, H), rows, H);
  }
}

/** Rows [b0, b1) back through time: from dOut, each step's dGates; dh_{t-1} = dGates_t W_hh (from the panels of W_hh). */
export function lstmRowsBackward(desc: usize, b0: i32, b1: i32): void {
  const T = load<i32>(desc + D_T);
  const B = load<i32>(desc + D_B);
  const H = load<i32>(desc + D_HIDDEN);
  const G = 4 * H;
  const rows = b1 - b0;
  const n = rows * H;
  const gates = word(desc, D_GATES);
  const c = word(desc, D_C);
  const tanhC = word(desc, D_TANH_C);
  const dOut = word(desc, D_DOUT);
  const dGates = word(desc, D_DGATES);
  const w = word(desc, D_W);
  const panels = word(desc, D_PANELS);
  const scratch = word(desc, D_SCRATCH);
  const dhNext = at(scratch, 0, B, b0, H);
  const dh = at(scratch, 1, B, b0, H);
  const dc = at(scratch, 2, B, b0, H);
  memory.fill(dhNext, 0, (<usize>n) << 2);
  memory.fill(dc, 0, (<usize>n) << 2);
  for (let t = T - 1; t >= 0; t--) {
    add(at(dOut, t, B, b0, H), dhNext, dh, n);
    const dg = at(dGates, t, B, b0, G);
    lstmCellBackward(at(gates, t, B, b0, G), at(c, t, B, b0, H), at(tanhC, t, B, b0, H), dh, dc, dg, rows, H);
    matmulPanels(dg, w, panels, dhNext, rows, G, H, false);
  }
}

/** The panels the forward (W_hh^T) or backward (W_hh) pass reads, packed from the layer's weights. */
export function packRecurrent(desc: usize, backward: bool): void {
  const H = load<i32>(desc + D_HIDDEN);
  if (backward) packPanels(word(desc, D_W), word(desc, D_PANELS), 4 * H, H);
  else packPanels(word(desc, D_WT), word(desc, D_PANELS), H, 4 * H);
}

/** The batch size of the layer at `desc`. */
export function batchOf(desc: usize): i32 {
  return load<i32>(desc + D_B);
}
