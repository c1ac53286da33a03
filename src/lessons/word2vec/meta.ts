// Lesson 2 without tfjs: the page's fields with their defaults (the notebook's) and bounds, and the
// notebook's figures.

import { choiceField, type Fields, intField, numberChoiceField, numberField } from '../../lib/fields';
import type { Word2vecConfig } from './api';

/** The notebook's mean training loss per epoch (7 epochs, batch 20000, Adam lr 0.1, min_freq 50, D 300). */
export const NOTEBOOK_EPOCH_LOSSES = [5.389, 4.903, 4.777, 4.689, 4.629, 4.568, 4.486];
/** The sentence whose CBOW windows the page shows. */
export const PROBE_SENTENCE = 'A team of 24 players was selected from an initial pool of 49 candidates';

export type CorpusChoice = 'wikitext' | 'sotu';
export interface Word2vecState extends Word2vecConfig {
  corpus: CorpusChoice;
}

/** The notebook's settings for full softmax, and quicker ones for fast mode. */
export const FULL_DEFAULTS = { dim: 300, batch: 20000, epochs: 7, learningRate: 0.1 };
export const FAST_DEFAULTS = { dim: 100, batch: 4096, epochs: 5, learningRate: 0.05 };

/** Every setting of the page, with its default (the notebook's) and bounds. */
/** The context windows the page's menu offers (CBOW takes as many words on each side: an even number). */
export const WINDOWS = [2, 4, 6, 8, 10] as const;

export const WORD2VEC_FIELDS: Fields<Word2vecState> = {
  corpus: choiceField<CorpusChoice>('wikitext', ['wikitext', 'sotu']),
  mode: choiceField<Word2vecConfig['mode']>('full', ['full', 'fast']),
  minFreq: intField(50, 1, 100000),
  dim: intField(FULL_DEFAULTS.dim, 2, 1024),
  window: numberChoiceField(8, WINDOWS),
  batch: intField(FULL_DEFAULTS.batch, 1, 100000),
  epochs: intField(FULL_DEFAULTS.epochs, 1, 100),
  learningRate: numberField(FULL_DEFAULTS.learningRate, 1e-6, 10),
  negatives: intField(5, 1, 50),
  subsample: numberField(1e-3, 1e-7, 1),
  seed: intField(0, 0, 2 ** 31 - 1),
};
