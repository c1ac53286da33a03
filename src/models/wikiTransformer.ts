// Project II's transformer (Lesson 12) as a file and as a reader: the ready-trained file's format (the
// configuration, the BPE rules and vocabulary it reads, matrices in 8 bits with a scale per run of `width` values,
// vectors in float16, its curves, how it was made and its licence), and the model opened in the GPT-2 engine
// (post-LN, ReLU, fixed positions, a head with a bias) with its BPE tokens, so that Lesson 11's inspector reads it.

import type { GptEngineShape } from '../kernels/gpt/layout';
import { Gpt2Engine } from '../kernels/gpt2/engine';
import { readerShape, setTrainedWeights } from '../kernels/gpt2/trained';
import type { Kernels } from '../kernels/kernels';
import { loadFastKernels } from '../kernels/load';
import { DataError } from '../lib/errors';
import { decodeHalf, decodeInt8Rows, encodeHalf, encodeInt8Rows } from '../lib/float16';
import { bpeModel, UNKNOWN } from '../text/bpe';
import { pythonSplit } from '../text/python';
import type { LossPoint } from '../train/types';
import { type Gpt2Model, gpt2Model } from './gpt2';

export const WIKI_PRETRAINED_FORMAT = 'tensor-tutor/wiki-transformer@1';
/** Where the site serves its ready-trained model (made by test/models/trainWikiModel.mjs). */
export const WIKI_PRETRAINED_PATH = 'pretrained/wiki-transformer.json';

/** The model's shape (the file's configuration holds its training settings too). */
export interface WikiShape {
  width: number;
  heads: number;
  /** The MLP's inner width. */
  ff: number;
  layers: number;
  /** Tokens it reads at most. */
  context: number;
}

/** A weight in the file: 8-bit rows (matrices) or float16 (vectors). */
export type StoredWeight = { int8: { values: string; scales: string } } | { half: string };

export interface PretrainedWiki<C extends WikiShape = WikiShape> {
  format: typeof WIKI_PRETRAINED_FORMAT;
  corpusName: string;
  /** The data's licence, shown beside the model. */
  licence: string;
  /** How it was made: the committed script, its recipe, and its time on what machine. */
  madeBy: string;
  config: C;
  vocab: string[];
  rules: [string, string][];
  step: number;
  seconds: number;
  /** The training loss, every so many steps (for the chart). */
  points: LossPoint[];
  /** The validation loss along the way, with the seconds of training it took. */
  validation: (LossPoint & { seconds: number })[];
  weights: StoredWeight[];
}

/** Every parameter's size, in the engine's order: tokens, 12 per block, the head and its bias. */
export function wikiSizes(c: WikiShape, vocab: number): number[] {
  const { width: D, ff: F } = c;
  const block = [3 * D * D, 3 * D, D * D, D, F * D, F, D * F, D, D, D, D, D];
  return [vocab * D, ...Array.from({ length: c.layers }, () => block).flat(), vocab * D, vocab];
}

/** Whether weight `i` of `count` is a matrix: the tokens, the head, and in a block in_proj, out_proj and the MLP's two. */
const isMatrix = (i: number, count: number) => i === 0 || i === count - 2 || (i < count - 2 && [0, 2, 4, 6].includes((i - 1) % 12));

/** The file for a model with `weights` (in the engine's order). */
export function encodeWikiPretrained<C extends WikiShape>(weights: Float32Array[], made: Omit<PretrainedWiki<C>, 'format' | 'weights'>): PretrainedWiki<C> {
  const { width } = made.config;
  return {
    format: WIKI_PRETRAINED_FORMAT,
    ...made,
    weights: weights.map((w, i) => (isMatrix(i, weights.length) ? { int8: encodeInt8Rows(w, width) } : { half: encodeHalf(w) })),
  };
}

