// Lesson 9's tiny GPT, as its page exports it (JSON: config, vocabulary, weights in gptVariables' order), read into
// the GPT-2 engine, so that Lesson 11's inspector opens it beside GPT-2: the same blocks, with the exact GELU, a
// head of its own, torch's Linear weights [out, in] turned to GPT-2's [in, out], and characters for tokens.

import type { Gpt2Engine } from '../kernels/gpt2/engine';
import { Gpt2Engine as Engine } from '../kernels/gpt2/engine';
import type { Kernels } from '../kernels/kernels';
import { loadFastKernels } from '../kernels/load';
import { DataError } from '../lib/errors';
import { type Gpt2Config, type Gpt2Model, gpt2Model } from './gpt2';

/** The slot Lesson 9 keeps its tiny GPT's checkpoint under, which Lesson 8 reads. */
export const TINY_GPT_SLOT = 'gpt/model';

/** What of Lesson 9's checkpoint another lesson reads: its shape, characters and weights (gptVariables' order). */
export interface TinyGptCheckpoint {
  config: { width: number; heads: number; layers: number; context: number };
  itos: string[];
  corpusName: string;
  step: number;
  weights: Float32Array[];
}

/** What Lesson 9's "Export the weights" writes. */
export interface TinyGptExport {
  model: string;
  config: { width: number; heads: number; layers: number; context: number };
  vocabulary: string[];
  weights: { shape: number[]; values: number[] }[];
}

/** A tokenizer of single characters over `itos`: characters it does not know are left out. */
export function charTokenizer(itos: readonly string[]) {
  const stoi = new Map(itos.map((ch, i) => [ch, i]));
  return {
    encode: (text: string) => Array.from(text).flatMap((ch) => (stoi.has(ch) ? [stoi.get(ch)!] : [])),
    decode: (ids: readonly number[]) => ids.map((id) => itos[id] ?? '').join(''),
  };
}

/** `values` [rows, cols] transposed into `into` [cols, rows]. */
function transposeInto(values: readonly number[], rows: number, cols: number, into: Float32Array): void {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) into[c * rows + r] = values[r * cols + c];
}

/** Loads a tiny GPT exported by Lesson 9, refused in words where the file is not one. */
export async function loadTinyGpt(file: TinyGptExport, opts: { kernels?: Kernels } = {}): Promise<Gpt2Model> {
  const { config, vocabulary, weights } = file ?? ({} as TinyGptExport);
  if (!config || !Array.isArray(vocabulary) || !Array.isArray(weights) || !String(file.model ?? '').includes('tiny GPT'))
    throw new DataError('This is not a tiny GPT exported from Lesson 9 (its JSON has no config, vocabulary and weights).');
  const { width: D, heads: H, layers: L, context: T } = config;
  const V = vocabulary.length;
  if (weights.length !== 2 + 12 * L + 3) throw new DataError(`The file holds ${weights.length} tensors; a tiny GPT of ${L} layers has ${2 + 12 * L + 3}.`);
  const gpt2: Gpt2Config = { vocab_size: V, n_positions: T, n_embd: D, n_layer: L, n_head: H, layer_norm_epsilon: 1e-5, activation_function: 'gelu' };
  const engine: Gpt2Engine = await Engine.create(opts.kernels ?? (await loadFastKernels()), {
    vocab: V,
    positions: T,
    width: D,
    layers: L,
    heads: H,
    eps: 1e-5,
    activation: 'gelu',
    ownHead: true,
  });
  const F = 4 * D;
  let i = 0;
  const next = (size: number) => {
    const w = weights[i++];
    if (!w || w.values.length !== size) throw new DataError(`Tensor ${i - 1} of the file holds ${w?.values.length} values, not ${size}: the file is damaged.`);
    return w.values;
  };
  const copy = (name: string, size: number) => engine.parameter(name).set(next(size));
  const transposed = (name: string, rows: number, cols: number) => transposeInto(next(rows * cols), rows, cols, engine.parameter(name));
  copy('wte.weight', V * D);
  copy('wpe.weight', T * D);
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
    copy(`${b}ln_1.weight`, D);
    copy(`${b}ln_1.bias`, D);
    copy(`${b}ln_2.weight`, D);
    copy(`${b}ln_2.bias`, D);
  }
  copy('ln_f.weight', D);
  copy('ln_f.bias', D);
  copy('lm_head.weight', V * D);
  return gpt2Model(gpt2, engine);
}
