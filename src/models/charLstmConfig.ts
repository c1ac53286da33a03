// The character-level LSTM's settings without tfjs (Lessons 6 and 9 train it; their pages import this): the
// model's config, its defaults for a laptop CPU, its bounds, and the memory one training step takes.

import { type Fields, intField, numberField } from '../lib/fields';
import { floatBytes } from '../lib/memoryBudget';

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
 * Adam 1e-3, trained for hours on a GPU): on this project's 2-core test machine, validation loss about 1.55 after
 * one minute and 1.44 after five on War and Peace in the WebAssembly engine (src/kernels/charLstm; npm run bench),
 * where tfjs ops with fused recurrent layers reached 1.8 and 1.51. Adam 1e-2 rather than 3e-3: after 5 minutes,
 * 1.559 against 1.687 (measured then, before the book's line endings were normalised).
 */
export const CHAR_DEFAULTS: Omit<CharLmConfig, 'vocab'> = { embed: 32, hidden: 128, layers: 2, window: 64, batch: 32, learningRate: 0.01, seed: 0 };

/** The model's hyperparameters (its vocabulary comes from the book) and the steps the run aims at. */
export type CharTrainConfig = Omit<CharLmConfig, 'vocab'> & { steps: number };

/** The bounds of every setting of the model and its run, however they arrive (a page, a checkpoint). */
export const CHAR_MODEL_FIELDS = {
  embed: intField(CHAR_DEFAULTS.embed, 2, 256),
  hidden: intField(CHAR_DEFAULTS.hidden, 4, 512),
  layers: intField(CHAR_DEFAULTS.layers, 1, 4),
  window: intField(CHAR_DEFAULTS.window, 4, 256),
  batch: intField(CHAR_DEFAULTS.batch, 1, 1024),
  learningRate: numberField(CHAR_DEFAULTS.learningRate, 1e-6, 1),
  steps: intField(3000, 1, 1_000_000),
  seed: intField(CHAR_DEFAULTS.seed, 0, 2 ** 31 - 1),
} satisfies Fields<CharTrainConfig>;

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
