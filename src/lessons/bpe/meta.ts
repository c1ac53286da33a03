// Lesson 10 without tfjs: the page's settings with their bounds, the corpora it learns on, and the Project II
// notebook's figures its BPE is compared with.

import { choiceField, type Fields, intField, textField } from '../../lib/fields';

/** The corpora the page offers (besides a text file of the reader's own). */
export type BpeCorpusChoice = 'wikitext' | 'shakespeare' | 'war-and-peace';

/** What a vocabulary is learned with. */
export interface BpeConfig {
  /** Merges to learn (the notebook: 6,000), raised with `align` so that the vocabulary is a multiple of 64. */
  merges: number;
  align: 'yes' | 'no';
  /** Stop once the most frequent pair occurs fewer times than this. */
  minFrequency: number;
}

export interface BpeState extends BpeConfig {
  corpus: BpeCorpusChoice;
  /** The sentence re-tokenized as the vocabulary grows. */
  sentence: string;
  /** The text the four tokenizers are compared on. */
  compare: string;
  /** The text GPT-2's tokenizer reads. */
  gpt2: string;
}

export const DEFAULT_SENTENCE = 'The transformer architecture reads tokenization unbelievably well.';

export const BPE_FIELDS = {
  corpus: choiceField<BpeCorpusChoice>('wikitext', ['wikitext', 'shakespeare', 'war-and-peace']),
  merges: intField(6000, 1, 50_000),
  align: choiceField<'yes' | 'no'>('yes', ['yes', 'no']),
  minFrequency: intField(1, 1, 1_000_000),
  sentence: textField(DEFAULT_SENTENCE, 300),
  compare: textField('A transformer reads subwords: unbelievably, the Zwiebelkuchen was flavourful.', 300),
  gpt2: textField('hello world. This is a short test of GPT-2’s tokenizer 🙂', 500),
} satisfies Fields<BpeState>;

/** The bounds of a learning configuration, however it arrives (the page, a checkpoint). */
export const BPE_CONFIG_FIELDS = { merges: BPE_FIELDS.merges, align: BPE_FIELDS.align, minFrequency: BPE_FIELDS.minFrequency };

/** The most text the page learns a vocabulary on (WikiText-2's train split is 10.8 MB). */
export const MAX_TEXT_BYTES = 32 * 1024 * 1024;

/** christianb93/MLLM wiki/: BPE on WikiText-2's train split, cleaned as the Project II notebook does (LESSONS.md). */
export const PROJECT_II = {
  distinctWords: 33_227,
  words: 2_007_146,
  merges: 6034,
  vocab: 6400,
  tokens: 2_622_275,
  train: 2_360_047,
  validation: 262_228,
  /** The notebook's Python: learning 1 min 34 s, encoding 4 min (on its author's machine). */
  pythonLearnSeconds: 94,
  pythonEncodeSeconds: 240,
} as const;
