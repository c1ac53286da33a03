// Lesson 12 without tfjs: Project II's model and recipe (christianb93/MLLM wiki/), a smaller default for a laptop
// CPU, the page's settings with their bounds, the notebook's figures, and what a model takes in memory.

import { choiceField, type Fields, intField, numberField, textField } from '../../lib/fields';
import { floatBytes } from '../../lib/memoryBudget';

export interface WikiConfig {
  width: number;
  heads: number;
  /** The MLP's inner width. */
  ff: number;
  layers: number;
  /** Tokens the model reads at most (the notebook: 48). */
  context: number;
  batch: number;
  learningRate: number;
  minLearningRate: number;
  warmup: number;
  steps: number;
  seed: number;
}

/** The notebook's model and recipe: Embedding(6400, 192), 4 post-LN blocks of 8 heads and FF 1,024, context 48, Adam 5e-4 -> 5e-5. */
export const NOTEBOOK: WikiConfig = {
  width: 192,
  heads: 8,
  ff: 1024,
  layers: 4,
  context: 48,
  batch: 512,
  learningRate: 5e-4,
  minLearningRate: 5e-5,
  warmup: 100,
  steps: 13_827,
  seed: 0,
};

/**
 * What a 2-core laptop learns with in minutes: half the width, two blocks, context 32, batch 16 (about 0.2 s a step
 * on this project's test machine), a faster rate for a shorter run. The notebook's model needs a GPU's hour.
 */
export const LAPTOP: WikiConfig = {
  width: 96,
  heads: 4,
  ff: 384,
  layers: 2,
  context: 32,
  batch: 16,
  learningRate: 2e-3,
  minLearningRate: 2e-4,
  warmup: 100,
  steps: 1500,
  seed: 0,
};

/** The notebook's run on a GPU: 3 epochs of 4,609 steps (batch 512, windows at stride 1) in 1,723 s. */
export const NOTEBOOK_RESULTS = {
  validation: [4.8175, 4.8115, 4.8143],
  stepsPerEpoch: 4609,
  seconds: 1723,
  trainLoss: { first: { step: 250, loss: 6.04 }, last: { step: 13_750, loss: 3.76 } },
} as const;

export const WIKI_FIELDS = {
  width: intField(LAPTOP.width, 8, 512),
  heads: intField(LAPTOP.heads, 1, 16),
  ff: intField(LAPTOP.ff, 8, 4096),
  layers: intField(LAPTOP.layers, 1, 8),
  context: intField(LAPTOP.context, 4, 128),
  batch: intField(LAPTOP.batch, 1, 512),
  learningRate: numberField(LAPTOP.learningRate, 1e-6, 1),
  minLearningRate: numberField(LAPTOP.minLearningRate, 0, 1),
  warmup: intField(LAPTOP.warmup, 0, 100_000),
  steps: intField(LAPTOP.steps, 1, 1_000_000),
  seed: intField(LAPTOP.seed, 0, 2 ** 31 - 1),
} satisfies Fields<WikiConfig>;

/** What to make smaller when a model would take too much memory. */
export const WIKI_SMALLER = 'the batch, the context, the width, the MLP or the number of blocks';

/** The vocabulary Project II's BPE gives (6,000 merges raised to 6,034 over 366 starting symbols). */
export const PROJECT_II_VOCAB = 6400;

/**
 * The most memory one training step takes in the engine: the weights four times (values, gradients, Adam's two
 * moments), the activations of every block for the backward pass, the attention maps and the logits.
 */
export function wikiTrainingBytes(c: WikiConfig, vocab = PROJECT_II_VOCAB): number {
  const { width: D, ff: F, layers: L, context: T, batch: B, heads: H } = c;
  const N = B * T;
  const params = 2 * vocab * D + vocab + L * (4 * D * D + 2 * D * F + 9 * D + F);
  const activations = (L + 1) * N * D + L * (7 * N * D + 3 * N * F + B * H * T * T) + 2 * N * vocab;
  return floatBytes(5 * params + activations);
}

export type WikiCorpusChoice = 'wikitext';

/** The page's settings in its address: the model and recipe, the text, and the prompt the samples start from. */
export interface WikiState extends WikiConfig {
  corpus: WikiCorpusChoice;
  /** Learn the BPE rules on the text, or cut it with the rules of the model held (the ready-trained one, say). */
  rules: 'learn' | 'model';
  prompt: string;
  /** Tokens Write adds after the prompt. */
  writeLength: number;
}

export const WIKI_STATE_FIELDS = {
  ...WIKI_FIELDS,
  corpus: choiceField<WikiCorpusChoice>('wikitext', ['wikitext']),
  rules: choiceField<'learn' | 'model'>('learn', ['learn', 'model']),
  prompt: textField('The game was', 200),
  writeLength: intField(60, 1, 400),
} satisfies Fields<WikiState>;

/** The merges Project II learns (raised to 6,034 so that the vocabulary is 6,400, a multiple of 64). */
export const PROJECT_II_MERGES = 6000;
