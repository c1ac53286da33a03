// Lesson 5 without tfjs: the sweep's cells, recipe and lengths, and the notebook's figures. The page imports
// these; the model code builds on them.

import { type Fields, intField, numberField } from '../../lib/fields';
import { floatBytes } from '../../lib/memoryBudget';

export type CellKind = 'rnn' | 'lstm';

export interface MemoryConfig {
  cell: CellKind;
  /** Numbers 0..vocab-1 (V). */
  vocab: number;
  length: number;
  hidden: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

/** The series' setup: V 512, hidden 32, full batch, Adam lr 0.1 with the linear decay, 100 epochs. */
export const MEMORY_RECIPE: Omit<MemoryConfig, 'cell' | 'length'> = { vocab: 512, hidden: 32, epochs: 100, learningRate: 0.1, seed: 0 };

/** The lengths of the sweep, and the notebook's last-step accuracy for each (LSTM: 1.0 at every length). */
export const SWEEP_LENGTHS = [4, 6, 8, 10, 12, 14, 16, 18] as const;
export const NOTEBOOK_RNN_ACCURACY = [1, 1, 0.994, 0.99, 0.926, 0.831, 0.595, 0.577] as const;

/** The sweep's settings on the page. */
export interface SweepState {
  vocab: number;
  hidden: number;
  epochs: number;
  learningRate: number;
  seed: number;
}
/** Every setting of the sweep, with its default (the series') and bounds. */
export const SWEEP_FIELDS: Fields<SweepState> = {
  vocab: intField(MEMORY_RECIPE.vocab, 20, 2048),
  hidden: intField(MEMORY_RECIPE.hidden, 1, 256),
  epochs: intField(MEMORY_RECIPE.epochs, 1, 1000),
  learningRate: numberField(MEMORY_RECIPE.learningRate, 1e-6, 10),
  seed: intField(MEMORY_RECIPE.seed, 0, 2 ** 31 - 1),
};

/** The two cells the sweep compares, and their names on the page. */
export const CELLS: CellKind[] = ['rnn', 'lstm'];
export const NAMES: Record<CellKind, string> = { rnn: 'RNN', lstm: 'LSTM' };

/** What to make smaller when a memory model would take too much memory. */
export const SWEEP_SMALLER = 'V or the hidden size';

/**
 * The most memory one full-batch epoch of a memory model takes, as tfjs ops (see src/lib/memoryBudget.ts): the
 * gates of every step and sequence (L N G, G = 4H for the LSTM) and the one-hot inputs (L N V), N = V - L.
 */
export function memoryTrainingBytes(c: Pick<MemoryConfig, 'cell' | 'vocab' | 'length' | 'hidden'>): number {
  const { vocab: V, length: L, hidden: H } = c;
  const G = c.cell === 'lstm' ? 4 * H : H;
  const N = Math.max(0, V - L);
  return floatBytes(5 * (G * V + G * H + V * H) + 27 * L * N * G + 22 * L * N * V + 2 * L * G * H);
}

/** The sweep's largest model: the LSTM at the longest length. */
export const sweepTrainingBytes = (s: Pick<SweepState, 'vocab' | 'hidden'>): number =>
  memoryTrainingBytes({ cell: 'lstm', vocab: s.vocab, length: SWEEP_LENGTHS[SWEEP_LENGTHS.length - 1], hidden: s.hidden });
