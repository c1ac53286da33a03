// Lesson 10's slice of the worker API: a corpus, the series' BPE learned on it merge by merge, GPT-2's tokenizer,
// and the four ways of cutting one text side by side. Types only.

import type { Merge } from '../../text/bpe';
import type { LoadProgress, LossPoint, TextSource, TrainProgress, TrainSummary } from '../../train/types';
import type { BpeConfig } from './meta';

export type { Merge };

/** The corpus as words (Python's str.split()), and what the learning starts from. */
export interface BpeCorpusInfo {
  name: string;
  fromCache: boolean;
  /** Characters of the text the words come from (after the cleaning, for WikiText-2). */
  chars: number;
  words: number;
  distinctWords: number;
  /** The starting vocabulary: `</unk>` and every character (with and without `</w>`). */
  symbols: number;
  /** Whether it was cleaned as the Project II notebook does (WikiText-2). */
  projectII: boolean;
}

/** What the learning sends besides its progress (every loss point is tokens per word after a merge). */
export interface BpeEvent {
  /** The merges since the last event, in order (the page shows the latest). */
  merges?: Merge[];
  /** The page's sentence as the vocabulary cuts it now. */
  sentence?: { text: string; tokens: string[] };
}

/** A vocabulary that is learned (or stopped part-way): its size, and the corpus cut with it. */
export interface BpeLearned {
  corpusName: string;
  config: BpeConfig;
  /** Merges made, of the planned (fewer when pairs ran out). */
  step: number;
  totalSteps: number;
  vocab: number;
  /** The starting symbols (the x axis of tokens per word against the vocabulary). */
  symbols: number;
  /** The corpus encoded word by word: its tokens, and the notebook's 90/10 split of them. */
  tokens: number;
  train: number;
  validation: number;
  words: number;
  learnSeconds: number;
  encodeSeconds: number;
}

export interface BpeRestored extends BpeLearned {
  points: LossPoint[];
  merges: Merge[];
}

/** One tokenizer's cut of a text: its tokens, which are unknown to it, and their ids where it has them. */
export interface TokenRow {
  tokens: string[];
  unknown: boolean[];
  ids?: number[];
}

export interface Comparison {
  text: string;
  words: number;
  chars: TokenRow;
  /** Lesson 1's basic_english, looked up in the vocabulary of the loaded corpus (min_freq 1). */
  basic?: TokenRow & { vocab: number };
  bpe?: TokenRow & { vocab: number };
  gpt2: TokenRow;
}

export interface Gpt2Cut {
  ids: number[];
  /** Each token's own text (a piece of a character shows as its bytes' printable form). */
  pieces: string[];
  /** Whether decoding the ids gives back the text. */
  roundTrip: boolean;
}

export interface BpeApi {
  load(source: TextSource, projectII: boolean, onProgress?: (p: LoadProgress) => void): Promise<BpeCorpusInfo>;
  /** A new learning on the loaded corpus (replacing the vocabulary held). */
  create(config: BpeConfig): Promise<{ planned: number; symbols: number }>;
  /** Learns (one merge a step) until done, `maxSteps`, or Pause; saves when it returns. */
  train(maxSteps: number, onProgress: (p: TrainProgress) => void, onEvent: (e: BpeEvent) => void): Promise<TrainSummary & { learned: BpeLearned }>;
  /** The sentence the learning re-tokenizes as it goes. */
  setSentence(sentence: string): Promise<void>;
  restore(): Promise<BpeRestored | undefined>;
  reset(): Promise<void>;
  /** The four tokenizers on `text` (the series' BPE once learned, GPT-2's once its files are loaded). */
  compare(text: string): Promise<Comparison>;
  /** GPT-2's tokenizer from its files, which this site serves under `root`; downloaded once, then cached. */
  loadGpt2(root: string, onProgress?: (p: LoadProgress) => void): Promise<{ fromCache: boolean; vocab: number }>;
  /** GPT-2's tokenizer on `text`, `<|endoftext|>` a token of its own with `allowSpecial`. */
  gpt2(text: string, allowSpecial: boolean): Promise<Gpt2Cut>;
  /** npm run bench: learning `config` on the loaded corpus, then encoding every word of it. */
  benchLearn(config: BpeConfig): Promise<{ learnSeconds: number; encodeSeconds: number; merges: number; vocab: number; tokens: number }>;
  /** npm run bench: GPT-2's tokenizer here and js-tiktoken on the loaded text (its raw text), `rounds` times each, alternated. */
  benchGpt2(rounds: number): Promise<{ ours: number[]; tiktoken: number[]; tokens: number; agree: boolean }>;
}
