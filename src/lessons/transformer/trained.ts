// Lesson 8 on a trained model: the step-through of one block of Project II's ready-trained transformer (post-LN,
// ReLU, sinusoidal positions, BPE tokens) or of a tiny GPT the reader trained in Lesson 9 and exported (pre-LN,
// GELU, learned positions, characters), so that the maps show what training made of the weights.

import * as tf from '@tensorflow/tfjs';
import { sinusoids } from '../../kernels/gpt/layout';
import { DataError } from '../../lib/errors';
import type { BlockWeights } from '../../models/block';
import { charTokenizer, type TinyGptCheckpoint, type TinyGptExport } from '../../models/tinyGpt';
import { decodeWikiPretrained, type PretrainedWiki, wikiTokenizer } from '../../models/wikiTransformer';
import type { BlockKind, BlockTrace } from './trace';
import { traceStages } from './trace';

/** A trained model held for the step-through: its weights as plain numbers, its tokens, how its blocks are built. */
export interface TrainedSource {
  /** What the page says it shows. */
  name: string;
  width: number;
  heads: number;
  layers: number;
  context: number;
  kind: BlockKind;
  /** The reader's text as token ids; each id's text for the tables. */
  encode(text: string): number[];
  label(id: number): string;
  tokenTable: Float32Array; // [V, D]
  positions: Float32Array; // [context, D]
  /** 12 arrays per block, in BlockWeights' order (torch's layouts). */
  blocks: Float32Array[][];
}

/** What the page learns of a model it opened. */
export type TrainedSummary = Pick<TrainedSource, 'name' | 'width' | 'heads' | 'layers' | 'context' | 'kind'> & { vocabulary: number };

export const summaryOf = (s: TrainedSource, vocabulary: number): TrainedSummary => ({
  name: s.name,
  width: s.width,
  heads: s.heads,
  layers: s.layers,
  context: s.context,
  kind: s.kind,
  vocabulary,
});

/** Project II's ready-trained file (Lesson 12): the first 12 x layers weights after the token table are its blocks. */
export function wikiSource(file: PretrainedWiki): TrainedSource {
  const weights = decodeWikiPretrained(file);
  const { width: D, heads, layers, context } = file.config;
  const tokens = wikiTokenizer(file.vocab, file.rules);
  return {
    name: `Project II's ready-trained transformer (Lesson 12: ${file.vocab.length.toLocaleString('en')} BPE tokens, trained on WikiText-2)`,
    width: D,
    heads,
    layers,
    context,
    kind: { norm: 'post', activation: 'relu' },
    encode: tokens.encode,
    label: (id) => (file.vocab[id] ?? '?').replace('</w>', '_'),
    tokenTable: weights[0],
    positions: sinusoids(context, D),
    blocks: Array.from({ length: layers }, (_, l) => weights.slice(1 + 12 * l, 13 + 12 * l)),
  };
}

/** A tiny GPT exported by Lesson 9 (config, vocabulary, weights in its variables' order), checked. */
export function tinySource(file: TinyGptExport, fileName: string): TrainedSource {
  const { config, vocabulary, weights } = file ?? ({} as TinyGptExport);
  if (!config || !Array.isArray(vocabulary) || !Array.isArray(weights) || !String(file.model ?? '').includes('tiny GPT'))
    throw new DataError(`“${fileName}” is not a tiny GPT exported from Lesson 9 (its JSON has no config, vocabulary and weights).`);
  return tinyGptSource(config, vocabulary, weights, `your tiny GPT from Lesson 9 (“${fileName}”, ${vocabulary.length} characters)`, `“${fileName}”`);
}

/** The tiny GPT Lesson 9 keeps in this browser (its checkpoint). */
export function checkpointSource(saved: TinyGptCheckpoint): TrainedSource {
  const what = `the tiny GPT you trained in Lesson 9 (on ${saved.corpusName}, step ${saved.step.toLocaleString('en')}, ${saved.itos.length} characters)`;
  return tinyGptSource(
    saved.config,
    saved.itos,
    saved.weights.map((values) => ({ values })),
    what,
    'Lesson 9’s saved model',
  );
}

