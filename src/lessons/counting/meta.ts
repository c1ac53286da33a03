// Lesson 4 without tfjs: the task's config, the notebook's recipe and figures, what the model answers,
// and the parser of the reader's sequences. The page imports these; the model code builds on them.

import { type Fields, intField, numberField } from '../../lib/fields';
import { floatBytes } from '../../lib/memoryBudget';

/** The task and its training recipe. */
export interface CountingConfig {
  /** Numbers 0..vocab-1, each its own one-hot input (V). */
  vocab: number;
  /** Sequence length L of the training items. */
  length: number;
  hidden: number;
  batch: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

/** The notebook's recipe: V 128, L 6, hidden 32, batch 61, Adam lr 0.1 with a linear decay, 25 epochs. */
export const NOTEBOOK_RECIPE: CountingConfig = { vocab: 128, length: 6, hidden: 32, batch: 61, epochs: 25, learningRate: 0.1, seed: 0 };

/** The notebook's loss at the end of epochs 1..6, 11, 16, 21 and 25 (its epochs 0..5, 10, 15, 20, 24). */
export const NOTEBOOK_LOSSES: readonly { epoch: number; loss: number }[] = [
  { epoch: 1, loss: 5.032 },
  { epoch: 2, loss: 4.265 },
  { epoch: 3, loss: 3.662 },
  { epoch: 4, loss: 3.156 },
  { epoch: 5, loss: 2.588 },
  { epoch: 6, loss: 2.06 },
  { epoch: 11, loss: 0.731 },
  { epoch: 16, loss: 0.236 },
  { epoch: 21, loss: 0.109 },
  { epoch: 25, loss: 0.0879 },
];

/** How the model does on all (V - L) x L next-number predictions of the data set. */
export interface CountingAccuracy {
  correct: number;
  total: number;
  accuracy: number;
  loss: number;
}

/** The model's answer for one sequence: the softmax of the last step, its hidden states, the last state. */
export interface CountingPrediction {
  /** P(next number) after the last element, [V]. */
  probabilities: Float32Array;
  argmax: number;
  /** Argmax after every element, [L]. */
  argmaxEachStep: number[];
  /** All hidden states, row-major [L, D_h], and the last one [D_h] (to continue from). */
  states: Float32Array;
  h: Float32Array;
}

/** A sequence the reader typed, checked: whole numbers in 0..vocab-1, at most `maxLength` of them. */
export type ParsedSequence = { ok: true; values: number[] } | { ok: false; message: string };

/** Reads "7, 8, 9, 10" (commas, spaces or both) into numbers, or says clearly what is wrong with it. */
export function parseSequence(text: string, vocab: number, maxLength = 256): ParsedSequence {
  const parts = text.split(/[\s,;]+/).filter((p) => p.length > 0);
  const range = `whole numbers from 0 to ${vocab - 1}`;
  if (parts.length === 0) return { ok: false, message: `Type a few ${range}, separated by commas or spaces, for example 7, 8, 9, 10.` };
  if (parts.length > maxLength) {
    return { ok: false, message: `That is ${parts.length.toLocaleString('en')} numbers; this box takes at most ${maxLength} at a time.` };
  }
  const values: number[] = [];
  for (const part of parts) {
    const shown = part.length > 12 ? `${part.slice(0, 12)}…` : part;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(part)) return { ok: false, message: `“${shown}” is not a number. The model reads ${range}.` };
    const value = Number(part);
    if (value < 0) return { ok: false, message: `${shown} is negative. The model reads ${range}.` };
    if (!Number.isInteger(value)) return { ok: false, message: `${shown} is not a whole number. The model reads ${range}.` };
    if (value >= vocab) return { ok: false, message: `${shown} is beyond the vocabulary: the model knows only the ${range} (V = ${vocab}).` };
    values.push(value);
  }
  return { ok: true, values };
}

/** The URL's fields: every hyperparameter with its default (the notebook's) and bounds. */
export const COUNTING_FIELDS: Fields<CountingConfig> = {
  vocab: intField(NOTEBOOK_RECIPE.vocab, 4, 1024),
  length: intField(NOTEBOOK_RECIPE.length, 1, 64),
  hidden: intField(NOTEBOOK_RECIPE.hidden, 1, 256),
  batch: intField(NOTEBOOK_RECIPE.batch, 1, 1024),
  epochs: intField(NOTEBOOK_RECIPE.epochs, 1, 2000),
  learningRate: numberField(NOTEBOOK_RECIPE.learningRate, 1e-6, 10),
  seed: intField(NOTEBOOK_RECIPE.seed, 0, 2 ** 31 - 1),
};

/** Prompts that show where the model generalises and where it does not (LESSONS.md, Lesson 4). */
export const PROBES: { prompt: number[]; expected: number; note: string }[] = [
  { prompt: [7, 8, 9, 10], expected: 11, note: 'seen in training' },
  { prompt: [3, 4, 5], expected: 6, note: 'shorter than 6' },
  { prompt: [120, 121], expected: 122, note: 'shorter than 6' },
  { prompt: [0], expected: 1, note: 'one number' },
  { prompt: [121, 122, 123, 124, 125, 126], expected: 127, note: 'the last training item' },
  { prompt: [56, 57, 58, 59, 60, 61, 62, 63], expected: 64, note: 'longer than 6' },
  { prompt: [125, 126], expected: 127, note: '126 never seen at position 2' },
  { prompt: [126], expected: 127, note: '126 never seen at position 1' },
  { prompt: [50, 52, 54], expected: 55, note: 'not counting by one' },
];

/** What to make smaller when a counting model would take too much memory. */
export const COUNTING_SMALLER = 'the batch, L, V or the hidden size';

/**
 * The most memory one training step takes, as tfjs ops (see src/lib/memoryBudget.ts): the weights four times over,
 * the one-hot inputs and the logits (T B V), the states (T B H) and the recurrent weights' copies a step (T H^2).
 */
export function countingTrainingBytes(c: CountingConfig): number {
  const { vocab: V, length: T, hidden: H, batch: B } = c;
  return floatBytes(5 * (2 * H * V + H * H) + 10 * T * B * H + 14 * T * H * H + 23 * T * B * V);
}
