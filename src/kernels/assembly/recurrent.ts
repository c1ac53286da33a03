// The recurrent cells: PyTorch's LSTM (gates i, f, g, o) and the Elman RNN's tanh, forward and back.

import { sigmoid, sigmoid4, tanh4, tanhf } from './simd';

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