/** A tiny GPT of `config` over the characters `vocabulary`, its weights in gptVariables' order, every size checked. */
function tinyGptSource(
  config: TinyGptExport['config'],
  vocabulary: readonly string[],
  weights: readonly { values: ArrayLike<number> }[],
  name: string,
  where: string,
): TrainedSource {
  const { width: D, heads, layers: L, context: T } = config;
  if (![D, heads, L, T].every((n) => Number.isInteger(n) && n > 0 && n <= 4096) || D % heads !== 0)
    throw new DataError(`${where} has no usable shape (width ${D}, heads ${heads}, layers ${L}, context ${T}).`);
  if (weights.length !== 2 + 12 * L + 3) throw new DataError(`${where} holds ${weights.length} tensors; a tiny GPT of ${L} layers has ${2 + 12 * L + 3}.`);
  const V = vocabulary.length;
  const F = 4 * D;
  const block = [3 * D * D, 3 * D, D * D, D, F * D, F, D * F, D, D, D, D, D];
  const sizes = [V * D, T * D, ...Array.from({ length: L }, () => block).flat()];
  const arrays = sizes.map((size, i) => {
    const w = weights[i]?.values;
    if (!w || w.length !== size) throw new DataError(`Tensor ${i} of ${where} holds ${w?.length} values, not ${size}: the file is damaged.`);
    return Float32Array.from(w);
  });
  const chars = charTokenizer(vocabulary);
  return {
    name,
    width: D,
    heads,
    layers: L,
    context: T,
    kind: { norm: 'pre', activation: 'gelu' },
    encode: chars.encode,
    label: (id) => (vocabulary[id] === ' ' ? '␣' : vocabulary[id] === '\n' ? '↵' : (vocabulary[id] ?? '?')),
    tokenTable: arrays[0],
    positions: arrays[1],
    blocks: Array.from({ length: L }, (_, l) => arrays.slice(2 + 12 * l, 14 + 12 * l)),
  };
}

/** Tensors of one block's arrays (torch's layouts, BlockWeights' order). */
function blockTensors(a: Float32Array[], D: number): BlockWeights {
  const F = a[5].length;
  return {
    inProjWeight: tf.tensor2d(a[0], [3 * D, D]),
    inProjBias: tf.tensor1d(a[1]),
    outProjWeight: tf.tensor2d(a[2], [D, D]),
    outProjBias: tf.tensor1d(a[3]),
    linear1Weight: tf.tensor2d(a[4], [F, D]),
    linear1Bias: tf.tensor1d(a[5]),
    linear2Weight: tf.tensor2d(a[6], [D, F]),
    linear2Bias: tf.tensor1d(a[7]),
    norm1Weight: tf.tensor1d(a[8]),
    norm1Bias: tf.tensor1d(a[9]),
    norm2Weight: tf.tensor1d(a[10]),
    norm2Bias: tf.tensor1d(a[11]),
  };
}

/** Block `layer` (from 1) of `source` on the first `limit` tokens of `text` that the model reads, every step kept. */
export function traceTrained(source: TrainedSource, text: string, layer: number, limit: number): BlockTrace {
  const all = source.encode(text);
  if (all.length === 0) throw new DataError('None of this text is in the model’s vocabulary: type a sentence in its language.');
  if (!Number.isInteger(layer) || layer < 1 || layer > source.layers) throw new DataError(`The model has blocks 1 to ${source.layers}, not ${layer}.`);
  const ids = all.slice(0, Math.min(limit, source.context));
  const T = ids.length;
  const D = source.width;
  tf.engine().startScope();
  try {
    const rows = (table: Float32Array, at: (t: number) => number) => {
      const out = new Float32Array(T * D);
      for (let t = 0; t < T; t++) out.set(table.subarray(at(t) * D, (at(t) + 1) * D), t * D);
      return tf.tensor2d(out, [T, D]);
    };
    const tokens = ids.map(source.label);
    const stages = traceStages(
      {
        tokens,
        tokenEmbedding: rows(source.tokenTable, (t) => ids[t]),
        positionEmbedding: rows(source.positions, (t) => t),
        before: source.blocks.slice(0, layer - 1).map((b) => blockTensors(b, D)),
        block: blockTensors(source.blocks[layer - 1], D),
        kind: source.kind,
      },
      source.heads,
      true,
    );
    return {
      tokens,
      options: { dim: D, heads: source.heads, causal: true, seed: 0 },
      kind: source.kind,
      source: source.name,
      layer,
      layers: source.layers,
      dropped: all.length - T,
      ...stages,
    };
  } finally {
    tf.engine().endScope();
  }
}
