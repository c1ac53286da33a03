// Project II's transformer (christianb93/MLLM wiki/model.py) in the GPT engine: post-LN blocks with ReLU, fixed
// sinusoidal positions, a head with a bias; its parameters drawn as PyTorch initialises them.

import type { GptEngineShape } from '../../kernels/gpt/engine';
import { normal, type Rng, uniformArray } from '../../lib/rng';
import type { WikiConfig } from './meta';

/** The engine's shape for `config` over `vocab` tokens, training on `batch` windows. */
export function wikiShape(c: WikiConfig, vocab: number, batch = c.batch): GptEngineShape {
  return {
    vocab,
    context: c.context,
    width: c.width,
    heads: c.heads,
    layers: c.layers,
    batch,
    ff: c.ff,
    norm: 'post',
    activation: 'relu',
    positions: 'sinusoidal',
    headBias: true,
  };
}

/**
 * PyTorch's initialisation: the embedding N(0, 1); attention's in_proj Xavier-uniform and its biases 0, out_proj
 * uniform in +-1/sqrt(D) with bias 0; each Linear uniform in +-1/sqrt(fan_in), bias too; LayerNorms 1 and 0.
 */
export function wikiInitialValues(c: WikiConfig, vocab: number, rng: Rng): Float32Array[] {
  const { width: D, ff: F } = c;
  const zeros = (n: number) => new Float32Array(n);
  const ones = (n: number) => new Float32Array(n).fill(1);
  const u = (n: number, fanIn: number) => uniformArray(rng, n, 1 / Math.sqrt(fanIn));
  return [
    Float32Array.from({ length: vocab * D }, () => normal(rng)),
    ...Array.from({ length: c.layers }, () => [
      uniformArray(rng, 3 * D * D, Math.sqrt(6 / (D + 3 * D))),
      zeros(3 * D),
      u(D * D, D),
      zeros(D),
      u(F * D, D),
      u(F, D),
      u(D * F, F),
      u(D, F),
      ones(D),
      zeros(D),
      ones(D),
      zeros(D),
    ]).flat(),
    u(vocab * D, D),
    u(vocab, D),
  ];
}
