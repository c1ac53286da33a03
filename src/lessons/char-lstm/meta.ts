// Lesson 6 without tfjs: the model's config, its defaults for a laptop CPU, and the notebook's figures.
// The page imports these; the model code builds on them.

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
 * A size that learns visibly within a minute on a laptop CPU (the notebook's model is Embedding(70, 32),
 * four LSTM layers of 128, batch 1024, Adam 1e-3, trained for hours on a GPU).
 */
export const CHAR_DEFAULTS: Omit<CharLmConfig, 'vocab'> = { embed: 32, hidden: 128, layers: 2, window: 64, batch: 32, learningRate: 0.003, seed: 0 };

/** The notebook's validation loss after each of its 7 epochs (a much larger model). */
export const NOTEBOOK_VALIDATION = [1.521, 1.361, 1.316, 1.297, 1.285, 1.277, 1.271] as const;
