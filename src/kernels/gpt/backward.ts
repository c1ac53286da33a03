// The tiny GPT's backward pass in the engine's memory (layout.ts), from the logits' gradient that the softmax
// cross entropy left in place of the logits: every parameter's gradient, into the gradient region.

import { floats, type GptLayout, matmul, matmulTN, type Param } from './layout';

/** Every parameter's gradient of the last forward pass's loss. */
export function backwardPass(m: GptLayout): void {
  const { k } = m;
  const { vocab: V, context: T, width: D, layers: L, batch: B, heads: H } = m.shape;
  const N = B * T;
  const F = 4 * D;
  const grad = (p: Param) => m.gradBase + p.offset;
  floats(m, m.gradBase, m.paramBytes / 4).fill(0);
  floats(m, m.dResid, N * D).fill(0);
  matmulTN(m, m.logits, m.lnf, grad(m.head), V, N, D);
  matmul(m, m.logits, m.head.ptr, m.dLn, N, V, D, false);
  k.layerNormBackward(m.dLn, m.resid[L], m.lnfMean, m.lnfRstd, m.finalNormWeight.ptr, m.dResid, grad(m.finalNormWeight), grad(m.finalNormBias), N, D);
  for (let l = L - 1; l >= 0; l--) {
    const w = m.blocks[l];
    const a = m.acts[l];
    // out = mid + GELU(LN2(mid) W1^T + b1) W2^T + b2
    matmulTN(m, m.dResid, a.fcGelu, grad(w.linear2Weight), D, N, F);
    k.sumRows(m.dResid, grad(w.linear2Bias), N, D);
    matmul(m, m.dResid, w.linear2Weight.ptr, m.dFc, N, D, F, false);
    k.geluBackwardShared(m.control, a.fc, a.fcCdf, m.dFc, m.dFc, N * F);
    matmulTN(m, m.dFc, a.ln2, grad(w.linear1Weight), F, N, D);
    k.sumRows(m.dFc, grad(w.linear1Bias), N, F);
    matmul(m, m.dFc, w.linear1Weight.ptr, m.dLn, N, F, D, false);
    k.layerNormBackward(m.dLn, a.mid, a.ln2Mean, a.ln2Rstd, w.norm2Weight.ptr, m.dResid, grad(w.norm2Weight), grad(w.norm2Bias), N, D);
    // mid = x + Attention(LN1(x)) W_o^T + b_o
    matmulTN(m, m.dResid, a.attOut, grad(w.outProjWeight), D, N, D);
    k.sumRows(m.dResid, grad(w.outProjBias), N, D);
    matmul(m, m.dResid, w.outProjWeight.ptr, m.dAttOut, N, D, D, false);
    k.attentionBackwardShared(m.control, m.helperScratch, m.dAttOut, a.qkv, a.att, m.dQkv, m.scratch, B, T, D, H);
    matmulTN(m, m.dQkv, a.ln1, grad(w.inProjWeight), 3 * D, N, D);
    k.sumRows(m.dQkv, grad(w.inProjBias), N, 3 * D);
    matmul(m, m.dQkv, w.inProjWeight.ptr, m.dLn, N, 3 * D, D, false);
    k.layerNormBackward(m.dLn, m.resid[l], a.ln1Mean, a.ln1Rstd, w.norm1Weight.ptr, m.dResid, grad(w.norm1Weight), grad(w.norm1Bias), N, D);
  }
  k.embedBackward(m.dResid, m.ids, grad(m.tokens), grad(m.positions), B, T, D);
}
