// The tiny GPT's forward pass in the engine's memory (layout.ts): embeddings, then per block LayerNorm, the
// fused q/k/v product, causal attention, the output product into the residual stream, LayerNorm, the MLP with
// exact GELU, and finally LayerNorm and the head. Every activation stays where the backward pass reads it.

import { type GptLayout, matmul } from './layout';

const EPS = 1e-5;

/** A copy of `count` floats from `from` to `to` (byte offsets). */
export function copyFloats(m: GptLayout, from: number, to: number, count: number): void {
  new Uint8Array(m.k.memory.buffer).copyWithin(to, from, from + count * 4);
}

/** The forward pass from the ids in place to the logits [B T, V]. */
export function forwardPass(m: GptLayout): void {
  const { k } = m;
  const { vocab: V, context: T, width: D, layers: L, batch: B, heads: H } = m.shape;
  const N = B * T;
  const F = 4 * D;
  k.embed(m.tokens.ptr, m.positions.ptr, m.ids, m.resid[0], B, T, D);
  for (let l = 0; l < L; l++) {
    const w = m.blocks[l];
    const a = m.acts[l];
    const t = m.transposed[l];
    const x = m.resid[l];
    k.layerNorm(x, w.norm1Weight.ptr, w.norm1Bias.ptr, a.ln1, a.ln1Mean, a.ln1Rstd, N, D, EPS);
    matmul(m, a.ln1, t.inProj, a.qkv, N, D, 3 * D, false);
    k.addRows(a.qkv, w.inProjBias.ptr, N, 3 * D);
    k.attentionForwardShared(m.control, m.helperScratch, a.qkv, a.attOut, a.att, m.scratch, B, T, D, H);
    copyFloats(m, x, a.mid, N * D);
    matmul(m, a.attOut, t.outProj, a.mid, N, D, D, true);
    k.addRows(a.mid, w.outProjBias.ptr, N, D);
    k.layerNorm(a.mid, w.norm2Weight.ptr, w.norm2Bias.ptr, a.ln2, a.ln2Mean, a.ln2Rstd, N, D, EPS);
    matmul(m, a.ln2, t.linear1, a.fc, N, D, F, false);
    k.addRows(a.fc, w.linear1Bias.ptr, N, F);
    k.geluShared(m.control, a.fc, a.fcGelu, a.fcCdf, N * F);
    const out = m.resid[l + 1];
    copyFloats(m, a.mid, out, N * D);
    matmul(m, a.fcGelu, t.linear2, out, N, F, D, true);
    k.addRows(out, w.linear2Bias.ptr, N, D);
  }
  k.layerNorm(m.resid[L], m.finalNormWeight.ptr, m.finalNormBias.ptr, m.lnf, m.lnfMean, m.lnfRstd, N, D, EPS);
  matmul(m, m.lnf, m.headT, m.logits, N, D, V, false);
}
