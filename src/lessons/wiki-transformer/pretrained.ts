// Lesson 12's ready-trained model as a compact file (public/pretrained/wiki-transformer.json): the configuration,
// the BPE rules and vocabulary it reads, the matrices in 8 bits (each run of `width` values with its own scale),
// the vectors in float16, its curves, and how it was made and under which licence. Adam's moments are left out.

import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { decodeHalf, decodeInt8Rows, encodeHalf, encodeInt8Rows } from '../../lib/float16';
import type { LossPoint } from '../../train/types';
import type { TimedPoint } from './api';
import { WIKI_FIELDS, type WikiConfig } from './meta';
import { wikiSizes } from './model';

export const WIKI_PRETRAINED_FORMAT = 'tensor-tutor/wiki-transformer@1';

/** A weight in the file: 8-bit rows (matrices) or float16 (vectors). */
export type StoredWeight = { int8: { values: string; scales: string } } | { half: string };

export interface PretrainedWiki {
  format: typeof WIKI_PRETRAINED_FORMAT;
  corpusName: string;
  /** The data's licence, shown beside the model. */
  licence: string;
  /** How it was made: the committed script, its recipe, and its time on what machine. */
  madeBy: string;
  config: WikiConfig;
  vocab: string[];
  rules: [string, string][];
  step: number;
  seconds: number;
  /** The training loss, every so many steps (for the chart). */
  points: LossPoint[];
  /** The validation loss along the way. */
  validation: TimedPoint[];
  weights: StoredWeight[];
}

/** Whether weight `i` (the engine's order: tokens, 12 per block, the head, its bias) is a matrix: in_proj, out_proj and the MLP's two in a block. */
const isMatrix = (i: number, count: number) => i === 0 || i === count - 2 || (i < count - 2 && [0, 2, 4, 6].includes((i - 1) % 12));

/** The file for a model of `config` with `weights` (in the engine's order). */
export function encodeWikiPretrained(weights: Float32Array[], made: Omit<PretrainedWiki, 'format' | 'weights'>): PretrainedWiki {
  const { width } = made.config;
  return {
    format: WIKI_PRETRAINED_FORMAT,
    ...made,
    weights: weights.map((w, i) => (isMatrix(i, weights.length) ? { int8: encodeInt8Rows(w, width) } : { half: encodeHalf(w) })),
  };
}

/** The weights in a file, checked: its format, its configuration's bounds, every weight's size. */
export function decodeWikiPretrained(file: PretrainedWiki): Float32Array[] {
  if (file?.format !== WIKI_PRETRAINED_FORMAT) throw new DataError(`Not a ready-trained Project II model (format ${String(file?.format)}).`);
  checkBounds(file.config, WIKI_FIELDS);
  const sizes = wikiSizes(file.config, file.vocab.length);
  if (file.weights.length !== sizes.length) throw new DataError(`The ready-trained model has ${file.weights.length} weights, not ${sizes.length}.`);
  return file.weights.map((stored, i) => {
    if ('int8' in stored !== isMatrix(i, sizes.length)) throw new DataError(`Weight ${i} of the ready-trained model is stored in the wrong precision.`);
    const w = 'int8' in stored ? decodeInt8Rows(stored.int8, file.config.width) : decodeHalf(stored.half);
    if (w.length !== sizes[i]) throw new DataError(`Weight ${i} of the ready-trained model has ${w.length} values, not ${sizes[i]}.`);
    return w;
  });
}
