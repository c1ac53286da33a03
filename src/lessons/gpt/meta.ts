// Lesson 9 without tfjs: the tiny GPT's recipe (the "baby GPT" for a laptop CPU), its bounds, the books, and
// PyTorch's figures on this project's test machine.

import { choiceField, type Fields, intField, numberField, textField } from '../../lib/fields';
import { floatBytes } from '../../lib/memoryBudget';
import type { SamplingMode, SamplingOptions } from '../../models/sampling';

export interface GptTrainConfig {
  width: number;
  heads: number;
  layers: number;
  /** Characters the model reads at most (T). */
  context: number;
  batch: number;
  /** AdamW's top rate (after the warm-up) and the cosine's floor. */
  learningRate: number;
  minLearningRate: number;
  warmup: number;
  /** Steps of the run (the cosine reaches its floor at the last). */
  steps: number;
  weightDecay: number;
  seed: number;
}

/** The baby GPT: 4 layers, 4 heads, width 128, context 64, batch 12, AdamW 1e-3 (100 warm-up steps, cosine to 1e-4 over 2,000), weight decay 0.1. */
export const GPT_RECIPE: GptTrainConfig = {
  width: 128,
  heads: 4,
  layers: 4,
  context: 64,
  batch: 12,
  learningRate: 1e-3,
  minLearningRate: 1e-4,
  warmup: 100,
  steps: 2000,
  weightDecay: 0.1,
  seed: 0,
};

/** PyTorch 1.13 on one thread of the 2-core test machine, this recipe on Tiny Shakespeare (LESSONS.md). */
export const PYTORCH_REFERENCE = {
  charsPerSecond: 11_400,
  seconds: 135,
  validation: [
    { step: 0, loss: 4.4 },
    { step: 250, loss: 2.41 },
    { step: 750, loss: 2.05 },
    { step: 1000, loss: 1.97 },
    { step: 2000, loss: 1.86 },
  ],
} as const;

export type GptBook = 'shakespeare' | 'war-and-peace';
export const GPT_BOOKS: Record<GptBook, string> = { shakespeare: 'Tiny Shakespeare', 'war-and-peace': 'War and Peace' };

export interface GptState extends GptTrainConfig, SamplingOptions {
  book: GptBook;
  prompt: string;
}

export const GPT_FIELDS = {
  book: choiceField<GptBook>('shakespeare', ['shakespeare', 'war-and-peace']),
  width: intField(GPT_RECIPE.width, 8, 512),
  heads: intField(GPT_RECIPE.heads, 1, 16),
  layers: intField(GPT_RECIPE.layers, 1, 8),
  context: intField(GPT_RECIPE.context, 4, 256),
  batch: intField(GPT_RECIPE.batch, 1, 128),
  learningRate: numberField(GPT_RECIPE.learningRate, 1e-6, 1),
  minLearningRate: numberField(GPT_RECIPE.minLearningRate, 0, 1),
  warmup: intField(GPT_RECIPE.warmup, 0, 10000),
  steps: intField(GPT_RECIPE.steps, 1, 100000),
  weightDecay: numberField(GPT_RECIPE.weightDecay, 0, 1),
  seed: intField(GPT_RECIPE.seed, 0, 2 ** 31 - 1),
  prompt: textField('ROMEO:\n', 200),
  temperature: numberField(0.8, 0.05, 5),
  mode: choiceField<SamplingMode>('temperature', ['greedy', 'temperature', 'top-k', 'top-p']),
  k: intField(5, 1, 200),
  p: numberField(0.95, 0.01, 1),
} satisfies Fields<GptState>;

/** What to make smaller when a GPT would take too much memory. */
export const GPT_SMALLER = 'the batch, the context, the width or the number of layers';

/**
 * The most memory one training step of a GPT over `vocab` characters takes, as tfjs ops (see
 * src/lib/memoryBudget.ts; the WebAssembly engine takes less): the weights four times over, every block's
 * activations (B T D L), the attention maps (B T T H L) and the logits (B T V).
 */
export function gptTrainingBytes(c: GptTrainConfig, vocab: number): number {
  const { width: D, heads: H, layers: L, context: T, batch: B } = c;
  return floatBytes(14 * (2 * vocab * D + T * D + 12 * L * D * D) + 209 * B * T * D * L + 18.5 * B * T * T * H * L + 46 * B * T * vocab);
}
