// Lesson 7 without tfjs: the reversal task's settings, their defaults and bounds, the lengths the page measures,
// and the parser of the reader's sequence. The page imports these; the model code builds on them.

import { type Fields, intField, numberField, textField } from '../../lib/fields';
import { floatBytes } from '../../lib/memoryBudget';

/** The run: two encoder-decoders, with and without attention, trained side by side on the same batches. */
export interface AttentionConfig {
  /** Numbers 0..V-1 (the decoder also reads a start symbol, V). */
  vocab: number;
  embed: number;
  hidden: number;
  /** Training sequences have a length drawn uniformly from minLength..maxLength. */
  minLength: number;
  maxLength: number;
  batch: number;
  /** Adam steps of each model. */
  steps: number;
  /** Adam's rate; the last fifth of the steps run at a fifth of it, to settle. */
  learningRate: number;
  seed: number;
}

/**
 * Measured on this project's 2-core test machine (WASM): after 400 steps on lengths 4 to 20, reversals of 20 numbers
 * came out 87 % right with attention and 46 % without; 600 steps take about two minutes for both models.
 */
export const ATTENTION_DEFAULTS: AttentionConfig = {
  vocab: 10,
  embed: 16,
  hidden: 64,
  minLength: 4,
  maxLength: 20,
  batch: 64,
  steps: 600,
  learningRate: 0.01,
  seed: 3,
};

/** The lengths whose accuracy the page measures while it trains. */
export const EVAL_LENGTHS = [4, 8, 12, 16, 20] as const;

export interface AttentionState extends AttentionConfig {
  /** The reader's sequence, whose attention weights the heatmap shows. */
  probe: string;
}

export const ATTENTION_FIELDS = {
  vocab: intField(ATTENTION_DEFAULTS.vocab, 2, 100),
  embed: intField(ATTENTION_DEFAULTS.embed, 2, 128),
  hidden: intField(ATTENTION_DEFAULTS.hidden, 4, 256),
  minLength: intField(ATTENTION_DEFAULTS.minLength, 1, 40),
  maxLength: intField(ATTENTION_DEFAULTS.maxLength, 1, 40),
  batch: intField(ATTENTION_DEFAULTS.batch, 1, 512),
  steps: intField(ATTENTION_DEFAULTS.steps, 1, 20000),
  learningRate: numberField(ATTENTION_DEFAULTS.learningRate, 1e-6, 1),
  seed: intField(ATTENTION_DEFAULTS.seed, 0, 2 ** 31 - 1),
  probe: textField('3 1 4 1 5 9 2 6 5 3 5 8', 200),
} satisfies Fields<AttentionState>;

/** The most numbers the reader's sequence may have. */
export const MAX_PROBE = 40;

/** The reader's sequence as numbers 0..V-1, or what is wrong with it, in words. */
export function parseProbe(text: string, vocab: number): { sequence: number[] } | { problem: string } {
  const parts = text
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return { problem: `Type a few whole numbers from 0 to ${vocab - 1}, separated by spaces or commas.` };
  if (parts.length > MAX_PROBE) return { problem: `That is ${parts.length} numbers; this box takes at most ${MAX_PROBE}.` };
  const sequence: number[] = [];
  for (const part of parts) {
    if (!/^-?\d+(\.\d+)?$/.test(part)) return { problem: `“${part.slice(0, 20)}” is not a number.` };
    const n = Number(part);
    if (!Number.isInteger(n)) return { problem: `${part} is not a whole number.` };
    if (n < 0 || n >= vocab) return { problem: `${n} is outside the numbers 0 to ${vocab - 1} the models know (V = ${vocab}).` };
    sequence.push(n);
  }
  return { sequence };
}

/** What to make smaller when the two encoder-decoders would take too much memory. */
export const ATTENTION_SMALLER = 'the batch, the longest length or the hidden size';

/**
 * The most memory one training step of the two models takes, as tfjs ops (see src/lib/memoryBudget.ts), at the
 * longest length T: the GRU's states and gates (T B H), the recurrent weights' copies (T H^2), the logits (T B V)
 * and the attention weights (T T B).
 */
export function attentionTrainingBytes(c: AttentionConfig): number {
  const { vocab: V, embed: E, hidden: H, maxLength: T, batch: B } = c;
  return floatBytes(11 * (8 * H * H + 4 * H * E + V * H) + 187 * T * B * H + 31 * T * H * H + 31 * T * B * V + 20 * T * T * B);
}
