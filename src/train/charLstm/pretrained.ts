// A ready-trained character model as a compact file (public/pretrained/): the configuration, the vocabulary,
// the weights in float16, and how it was made, so that the page can say so. Adam's moments are left out: a
// model loaded from it trains on with fresh ones.

import { DataError } from '../../lib/errors';
import { decodeHalf, encodeHalf } from '../../lib/float16';
import type { CharLmState } from '../../models/charLstm';
import type { LossPoint } from '../types';
import type { CharTrainConfig } from './types';

export const PRETRAINED_FORMAT = 'tensor-tutor/char-lstm@1';

export interface PretrainedChar {
  format: typeof PRETRAINED_FORMAT;
  corpusName: string;
  /** The data's licence, to show beside the model. */
  licence: string;
  /** How it was made: the committed script, and its training time on what machine. */
  madeBy: string;
  train: CharTrainConfig;
  itos: string[];
  step: number;
  validation: LossPoint[];
  shapes: number[];
  /** Each weight array in float16, base64 (src/lib/float16.ts). */
  weights: string[];
}

/** The file for a trained model's `state`. */
export function encodePretrained(
  state: CharLmState,
  made: { corpusName: string; licence: string; madeBy: string; train: CharTrainConfig; itos: string[]; validation: LossPoint[] },
): PretrainedChar {
  return {
    format: PRETRAINED_FORMAT,
    ...made,
    step: state.step,
    shapes: state.weights.map((w) => w.length),
    weights: state.weights.map(encodeHalf),
  };
}

/** The model state in a file, checked: its format, its vocabulary against its configuration, its weights' sizes. */
export function decodePretrained(file: PretrainedChar): CharLmState {
  if (file?.format !== PRETRAINED_FORMAT) throw new DataError(`Not a ready-trained character model (format ${String(file?.format)}).`);
  const weights = file.weights.map(decodeHalf);
  weights.forEach((w, i) => {
    if (w.length !== file.shapes[i]) throw new DataError(`Weight ${i} of the ready-trained model has ${w.length} values, not ${file.shapes[i]}.`);
  });
  const config = { ...file.train, vocab: file.itos.length };
  return {
    config,
    step: file.step,
    weights,
    adam: { t: 0, m: weights.map((w) => new Float32Array(w.length)), v: weights.map((w) => new Float32Array(w.length)) },
  };
}
