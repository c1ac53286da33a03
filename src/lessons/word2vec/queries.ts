// What a reader asks of trained word vectors: a word's nearest neighbours by cosine in both embeddings, an
// analogy, a map of chosen words (PCA to two dimensions), and the vectors to take away.

import * as tf from '@tensorflow/tfjs';
import type { Vocab } from '../../text/vocab';
import type { AnalogyEmbedding, AnalogyOptions, Word2vecAnalogy, Word2vecConfig, Word2vecNeighbours } from './api';
import type { CbowWeights } from './cbow';
import { analogy, closestSpellings, explainedVariance, neighboursOf, pca2d, unitRows } from './vectors';

/** The vectors of a model: its two embeddings, its vocabulary, and where it stands. */
export interface TrainedVectors {
  weights: CbowWeights;
  vocab: Vocab;
  config: Word2vecConfig;
  corpusName: string;
  step: number;
}

export function neighbours(v: TrainedVectors, word: string, k: number): Word2vecNeighbours {
  const token = word.trim().toLowerCase();
  const id = v.vocab.itos.indexOf(token);
  if (id < 0 || token === '') return { word: token, known: false, context: [], centre: [], suggestions: closestSpellings(token, v.vocab.itos, 5) };
  return {
    word: token,
    known: true,
    context: neighboursOf(v.weights.context, id, k, v.vocab.itos),
    centre: neighboursOf(v.weights.centre, id, k, v.vocab.itos),
    suggestions: [],
  };
}

/** The rows of one embedding, or of both (each row of length 1, then summed), at length 1. */
function unitEmbedding(v: TrainedVectors, embedding: AnalogyEmbedding): Float32Array {
  return tf.tidy(() => {
    const pick = embedding === 'both' ? unitRows(v.weights.context).add(unitRows(v.weights.centre)) : v.weights[embedding];
    return unitRows(pick as tf.Tensor2D).dataSync() as Float32Array;
  });
}

export function analogyOf(v: TrainedVectors, [a, b, c]: [string, string, string], k: number, options: AnalogyOptions): Word2vecAnalogy {
  const word = (w: string) => w.trim().toLowerCase();
  const ids = [a, b, c].map((w) => v.vocab.itos.indexOf(word(w)));
  const missing = [a, b, c].filter((_, i) => ids[i] < 0);
  const expected = options.expected ? v.vocab.itos.indexOf(word(options.expected)) : undefined;
  if (missing.length > 0) return { missing, results: [], expectedKnown: expected === undefined || expected >= 0 };
  const { results, expectedRank } = analogy(
    unitEmbedding(v, options.embedding),
    v.config.dim,
    ids as [number, number, number],
    k,
    v.vocab.itos,
    options.method,
    expected !== undefined && expected >= 0 ? expected : undefined,
  );
  return { missing, results, expectedRank, expectedKnown: expected === undefined || expected >= 0 };
}

export function wordMap(
  v: TrainedVectors,
  words: string[],
): { points: { word: string; x: number; y: number }[]; missing: string[]; explained: [number, number] } {
  const known = words.filter((w) => v.vocab.itos.includes(w));
  const missing = words.filter((w) => !v.vocab.itos.includes(w));
  const rows = tf.tidy(
    () =>
      tf
        .gather(
          v.weights.context,
          known.map((w) => v.vocab.itos.indexOf(w)),
        )
        .arraySync() as number[][],
  );
  const vectors = rows.map((r) => Float32Array.from(r));
  const xy = pca2d(vectors);
  return { explained: explainedVariance(vectors, xy), points: known.map((word, i) => ({ word, x: xy[i][0], y: xy[i][1] })), missing };
}

export async function exportVectors(v: TrainedVectors): Promise<{ vectorsTsv: string; metadataTsv: string; json: string }> {
  const context = (await v.weights.context.data()) as Float32Array;
  const centre = (await v.weights.centre.data()) as Float32Array;
  const D = v.config.dim;
  const rows: string[] = [];
  for (let i = 0; i < v.vocab.itos.length; i++) rows.push(Array.from(context.subarray(i * D, (i + 1) * D), (x) => x.toPrecision(6)).join('\t'));
  const matrix = (m: Float32Array) =>
    Array.from({ length: v.vocab.itos.length }, (_, i) => Array.from(m.subarray(i * D, (i + 1) * D), (x) => Number(x.toPrecision(6))));
  return {
    vectorsTsv: `${rows.join('\n')}\n`,
    metadataTsv: `${v.vocab.itos.map((w) => w.replace(/[\t\n]/g, ' ')).join('\n')}\n`,
    json: JSON.stringify({
      config: v.config,
      corpus: v.corpusName,
      step: v.step,
      vocabulary: v.vocab.itos,
      context: matrix(context),
      centre: matrix(centre),
    }),
  };
}
