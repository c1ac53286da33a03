// Lesson 2's slice of the worker API: the corpus, the CBOW model in training, and what it has learnt. Types only.

import type { BackendName, LoadProgress, LossPoint, TextSource, TrainProgress, TrainSummary } from '../../train/types';

export type { BackendName };

export interface Word2vecCorpusInfo {
  name: string;
  /** The address it came from, for a download. */
  url?: string;
  paragraphs: number;
  tokens: number;
  fromCache: boolean;
}

export type Word2vecMode = 'full' | 'fast';

/** Lesson 2's hyperparameters (the notebook's by default). */
export interface Word2vecConfig {
  mode: Word2vecMode;
  minFreq: number;
  dim: number;
  window: number;
  batch: number;
  epochs: number;
  learningRate: number;
  /** Fast mode: noise words per example, and the subsampling threshold t. */
  negatives: number;
  subsample: number;
  seed: number;
}

/** What a configuration costs, before it runs. */
export interface Word2vecPlan {
  vocabSize: number;
  examples: number;
  batchesPerEpoch: number;
  /** Examples pushed through at once (full mode splits a batch into chunks of this size). */
  chunk: number;
  /** Whether full batches take the kernels' V x V route (P = E C^T once a batch; CbowProducts). */
  pairs: boolean;
  /** Estimated peak tfjs memory, bytes. */
  peakBytes: number;
  /** Seconds for the whole run on the current backend. */
  seconds: number;
  /** Whether `seconds` comes from a batch timed on this machine (else from a rough rate). */
  timed: boolean;
  warnings: string[];
}

export interface Word2vecNeighbours {
  word: string;
  known: boolean;
  context: { word: string; score: number }[];
  centre: { word: string; score: number }[];
  /** For an unknown word: vocabulary words spelt most like it. */
  suggestions: string[];
}

export interface Word2vecRestored {
  config: Word2vecConfig;
  plan: Word2vecPlan;
  corpusName: string;
  step: number;
  totalSteps: number;
  points: LossPoint[];
  epochMeans: { epoch: number; loss: number }[];
  /** For a ready-trained model: how it was made and its data's licence. */
  pretrained?: string;
  savedAt: number;
}

export interface CbowBenchOptions {
  variant: 'ours' | 'straightforward';
  vocabSize: number;
  dim: number;
  window: number;
  batch: number;
  /** Examples per chunk ('ours' only; 0 picks the lesson's own). */
  chunk: number;
  steps: number;
  profile: boolean;
}

export interface CbowBenchResult {
  wordsPerSecond: number;
  secondsPerStep: number;
  chunk: number;
  /** Kernel time of one profiled step, by kernel, longest first (empty when not profiled). */
  kernels: { name: string; ms: number; calls: number }[];
  profiledMs: number;
}

export interface Word2vecApi {
  /**
   * One full-softmax CBOW training step on synthetic ids (V, D, window, batch, chunk as given),
   * `variant` 'ours' (the lesson's step) or 'straightforward' (tf.gather + matMul + softmaxCrossEntropy +
   * tf.train.adam, gradients by autodiff). Times `steps` steps after a warm-up, and profiles one step by kernel.
   */
  benchStep(options: CbowBenchOptions): Promise<CbowBenchResult & { lookup?: string; products?: string }>;
  /** Lesson 2: loads a corpus (mirrors tried in turn, cached), cleaned into paragraphs the notebook's way. */
  load(source: TextSource, onProgress?: (p: LoadProgress) => void): Promise<Word2vecCorpusInfo>;
  /** What a configuration needs (vocabulary, examples, memory, time) on the loaded corpus. */
  plan(config: Word2vecConfig): Promise<Word2vecPlan>;
  /** A fresh model for `config` on the loaded corpus (replaces the model held, keeps its checkpoint until the first epoch ends). */
  create(config: Word2vecConfig): Promise<Word2vecPlan>;
  /** Trains until the last epoch, `maxSteps` more batches, or `pause`; checkpoints after every epoch. */
  train(maxSteps: number, onProgress: (p: TrainProgress) => void): Promise<TrainSummary>;
  neighbours(word: string, k: number): Promise<Word2vecNeighbours>;
  /** a is to b as c is to ?: the `k` best words in the chosen embedding by the chosen score (a, b and c left out), and the rank of `expected`. */
  analogy(words: [string, string, string], k: number, options: AnalogyOptions): Promise<Word2vecAnalogy>;
  /** 2-D PCA of the context vectors of `words`. */
  map(words: string[]): Promise<{ points: { word: string; x: number; y: number }[]; missing: string[]; explained: [number, number] }>;
  restore(): Promise<Word2vecRestored | undefined>;
  reset(): Promise<void>;
  /** The vectors for the Embedding Projector (TSV) and everything as JSON. */
  export(): Promise<{ vectorsTsv: string; metadataTsv: string; json: string }>;
  /** "Train further": `epochs` more epochs at the schedule's last learning rate; the new total of batches. */
  extend(epochs: number): Promise<number>;
  /** Loads the ready-trained model at `url` (public/pretrained/), replacing the model held, and saves it as this page's model. */
  loadPretrained(url: string): Promise<Word2vecRestored>;
  /** The model held as a ready-trained file (JSON), for test/models/trainWordModel.mjs. */
  exportPretrained(made: { licence: string; madeBy: string }): Promise<string>;
}

/** Which vectors an analogy reads: the context embedding (the notebook's embedding layer), the centre one (its output layer), or both. */
export type AnalogyEmbedding = 'context' | 'centre' | 'both';

export interface AnalogyOptions {
  embedding: AnalogyEmbedding;
  /** 3CosAdd (nearest to b - a + c) or 3CosMul. */
  method: 'add' | 'mul';
  /** The answer the reader expects: its rank is given back. */
  expected?: string;
}

export interface Word2vecAnalogy {
  missing: string[];
  results: { word: string; score: number }[];
  /** Where the expected word ranks (1 is the best), when one was given and is known. */
  expectedRank?: number;
  expectedKnown: boolean;
}