/** The weights in a file, checked: its format, its shape, every weight's size and precision. */
export function decodeWikiPretrained(file: PretrainedWiki): Float32Array[] {
  if (file?.format !== WIKI_PRETRAINED_FORMAT) throw new DataError(`Not a ready-trained Project II model (format ${String(file?.format)}).`);
  const { config } = file;
  for (const key of ['width', 'heads', 'ff', 'layers', 'context'] as const)
    if (!Number.isInteger(config?.[key]) || config[key] < 1 || config[key] > 4096) throw new DataError(`The ready-trained model's ${key} is not a size.`);
  if (!Array.isArray(file.vocab) || file.vocab.length < 2 || !Array.isArray(file.rules)) throw new DataError('The ready-trained model has no vocabulary.');
  const sizes = wikiSizes(config, file.vocab.length);
  if (file.weights?.length !== sizes.length) throw new DataError(`The ready-trained model has ${file.weights?.length} weights, not ${sizes.length}.`);
  return file.weights.map((stored, i) => {
    if ('int8' in stored !== isMatrix(i, sizes.length)) throw new DataError(`Weight ${i} of the ready-trained model is stored in the wrong precision.`);
    const w = 'int8' in stored ? decodeInt8Rows(stored.int8, config.width) : decodeHalf(stored.half);
    if (w.length !== sizes[i]) throw new DataError(`Weight ${i} of the ready-trained model has ${w.length} values, not ${sizes[i]}.`);
    return w;
  });
}

/** The text of BPE symbols as the notebook prints it: `</w>` a space, no space before . , ! ? ; */
export function symbolsToText(symbols: readonly string[]): string {
  return symbols
    .join('')
    .replaceAll('</w>', ' ')
    .replace(/ ([.,!?;])/g, '$1');
}

/** The tokenizer of `rules` over `vocab`: words (Python's split) cut into symbols; ids back to text, `</w>` a space. */
export function wikiTokenizer(vocab: readonly string[], rules: [string, string][]) {
  const model = bpeModel(rules, [...vocab]);
  const index = new Map(vocab.map((s, i) => [s, i]));
  const unknown = index.get(UNKNOWN) ?? 0;
  return {
    encode: (text: string) => pythonSplit(text).flatMap((w) => model.encodeWord(w).map((s) => index.get(s) ?? unknown)),
    decode: (ids: readonly number[]) => ids.map((id) => (vocab[id] ?? '').replaceAll('</w>', ' ')).join(''),
  };
}

/** The model of a ready-trained file in the GPT-2 engine, as GPT-2's reader sees a model (n_positions: its context). */
export async function loadWikiTransformer(file: PretrainedWiki, kernels?: Kernels): Promise<Gpt2Model> {
  return wikiReader(file.config, file.vocab.length, decodeWikiPretrained(file), kernels);
}

/** A model of `shape` over `V` tokens with `weights` (the training engine's order, torch's layouts) in the GPT-2 engine. */
export async function wikiReader(shape: WikiShape, V: number, weights: readonly Float32Array[], kernels?: Kernels): Promise<Gpt2Model> {
  const { width: D, heads: H, ff: F, layers: L, context: T } = shape;
  if (D % H !== 0) throw new DataError(`The ready-trained model's width ${D} does not split into ${H} heads.`);
  const trained: GptEngineShape = {
    vocab: V,
    context: T,
    width: D,
    heads: H,
    layers: L,
    batch: 1,
    ff: F,
    norm: 'post',
    activation: 'relu',
    positions: 'sinusoidal',
    headBias: true,
  };
  const engine = await Gpt2Engine.create(kernels ?? (await loadFastKernels()), readerShape(trained));
  setTrainedWeights(engine, trained, weights, 'the ready-trained model');
  const config = { vocab_size: V, n_positions: T, n_embd: D, n_layer: L, n_head: H, layer_norm_epsilon: 1e-5, activation_function: 'relu' };
  return gpt2Model(config, engine, T * D); // the positions' sinusoids are not weights
}
