// The transformer's backward pass in the engine's memory (layout.ts), from the logits' gradient that the softmax
// cross entropy left in place of the logits: every parameter's gradient, into the gradient region. The blocks go
// back as forward.ts ran them, pre-LN or post-LN.

import { floats, type GptLayout, type Param } from './layout';
import { matmul, matmulTN } from './products';

const grad = (m: GptLayout, p: Param) => m.gradBase + p.offset;

/** Back through a LayerNorm of the N rows `x` (its `mean` and `rstd` kept): dx += its input's gradient from dOut, and its gain's and bias's gradients. */
function normBackward(m: GptLayout, dOut: number, x: number, mean: number, rstd: number, gain: Param, bias: Param, dx: number): void {
  const { context: T, width: D, batch: B } = m.shape;
  m.k.layerNormBackwardShared(m.control, dOut, x, mean, rstd, gain.ptr, dx, grad(m, gain), grad(m, bias), B * T, D, m.lnPartials);
}

/** Back through the MLP's activation: dFc = act'(fc) dFc, in place. */
function deactivate(m: GptLayout, l: number, n: number): void {
  const a = m.acts[l];
  if (m.options.relu) m.k.reluBackwardShared(m.control, a.fc, m.dFc, m.dFc, n);
  else m.k.geluBackwardShared(m.control, a.fc, a.fcCdf, m.dFc, m.dFc, n);
}

/**
 * Back through the MLP whose output was added to its input `h` [N, D] (normed by `norm`'s gain where it was):
 * from `dOut` (the sum's gradient) the weights' gradients, and dOut W2 ... W1^T added to `dInput`.
 */
function mlpBackward(m: GptLayout, l: number, dOut: number, h: number, dInput: number): void {
  const { context: T, width: D, batch: B } = m.shape;
  const N = B * T;
  const F = m.options.ff;
  const w = m.blocks[l];
  const a = m.acts[l];
  matmulTN(m, dOut, a.fcGelu, grad(m, w.linear2Weight), D, N, F, grad(m, w.linear2Bias));
  matmul(m, dOut, w.linear2Weight.ptr, m.dFc, N, D, F, false);
  deactivate(m, l, N * F);
  matmulTN(m, m.dFc, h, grad(m, w.linear1Weight), F, N, D, grad(m, w.linear1Bias));
  matmul(m, m.dFc, w.linear1Weight.ptr, dInput, N, F, D, false);
}

/** Back through attention of `input` added to the stream: weights' gradients, and the input's gradient into m.dLn. */
function attentionBackward(m: GptLayout, l: number, dOut: number, input: number): void {
  const { k } = m;
  const { context: T, width: D, batch: B, heads: H } = m.shape;
  const N = B * T;
  const w = m.blocks[l];
  const a = m.acts[l];
  matmulTN(m, dOut, a.attOut, grad(m, w.outProjWeight), D, N, D, grad(m, w.outProjBias));
  matmul(m, dOut, w.outProjWeight.ptr, m.dAttOut, N, D, D, false);
  k.attentionBackwardShared(m.control, m.helperScratch, m.dAttOut, a.qkv, a.att, m.dQkv, m.scratch, B, T, D, H);
  matmulTN(m, m.dQkv, input, grad(m, w.inProjWeight), 3 * D, N, D, grad(m, w.inProjBias));
  matmul(m, m.dQkv, w.inProjWeight.ptr, m.dLn, N, 3 * D, D, false);
}

/** Pre-LN: m.dResid holds d(out) and becomes d(x). */
function preBlockBackward(m: GptLayout, l: number): void {
  const w = m.blocks[l];
  const a = m.acts[l];
  // out = mid + MLP(LN2(mid))
  mlpBackward(m, l, m.dResid, a.ln2, m.dLn);
  normBackward(m, m.dLn, a.mid, a.ln2Mean, a.ln2Rstd, w.norm2Weight, w.norm2Bias, m.dResid);
  // mid = x + Attention(LN1(x))
  attentionBackward(m, l, m.dResid, a.ln1);
  normBackward(m, m.dLn, m.resid[l], a.ln1Mean, a.ln1Rstd, w.norm1Weight, w.norm1Bias, m.dResid);
}

/** Post-LN: m.dResid holds d(out) and becomes d(x); m.dSum is scratch for the sums' gradients. */
function postBlockBackward(m: GptLayout, l: number): void {
  const { k } = m;
  const { context: T, width: D, batch: B } = m.shape;
  const N = B * T;
  const w = m.blocks[l];
  const a = m.acts[l];
  const sum = m.dSum;
  // out = LN2(h + MLP(h)), h = a.ln1
  floats(m, sum, N * D).fill(0);
  normBackward(m, m.dResid, a.ln2, a.ln2Mean, a.ln2Rstd, w.norm2Weight, w.norm2Bias, sum);
  mlpBackward(m, l, sum, a.ln1, m.dLn);
  k.addShared(m.control, m.dLn, sum, m.dLn, N * D); // d(h): through the MLP and straight through the sum
  // h = LN1(x + Attention(x))
  floats(m, sum, N * D).fill(0);
  normBackward(m, m.dLn, a.mid, a.ln1Mean, a.ln1Rstd, w.norm1Weight, w.norm1Bias, sum);
  attentionBackward(m, l, sum, m.resid[l]);
  k.addShared(m.control, m.dLn, sum, m.dResid, N * D); // d(x): through attention and straight through the sum
}

/** Every parameter's gradient of the last forward pass's loss. */
export function backwardPass(m: GptLayout): void {
  const { k } = m;
  const { vocab: V, context: T, width: D, layers: L, batch: B } = m.shape;
  const N = B * T;
  // The gradients added into start from zero; the Linear weights' are written whole by their products (3.2 of 3.3 MB in Lesson 9).
  for (const p of m.params) if (!p.written) floats(m, grad(m, p), p.size).fill(0);
  floats(m, m.dResid, N * D).fill(0);
  matmulTN(m, m.logits, m.lnf, grad(m, m.head), V, N, D, m.headBias ? grad(m, m.headBias) : 0);
  if (m.finalNormWeight && m.finalNormBias) {
    matmul(m, m.logits, m.head.ptr, m.dLn, N, V, D, false);
    normBackward(m, m.dLn, m.resid[L], m.lnfMean, m.lnfRstd, m.finalNormWeight, m.finalNormBias, m.dResid);
  } else matmul(m, m.logits, m.head.ptr, m.dResid, N, V, D, false);
  for (let l = L - 1; l >= 0; l--) (m.options.post ? postBlockBackward : preBlockBackward)(m, l);
  if (!m.positions) floats(m, m.positionGrad, T * D).fill(0);
  k.embedBackward(m.dResid, m.ids, grad(m, m.tokens), m.positionGrad, B, T, D);
}
