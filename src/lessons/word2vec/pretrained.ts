// A ready-trained CBOW model as a compact file (public/pretrained/): the configuration, the vocabulary, both
// embeddings in 8 bits a value (a float16 scale a row), the loss curve, and how it was made, so that the page can say so. Adam's moments are
// left out: a model loaded from it trains on with fresh ones.

import { DataError } from '../../lib/errors';
import { decodeInt8Rows, encodeInt8Rows } from '../../lib/float16';
import type { LossPoint } from '../../train/types';
import type { Word2vecConfig } from './api';

export const PRETRAINED_FORMAT = 'tensor-tutor/word2vec-cbow@2';

export interface PretrainedWord2vec {
  format: typeof PRETRAINED_FORMAT;
  corpusName: string;
  /** The data's licence, to show beside the model. */
  licence: string;
  /** How it was made: the committed script, and its training time on what machine. */
  madeBy: string;
  config: Word2vecConfig;
  itos: string[];
  step: number;
  batchesPerEpoch: number;
  points: LossPoint[];
  epochMeans: { epoch: number; loss: number }[];
  /** The context embedding (the embedding layer) and the centre embedding (the output layer), V x D, 8-bit rows in base64 (src/lib/float16.ts encodeInt8Rows). */
  context: { values: string; scales: string };
  centre: { values: string; scales: string };
}

export interface Word2vecWeights {
  config: Word2vecConfig;
  itos: string[];
  step: number;
  batchesPerEpoch: number;
  points: LossPoint[];
  epochMeans: { epoch: number; loss: number }[];
  context: Float32Array;
  centre: Float32Array;
}

/** The file for a trained model. */
export function encodePretrained(model: Word2vecWeights, made: { corpusName: string; licence: string; madeBy: string }): PretrainedWord2vec {
  return {
    format: PRETRAINED_FORMAT,
    ...made,
    config: model.config,
    itos: model.itos,
    step: model.step,
    batchesPerEpoch: model.batchesPerEpoch,
    // Losses to 4 digits: the curve is for reading.
    points: model.points.map((p) => ({ step: p.step, loss: Number(p.loss.toPrecision(4)) })),
    epochMeans: model.epochMeans,
    context: encodeInt8Rows(model.context, model.config.dim),
    centre: encodeInt8Rows(model.centre, model.config.dim),
  };
}

/** The model in a file, checked: its format, and its matrices' sizes against its vocabulary and dimension. */
export function decodePretrained(file: PretrainedWord2vec): Word2vecWeights {
  if (file?.format !== PRETRAINED_FORMAT) throw new DataError(`Not a ready-trained word2vec model (format ${String(file?.format)}).`);
  const size = file.itos.length * file.config.dim;
  const context = decodeInt8Rows(file.context, file.config.dim);
  const centre = decodeInt8Rows(file.centre, file.config.dim);
  for (const [name, m] of [
    ['context', context],
    ['centre', centre],
  ] as const) {
    if (m.length !== size) throw new DataError(`The ${name} embedding of the ready-trained model has ${m.length} values, not ${size}.`);
  }
  return {
    config: file.config,
    itos: file.itos,
    step: file.step,
    batchesPerEpoch: file.batchesPerEpoch,
    points: file.points,
    epochMeans: file.epochMeans,
    context,
    centre,
  };
}
