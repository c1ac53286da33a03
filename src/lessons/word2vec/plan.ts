// Lesson 2's corpus and what a configuration costs on it: vocabulary, examples, memory and a rough time,
// before anything trains (the worker's session builds on these).

import { pairsPay } from '../../kernels/cbowProducts';
import { DataError } from '../../lib/errors';
import { memoryProblem } from '../../lib/memoryBudget';
import { createRng } from '../../lib/rng';
import { buildVocabFromCounts, countTokens, type Vocab } from '../../text/vocab';
import { cbowWindows, toParagraphs, type Windows } from '../../text/wikitext';
import type { BackendName } from '../../train/types';
import type { Word2vecConfig, Word2vecPlan } from './api';
import { keepProbabilities, subsample } from './negativeSampling';

export interface Word2vecCorpus {
  name: string;
  paragraphs: string[][];
  counts: Map<string, number>;
}

/** Builds the corpus from text: the SOTU speeches or the lines of a file or of WikiText-2. */
export function word2vecCorpus(name: string, lines: Iterable<string>): Word2vecCorpus {
  const paragraphs = toParagraphs(lines);
  if (paragraphs.length === 0) throw new DataError(`${name} has no words in it that the tokenizer can find.`);
  return { name, paragraphs, counts: countTokens(paragraphs) };
}

/** Effective throughput of the full-softmax step on each backend, measured here (npm run bench: cbow-full-words-per-s, 2,651 words/s on WASM = 19 GFLOP/s; WebGPU, not measured, taken as WebGL), for estimates before a run. */
const FULL_GFLOPS: Record<BackendName, number> = { webgl: 40, webgpu: 40, wasm: 19, cpu: 1.1 };
/** Fast mode runs in plain JavaScript on any backend. */
const FAST_WORDS_PER_SECOND = 150_000;
/** What to make smaller when a configuration would take too much memory. */
export const WORD2VEC_SMALLER = 'D, or the vocabulary (with a higher min_freq),';

/** Examples per chunk so that a chunk's [chunk, V] float arrays (about five alive at once) stay near 128 MiB. */
export function chunkSize(vocabSize: number, batch: number): number {
  return Math.max(64, Math.min(batch, Math.floor(2 ** 27 / (20 * vocabSize))));
}

export function vocabularyOf(corpus: Word2vecCorpus, minFreq: number): Vocab {
  return buildVocabFromCounts(corpus.counts, { minFreq, specials: ['<unk>'] });
}

export function idsOf(corpus: Word2vecCorpus, vocab: Vocab): Int32Array[] {
  return corpus.paragraphs.map((p) => Int32Array.from(p, (token) => vocab.indexOf(token)));
}

function tokenCounts(ids: readonly Int32Array[], vocabSize: number): Float64Array {
  const counts = new Float64Array(vocabSize);
  for (const p of ids) for (const id of p) counts[id]++;
  return counts;
}

/** The training examples of a configuration: all full windows, after subsampling in fast mode. */
export function examplesOf(ids: Int32Array[], vocabSize: number, config: Word2vecConfig): { windows: Windows; counts: Float64Array } {
  const counts = tokenCounts(ids, vocabSize);
  if (config.mode === 'full') return { windows: cbowWindows(ids, config.window), counts };
  const keep = keepProbabilities(counts, config.subsample);
  return { windows: cbowWindows(subsample(ids, keep, createRng(config.seed ^ 0x5eed)), config.window), counts };
}

/**
 * What `config` needs on `corpus`: vocabulary, examples, memory and time. The time comes from
 * `secondsPerExample` where the worker has timed a batch here (see timeExample), else from a rough rate.
 */
export function planFor(corpus: Word2vecCorpus, config: Word2vecConfig, backend: BackendName, examples?: number, secondsPerExample?: number): Word2vecPlan {
  const vocab = vocabularyOf(corpus, config.minFreq);
  const V = vocab.itos.length;
  let n = examples;
  if (n === undefined) {
    n = 0;
    for (const p of corpus.paragraphs) n += Math.max(0, p.length - config.window);
    // Subsampling keeps a share of the tokens; estimate it from the counts.
    if (config.mode === 'fast') {
      const counts = Float64Array.from(vocab.itos, (t) => (t === '<unk>' ? 0 : (corpus.counts.get(t) ?? 0)));
      let total = 0;
      for (const c of corpus.counts.values()) total += c;
      counts[0] = total - counts.reduce((s, c) => s + c, 0);
      const keep = keepProbabilities(counts, config.subsample);
      n = Math.round((n * counts.reduce((s, c, i) => s + c * keep[i], 0)) / total);
    }
  }
  return costOf(config, V, n, backend, secondsPerExample);
}

/** What `config` costs for a vocabulary of `V` words and `n` examples an epoch (see planFor). */
export function costOf(config: Word2vecConfig, V: number, n: number, backend: BackendName, secondsPerExample?: number): Word2vecPlan {
  const D = config.dim;
  const batchesPerEpoch = Math.ceil(n / config.batch);
  const chunk = config.mode === 'full' ? chunkSize(V, config.batch) : config.batch;
  const weights = 2 * V * D * 4;
  // The kernels' V x V route (CbowProducts) adds P and H's float64 sums where the batch takes it, on the CPU backends.
  const pairRoute = config.mode === 'full' && (backend === 'wasm' || backend === 'cpu') && pairsPay(V, config.batch);
  const pairs = pairRoute ? 12 * V * V : 0;
  const peakBytes =
    config.mode === 'full'
      ? weights * 5 + 5 * chunk * V * 4 + chunk * config.window * D * 4 * 2 + pairs // weights, Adam moments, gradient sums; chunk arrays
      : weights * 2; // the tfjs variables and the plain arrays fast mode trains
  const seconds =
    secondsPerExample !== undefined
      ? n * config.epochs * secondsPerExample
      : config.mode === 'full'
        ? (n * config.epochs * 6 * V * D) / (FULL_GFLOPS[backend] * 1e9)
        : (n * config.epochs) / FAST_WORDS_PER_SECOND;
  const warnings: string[] = [];
  if (V < 2) warnings.push(`At min_freq ${config.minFreq} no word of this corpus makes it into the vocabulary: lower min_freq or pick a larger corpus.`);
  if (n === 0) warnings.push(`The corpus has no paragraph longer than the window (${config.window}): there is nothing to learn from.`);
  const tooLarge = memoryProblem(peakBytes, WORD2VEC_SMALLER);
  if (tooLarge) warnings.push(tooLarge);
  if (seconds > 3600) warnings.push(`This will take hours on this machine (${backend}). Fast mode gives good neighbours in a minute or two.`);
  return { vocabSize: V, examples: n, batchesPerEpoch, chunk, pairs: pairRoute, peakBytes, seconds, timed: secondsPerExample !== undefined, warnings };
}
