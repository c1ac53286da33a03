// A model the GPT engine trains (Lesson 9's tiny GPT, Lesson 12's transformer) in the GPT-2 engine, which reads text
// with a cache of keys and values: its weights in the training engine's order (torch's layouts, Linear [out, in])
// under GPT-2's names and Conv1D layouts [in, out], the sinusoids written where the model has no position table.

import { DataError } from '../../lib/errors';
import { type GptEngineShape, optionsOf, sinusoids } from '../gpt/layout';
import type { Gpt2Engine, Gpt2Shape } from './engine';

/** The GPT-2 engine's shape of a model the GPT engine trains (it reads at most the model's context). */
export function readerShape(shape: GptEngineShape): Gpt2Shape {
  const o = optionsOf(shape);
  return {
    vocab: shape.vocab,
    positions: shape.context,
    width: shape.width,
    layers: shape.layers,
    heads: shape.heads,
    eps: 1e-5,
    activation: o.relu ? 'relu' : 'gelu',
    ownHead: true,
    norm: o.post ? 'post' : 'pre',
    ff: o.ff,
    headBias: o.headBias,
  };
}

/** Writes `weights` (the training engine's order) into `engine`, each checked for its size; `where` names them in the message. */
export function setTrainedWeights(engine: Gpt2Engine, shape: GptEngineShape, weights: readonly ArrayLike<number>[], where: string): void {
  const { vocab: V, context: T, width: D, layers: L } = shape;
  const { ff: F, post, sinusoidal, headBias } = optionsOf(shape);
  let i = 0;
  const next = (size: number) => {
    const w = weights[i++];
    if (!w || w.length !== size) throw new DataError(`Tensor ${i - 1} of ${where} holds ${w?.length} values, not ${size}: the file is damaged.`);
    return w;
  };
  const copy = (name: string, size: number) => engine.parameter(name).set(next(size));
  const transposed = (name: string, rows: number, cols: number) => {
    const from = next(rows * cols);
    const into = engine.parameter(name);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) into[c * rows + r] = from[r * cols + c];
  };
  copy('wte.weight', V * D);
  if (sinusoidal) engine.parameter('wpe.weight').set(sinusoids(T, D));
  else copy('wpe.weight', T * D);
  for (let l = 0; l < L; l++) {
    const b = `h.${l}.`;
    transposed(`${b}attn.c_attn.weight`, 3 * D, D);
    copy(`${b}attn.c_attn.bias`, 3 * D);
    transposed(`${b}attn.c_proj.weight`, D, D);
    copy(`${b}attn.c_proj.bias`, D);
    transposed(`${b}mlp.c_fc.weight`, F, D);
    copy(`${b}mlp.c_fc.bias`, F);
    transposed(`${b}mlp.c_proj.weight`, D, F);
    copy(`${b}mlp.c_proj.bias`, D);
    for (const name of ['ln_1.weight', 'ln_1.bias', 'ln_2.weight', 'ln_2.bias']) copy(`${b}${name}`, D);
  }
  if (!post) {
    copy('ln_f.weight', D);
    copy('ln_f.bias', D);
  }
  copy('lm_head.weight', V * D);
  if (headBias) copy('lm_head.bias', V);
  if (i !== weights.length) throw new DataError(`${where} holds ${weights.length} tensors; this model has ${i}.`);
}
