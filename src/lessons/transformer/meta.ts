// Lesson 8 without tfjs: the step-through's settings, with their defaults and bounds.

import { choiceField, type Fields, intField, textField } from '../../lib/fields';

export type MaskChoice = 'causal' | 'none';
/** Whose weights the block has: random ones from the seed, Project II's ready-trained model, or Lesson 9's export. */
export type WeightsChoice = 'random' | 'ready' | 'tiny';
export interface TransformerState {
  weights: WeightsChoice;
  /** The block shown of a trained model (from 1). */
  layer: number;
  sentence: string;
  dim: number;
  heads: number;
  mask: MaskChoice;
  seed: number;
}

/** The most tokens the step-through shows (its tables grow with the square of the length): Project II's context. */
export const MAX_TOKENS = 48;
export const DIMS = [8, 16] as const;
export const HEADS = [1, 2, 4] as const;

export const TRANSFORMER_FIELDS = {
  weights: choiceField<WeightsChoice>('random', ['random', 'ready', 'tiny']),
  layer: intField(1, 1, 64),
  sentence: textField('the king sat on his throne and the queen sat on hers', 300),
  dim: intField(8, 8, 16),
  heads: intField(2, 1, 4),
  mask: choiceField<MaskChoice>('causal', ['causal', 'none']),
  seed: intField(0, 0, 2 ** 31 - 1),
} satisfies Fields<TransformerState>;
