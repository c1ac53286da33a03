// Lesson 1 without tfjs: the page's fields with their defaults and bounds (the URL's typed table).

import { type Fields, intField, numberField, textField } from '../../lib/fields';
import { floatBytes } from '../../lib/memoryBudget';
import type { BigramConfig } from './api';

/** The sentence whose tokens are looked up in the vocabulary built from the first. */
export const DEFAULT_PROBE = 'My name is Mary. What is her name?';

export interface TokensState extends BigramConfig {
  minFreq: number;
  probe: string;
  corpusMinFreq: number;
}

/** Every setting of the page, with its default and bounds. */
export const TOKENS_FIELDS: Fields<TokensState> = {
  minFreq: intField(1, 1, 1000),
  probe: textField(DEFAULT_PROBE, 300),
  corpusMinFreq: intField(5, 1, 1000),
  vocabSize: intField(2000, 10, 20000),
  dim: intField(32, 2, 256),
  batch: intField(256, 1, 4096),
  learningRate: numberField(0.01, 1e-5, 1),
  steps: intField(1500, 1, 100000),
  seed: intField(1, 0, 2 ** 31 - 1),
};

/** What to make smaller when the bigram model would take too much memory. */
export const BIGRAM_SMALLER = 'the batch, the vocabulary size or D';

/**
 * The most memory one training step of the bigram model over `vocab` tokens takes, as tfjs ops (see
 * src/lib/memoryBudget.ts): the two tables with their gradients and Adam's moments, and the batch's logits (B V).
 */
export function bigramTrainingBytes(c: { dim: number; batch: number }, vocab: number): number {
  return floatBytes(18 * 2 * vocab * c.dim + 11 * c.batch * vocab + 2.5 * c.batch * c.dim);
}
