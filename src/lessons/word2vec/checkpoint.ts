// What Lesson 2 saves of a model in training (IndexedDB, at an epoch's end or by the clock), to pick it up after a
// reload. Types only.

import type { AdamState } from '../../lib/adam';
import type { LossPoint } from '../../train/types';
import type { Word2vecConfig, Word2vecPlan } from './api';

export interface Checkpoint {
  config: Word2vecConfig;
  plan: Word2vecPlan;
  corpusName: string;
  itos: string[];
  step: number;
  points: LossPoint[];
  epochMeans: { epoch: number; loss: number }[];
  context: Float32Array;
  centre: Float32Array;
  adam?: AdamState;
  /** The running sum and count of this epoch's batch losses (a checkpoint taken mid-epoch). */
  epochSum?: number;
  epochCount?: number;
  /** Epochs trained past the schedule's end ("Train further"), at its last learning rate. */
  extraEpochs?: number;
  /** Where a ready-trained model came from (see pretrained.ts). */
  pretrained?: string;
  savedAt: number;
}
