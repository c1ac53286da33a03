// Lesson 1's slice of the worker API: corpus loading and analysis, and the bigram demo. Types only.

import type { LoadProgress, LossPoint, TrainProgress, TrainSummary } from '../../train/types';
import type { TextAnalysis, TextAnalysisOptions } from './analysis';
import type { MinFreqPoint, TokenCount } from './corpusStats';

/** Where a corpus comes from: a URL the site serves or knows, or a file the reader picked. */
export type CorpusSource = { kind: 'url'; url: string; name: string; format: 'text' | 'sotu-json' } | { kind: 'file'; file: Blob; name: string };

/** What the corpus panel shows about a loaded corpus. */
export interface CorpusSummary {
  name: string;
  chars: number;
  documents: number;
  tokens: number;
  distinct: number;
  curve: MinFreqPoint[];
  top: TokenCount[];
  /** True when the text came from the browser's cache rather than the network. */
  fromCache: boolean;
  millis: number;
}

/** The small training demo of Lesson 1: a bigram model over the loaded corpus. */
export interface BigramConfig {
  /** Vocabulary cap (torchtext's max_tokens, with `<unk>`). */
  vocabSize: number;
  dim: number;
  batch: number;
  learningRate: number;
  steps: number;
  seed: number;
}

export interface BigramInfo {
  /** The corpus the pairs come from. */
  corpusName: string;
  vocabSize: number;
  pairs: number;
  /** Entropy of the next token alone, nats: where a model that ignores its input ends. */
  unigramEntropy: number;
  /** Conditional entropy of next given current, nats: the best any bigram model can do on these pairs. */
  bigramEntropy: number;
  /** ln V: the loss of a model that knows nothing. */
  uniformLoss: number;
}

/** A bigram model brought back from its checkpoint after a reload. */
export interface BigramRestored {
  config: BigramConfig;
  info: BigramInfo;
  step: number;
  points: LossPoint[];
  /** The corpus it was trained on. */
  corpusName: string;
  savedAt: number;
}

export interface NextTokenPrediction {
  known: boolean;
  token: string;
  next: { token: string; probability: number }[];
}

export interface TokensApi {
  /** The bigram demo's training steps per second on the loaded corpus (npm run bench). */
  bench(config: BigramConfig, seconds: number): Promise<{ stepsPerSecond: number; steps: number }>;
  /** Lesson 1's text analysis, for text too large to tokenize on the page. */
  analyse(text: string, opts: TextAnalysisOptions): Promise<TextAnalysis>;
  /** Fetches (with the browser cache) or reads a corpus, tokenizes it with basic_english and keeps it. */
  loadCorpus(source: CorpusSource, onProgress?: (p: LoadProgress) => void): Promise<CorpusSummary>;
  /** Creates a fresh bigram model over the loaded corpus (replacing any earlier one). */
  create(config: BigramConfig): Promise<BigramInfo>;
  /** The model saved before the last reload (IndexedDB), now live again; undefined when there is none. */
  restore(): Promise<BigramRestored | undefined>;
  /** Trains up to `steps` more steps on the loaded corpus, streaming progress; returns early after `pause`. Saves a checkpoint when it returns and every 30 s. */
  train(steps: number, onProgress: (p: TrainProgress) => void): Promise<TrainSummary>;
  /** The model's most likely next tokens after `word`. */
  predict(word: string, k: number): Promise<NextTokenPrediction>;
  /** Raises the held model's total by `extra` steps, so that a finished run trains further; returns the new total. */
  extend(extra: number): Promise<number>;
  /** Frees the bigram model and deletes its checkpoint. */
  reset(): Promise<void>;
}
