// The transformer's forward pass in the engine's memory (layout.ts): embeddings (learned positions or fixed
// sinusoids), then per block the fused q/k/v product, causal attention, the output product into the residual
// stream and the MLP, with the LayerNorms before each sub-layer (GPT-2, Lesson 9) or after each residual sum
// (Project II, Lesson 12); a final LayerNorm (pre-LN only) and the head. Every activation stays where the
// backward pass reads it.

import type { BlockActivations, BlockParams, GptLayout } from './layout';
import { linear, matmulNT } from './products';

const EPS = 1e-5;

/** The MLP's activation of `a.fc` into `a.fcGelu` (ReLU, or the exact GELU keeping Phi for its gradient). */
function activate(m: GptLayout, a: BlockActivations, n: number): void {
  if (m.options.relu) m.k.reluShared(m.control, a.fc, a.fcGelu, n);
  else m.k.geluShared(m.control, a.fc, a.fcGelu, a.fcCdf, n);
}

/** Attention of `input` [N, D] (already normed where the block norms first) into a.attOut. */
function attend(m: GptLayout, w: BlockParams, a: BlockActivations, input: number): void {
  const { context: T, width: D, batch: B, heads: H } = m.shape;
  const N = B * T;
  linear(m, input, w.inProjWeight.ptr, w.inProjBias.ptr, a.qkv, N, D, 3 * D);
  m.k.attentionForwardShared(m.control, m.helperScratch, a.qkv, a.attOut, a.att, m.scratch, B, T, D, H);
}

/** out = x + Attention(LN1(x)) then + MLP(LN2(.)): a.mid holds the first sum. */
function preBlock(m: GptLayout, l: number, x: number, out: number): void {
  const { k } = m;
  const { context: T, width: D, batch: B } = m.shape;
  const N = B * T;
  const F = m.options.ff;
  const w = m.blocks[l];
  const a = m.acts[l];
  k.layerNormShared(m.control, x, w.norm1Weight.ptr, w.norm1Bias.ptr, a.ln1, a.ln1Mean, a.ln1Rstd, N, D, EPS);
  attend(m, w, a, a.ln1);
  linear(m, a.attOut, w.outProjWeight.ptr, w.outProjBias.ptr, a.mid, N, D, D, x);
  k.layerNormShared(m.control, a.mid, w.norm2Weight.ptr, w.norm2Bias.ptr, a.ln2, a.ln2Mean, a.ln2Rstd, N, D, EPS);
  linear(m, a.ln2, w.linear1Weight.ptr, w.linear1Bias.ptr, a.fc, N, D, F);
  activate(m, a, N * F);
  linear(m, a.fcGelu, w.linear2Weight.ptr, w.linear2Bias.ptr, out, N, F, D, a.mid);
}

/**
 * out = LN2(h + MLP(h)) with h = LN1(x + Attention(x)): a.mid holds x + Attention(x), a.ln1 its norm h, and
 * a.ln2 the second sum, h + MLP(h) (what LN2 reads).
 */
function postBlock(m: GptLayout, l: number, x: number, out: number): void {
  const { k } = m;
  const { context: T, width: D, batch: B } = m.shape;
  const N = B * T;
  const F = m.options.ff;
  const w = m.blocks[l];
  const a = m.acts[l];
  attend(m, w, a, x);
  linear(m, a.attOut, w.outProjWeight.ptr, w.outProjBias.ptr, a.mid, N, D, D, x);
  k.layerNormShared(m.control, a.mid, w.norm1Weight.ptr, w.norm1Bias.ptr, a.ln1, a.ln1Mean, a.ln1Rstd, N, D, EPS);
  linear(m, a.ln1, w.linear1Weight.ptr, w.linear1Bias.ptr, a.fc, N, D, F);
  activate(m, a, N * F);
  linear(m, a.fcGelu, w.linear2Weight.ptr, w.linear2Bias.ptr, a.ln2, N, F, D, a.ln1);
  k.layerNormShared(m.control, a.ln2, w.norm2Weight.ptr, w.norm2Bias.ptr, out, a.ln2Mean, a.ln2Rstd, N, D, EPS);
}

/** The forward pass from the ids in place to the logits [B T, V]. */
export function forwardPass(m: GptLayout): void {
  const { k } = m;
  const { vocab: V, context: T, width: D, layers: L, batch: B } = m.shape;
  const N = B * T;
  k.embed(m.tokens.ptr, m.positionTable, m.ids, m.resid[0], B, T, D);
  for (let l = 0; l < L; l++) (m.options.post ? postBlock : preBlock)(m, l, m.resid[l], m.resid[l + 1]);
  if (m.finalNormWeight && m.finalNormBias)
    k.layerNormShared(m.control, m.resid[L], m.finalNormWeight.ptr, m.finalNormBias.ptr, m.lnf, m.lnfMean, m.lnfRstd, N, D, EPS);
  if (m.headBias) linear(m, m.lnf, m.head.ptr, m.headBias.ptr, m.logits, N, D, V);
  else matmulNT(m, m.lnf, m.head.ptr, m.logits, N, D, V, false);
}
