// Lesson 6 without tfjs: the model's config, its defaults for a laptop CPU, and the notebook's figures.
// The page imports these; the model code builds on them.

import { floatBytes } from '../../lib/memoryBudget';
import { choiceField, type Fields, intField, numberField, textField } from '../../lib/urlState';
import type { CharTrainConfig } from './api';
import type { SamplingMode } from './sampling';

export interface CharLmConfig {
  /** Characters in the vocabulary (V). */
  vocab: number;
  embed: number;
  hidden: number;
  layers: number;
  /** Characters per training window. */
  window: number;
  batch: number;
  learningRate: number;
  seed: number;
}

/**
 * A size for a laptop CPU (the notebook's model is Embedding(70, 32), four LSTM layers of 128, batch 1024,
 * Adam 1e-3, trained for hours on a GPU): on this project's 2-core test machine, validation loss about 1.8 after
 * one minute and 1.51 after five on War and Peace (npm run bench). Adam 1e-2 rather than 3e-3: after 5 minutes,
 * 1.559 against 1.687 (measured before the book's line endings were normalised).
 */
export const CHAR_DEFAULTS: Omit<CharLmConfig, 'vocab'> = { embed: 32, hidden: 128, layers: 2, window: 64, batch: 32, learningRate: 0.01, seed: 0 };

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
  embed: intField(CHAR_DEFAULTS.embed, 2, 256),
  hidden: intField(CHAR_DEFAULTS.hidden, 4, 512),
  layers: intField(CHAR_DEFAULTS.layers, 1, 4),
  window: intField(CHAR_DEFAULTS.window, 4, 256),
  batch: intField(CHAR_DEFAULTS.batch, 1, 1024),
  learningRate: numberField(CHAR_DEFAULTS.learningRate, 1e-6, 1),
  steps: intField(3000, 1, 1_000_000),
  seed: intField(CHAR_DEFAULTS.seed, 0, 2 ** 31 - 1),
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
export const MODES: { mode: SamplingMode; label: string }[] = [
  { mode: 'greedy', label: 'greedy (always the most likely)' },
  { mode: 'temperature', label: 'sample with a temperature' },
  { mode: 'top-k', label: 'top-k' },
  { mode: 'top-p', label: 'top-p (nucleus)' },
];

/** What to make smaller when a character model would take too much memory. */
export const CHAR_SMALLER = 'the batch, the window, the LSTM width or the number of layers';

/**
 * The most memory one training step of this model takes, as tfjs ops (see src/lib/memoryBudget.ts): the weights
 * with their gradients and Adam's moments, every time step's gates and states for the backward pass (T B L H),
 * the recurrent weights' copies a step (T L H^2) and the logits (T B V).
 */
export function charTrainingBytes(c: CharLmConfig): number {
  const { vocab: V, embed: E, hidden: H, layers: L, window: T, batch: B } = c;
  let params = V * E + V * H + V;
  for (let l = 0; l < L; l++) params += 4 * H * ((l === 0 ? E : H) + H + 2);
  return floatBytes(5 * params + 84 * T * B * L * H + 14 * T * L * H * H + 28 * T * B * V);
}
