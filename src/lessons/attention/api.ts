// Lesson 7's slice of the worker API: two encoder-decoders, with and without attention, trained side by side
// on reversal, measured by length as they train, and asked about the reader's sequence. Types only.

import type { TrainProgress, TrainSummary } from '../../train/types';
import type { AttentionConfig } from './meta';

export type { AttentionConfig };

export type Variant = 'with' | 'without';

/** What both models make of one sequence: their answers, and the attention weights [T_out x T_in] of the one with it. */
export interface AttentionProbe {
  sequence: number[];
  answers: Record<Variant, number[]>;
  /** Row t: how much output step t read each input position (rows sum to 1). */
  weights: number[];
}

/** A measurement taken while training: the accuracy per length of each model, and the reader's sequence through both. */
export interface AttentionEvaluation {
  step: number;
  lengths: number[];
  accuracy: Record<Variant, number[]>;
  /** The mean training loss of each model since the last measurement. */
  loss: Record<Variant, number>;
  probe?: AttentionProbe;
}

export interface AttentionRestored {
  config: AttentionConfig;
  step: number;
  totalSteps: number;
  evaluations: AttentionEvaluation[];
}

export interface AttentionEstimate {
  seconds: number;
  secondsPerStep: number;
}

export interface AttentionApi {
  /** Two fresh models for `config` (replacing those held; their checkpoint goes at the first save). */
  create(config: AttentionConfig): Promise<{ totalSteps: number; parameters: Record<Variant, number> }>;
  /** Trains both models until the last step, `maxSteps` more, or `pause`; measures and saves every so often. */
  train(maxSteps: number, onProgress: (p: TrainProgress) => void, onEvaluation: (e: AttentionEvaluation) => void): Promise<TrainSummary>;
  /** The sequence whose attention the measurements include (checked: numbers 0..V-1). */
  setProbe(sequence: number[]): Promise<void>;
  /** Both models on `sequence` now. */
  probe(sequence: number[]): Promise<AttentionProbe>;
  /** How long `config` takes here, timed from a few steps of both models. */
  estimate(config: AttentionConfig): Promise<AttentionEstimate>;
  /** "Train further": `steps` more steps of both, at the settled rate; the new total. */
  extend(steps: number): Promise<number>;
  restore(): Promise<AttentionRestored | undefined>;
  reset(): Promise<void>;
}
