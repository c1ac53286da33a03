// Lesson 9's tiny GPT, as its page exports it (JSON: config, vocabulary, weights in gptVariables' order), read into
// the GPT-2 engine (gpt2/trained.ts), so that Lesson 11's inspector opens it beside GPT-2: the same blocks, with the
// exact GELU, a head of its own, and characters for tokens.

import { Gpt2Engine } from '../kernels/gpt2/engine';
import { readerShape, setTrainedWeights } from '../kernels/gpt2/trained';
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

/** Loads a tiny GPT exported by Lesson 9, refused in words where the file is not one. */
export async function loadTinyGpt(file: TinyGptExport, opts: { kernels?: Kernels } = {}): Promise<Gpt2Model> {
  const { config, vocabulary, weights } = file ?? ({} as TinyGptExport);
  if (!config || !Array.isArray(vocabulary) || !Array.isArray(weights) || !String(file.model ?? '').includes('tiny GPT'))
    throw new DataError('This is not a tiny GPT exported from Lesson 9 (its JSON has no config, vocabulary and weights).');
  const { width: D, heads: H, layers: L, context: T } = config;
  const V = vocabulary.length;
  if (weights.length !== 2 + 12 * L + 3) throw new DataError(`The file holds ${weights.length} tensors; a tiny GPT of ${L} layers has ${2 + 12 * L + 3}.`);
  const gpt2: Gpt2Config = { vocab_size: V, n_positions: T, n_embd: D, n_layer: L, n_head: H, layer_norm_epsilon: 1e-5, activation_function: 'gelu' };
  const trained = { vocab: V, context: T, width: D, heads: H, layers: L, batch: 1 };
  const engine = await Gpt2Engine.create(opts.kernels ?? (await loadFastKernels()), readerShape(trained));
  setTrainedWeights(
    engine,
    trained,
    weights.map((w) => w.values),
    'the file',
  );
  return gpt2Model(gpt2, engine);
}
