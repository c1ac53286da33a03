// Lesson 6 without tfjs: the model's config, its defaults for a laptop CPU, and the notebook's figures.
// The page imports these; the model code builds on them.

import { choiceField, type Fields, intField, numberField, textField } from '../../lib/fields';
import { CHAR_MODEL_FIELDS } from '../../models/charLstmConfig';
import type { SamplingMode } from '../../models/sampling';
import type { CharTrainConfig } from '../../train/charLstm/types';

/** The notebook's validation loss after each of its 7 epochs (a much larger model). */
export const NOTEBOOK_VALIDATION = [1.521, 1.361, 1.316, 1.297, 1.285, 1.277, 1.271] as const;

/** The books the page offers (besides a file of the reader's own). */
export type BookChoice = 'war-and-peace' | 'moby-dick';
/** The page's settings: the model's, the run's, and how it writes. */
export interface CharState extends CharTrainConfig {
  book: BookChoice;
  prompt: string;
  mode: SamplingMode;
  temperature: number;
  k: number;
  p: number;
}

/** Every setting of the page, with its default and bounds. */
export const CHAR_FIELDS = {
  book: choiceField<BookChoice>('war-and-peace', ['war-and-peace', 'moby-dick']),
  ...CHAR_MODEL_FIELDS,
  prompt: textField('Prince Andrew ', 200),
  mode: choiceField<SamplingMode>('temperature', ['greedy', 'temperature', 'top-k', 'top-p']),
  temperature: numberField(0.7, 0.05, 5),
  k: intField(5, 1, 200),
  p: numberField(0.95, 0.01, 1),
} satisfies Fields<CharState>;

/** The model's and the run's settings as the training widget shows them: field, input id, label. */
export const CHAR_SETTINGS = [
  ['embed', 'char-embed', 'Embedding size'],
  ['hidden', 'char-hidden', 'LSTM width'],
  ['layers', 'char-layers', 'LSTM layers'],
  ['window', 'char-window', 'Window (characters)'],
  ['batch', 'char-batch', 'Batch'],
  ['learningRate', 'char-lr', 'Learning rate'],
  ['steps', 'char-steps', 'Steps'],
  ['seed', 'char-seed', 'Seed'],
] as const;

export const BOOKS: Record<BookChoice, string> = { 'war-and-peace': 'War and Peace', 'moby-dick': 'Moby-Dick' };
